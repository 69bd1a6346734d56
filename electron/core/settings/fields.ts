import { RE2JS } from 're2js'

/**
 * Parsers for the fields a person types into a channel: each returns the normalised value or one
 * sentence that says what is wrong and what to do. The schema, the CLI and the form all use them.
 */

export type FieldResult<T> = { ok: true; value: T; warning?: string } | { ok: false; error: string }

export const WECOM_HOST = 'qyapi.weixin.qq.com'

export function parseWebhookUrl(input: string): FieldResult<string> {
  const raw = input.trim()
  if (!raw)
    return {
      ok: false,
      error: 'The webhook URL is empty: paste the robot URL from the group settings in WeCom.',
    }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return {
      ok: false,
      error:
        'The webhook URL is not a valid URL: it should look like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      error: `The webhook URL must start with https:// or http://, not ${url.protocol}//.`,
    }
  }
  const key = url.searchParams.get('key')
  if (!key || !key.trim()) {
    return {
      ok: false,
      error:
        'The webhook URL has no key parameter: copy the full URL, including ?key=…, from the robot settings.',
    }
  }
  const warning =
    url.hostname !== WECOM_HOST
      ? `The host is ${url.hostname}, not ${WECOM_HOST}: fine for a gateway or the simulator, but check it if you meant a real WeCom robot.`
      : undefined
  return warning ? { ok: true, value: raw, warning } : { ok: true, value: raw }
}

/** Any http(s) URL: `what` names it in the error ("HTTP channel URL"), `example` shows one. */
export function parseHttpUrl(input: string, what: string, example: string): FieldResult<URL> {
  const raw = input.trim()
  if (!raw) return { ok: false, error: `The ${what} is empty: paste it, for example ${example}` }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, error: `The ${what} is not a valid URL: it should look like ${example}` }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      ok: false,
      error: `The ${what} must start with https:// or http://, not ${url.protocol}//.`,
    }
  return { ok: true, value: url }
}

/** Separators people actually type: commas (ASCII and full-width), 、, semicolons, spaces, newlines. */
const MOBILE_SEPARATORS = /[,，、;；\s]+/

export function parseMobiles(input: string | readonly string[]): FieldResult<string[]> {
  const items = (
    typeof input === 'string'
      ? input.split(MOBILE_SEPARATORS)
      : input.flatMap((s) => s.split(MOBILE_SEPARATORS))
  )
    .map((s) => s.trim())
    .filter(Boolean)
  const out: string[] = []
  for (const item of items) {
    const compact = item.replace(/[-()（）]/g, '')
    if (compact.toLowerCase() === '@all') {
      if (!out.includes('@all')) out.push('@all')
      continue
    }
    if (/^1\d{10}$/.test(compact) || /^\+\d{6,15}$/.test(compact)) {
      if (!out.includes(compact)) out.push(compact)
      continue
    }
    return {
      ok: false,
      error: `"${item}" is not a mobile number: enter 11-digit mobiles (or +country code and digits) or @all, separated by commas.`,
    }
  }
  return { ok: true, value: out }
}

/**
 * Accepts `http://host:port`, `https://host:port`, `http://user:pass@host:port` and OCP's legacy
 * `http:host:port` (before 4.2.0); returns the normalised `scheme://[user:pass@]host:port`.
 */
export function parseProxy(input: string): FieldResult<string> {
  let raw = input.trim()
  if (!raw) return { ok: true, value: '' }
  const legacy = /^(https?):(?!\/\/)(.+)$/i.exec(raw)
  if (legacy) raw = `${legacy[1]}://${legacy[2]}`
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) raw = `http://${raw}`
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return {
      ok: false,
      error: `"${input.trim()}" is not a proxy address: write it as http://host:port.`,
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      error: `Proxies of type ${url.protocol.slice(0, -1)} are not supported: use an http:// or https:// proxy.`,
    }
  }
  if (!url.hostname)
    return { ok: false, error: 'The proxy has no host: write it as http://host:port.' }
  if (!url.port)
    return {
      ok: false,
      error: `The proxy ${url.hostname} has no port: write it as ${url.protocol}//${url.hostname}:port.`,
    }
  if ((url.pathname && url.pathname !== '/') || url.search) {
    return {
      ok: false,
      error: 'A proxy address is only scheme, host and port: remove the path after the port.',
    }
  }
  const auth = url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''
  return { ok: true, value: `${url.protocol}//${auth}${url.host}` }
}

/**
 * A regular expression typed by a person: compiled now, with RE2 (the linear-time engine the
 * relay matches with), so that a bad one fails at save time. Backtracking-only syntax
 * (lookarounds, back-references) is refused: it is what lets one pattern freeze a process.
 */
export function parseRegex(input: string): FieldResult<string> {
  try {
    RE2JS.compile(input)
    return { ok: true, value: input }
  } catch (err) {
    try {
      new RegExp(input)
    } catch (jsErr) {
      return { ok: false, error: regexMistake(input, (jsErr as Error).message) }
    }
    const why = (err as Error).message.replace(/^error parsing regexp: /, '')
    return {
      ok: false,
      error: `The regular expression "${input}" cannot be used (${why}): lookarounds and back-references are not supported, so rewrite it without them or use an exact match.`,
    }
  }
}

/**
 * What is wrong with a pattern neither engine compiles, said in our words (the engine's own
 * message is English only, and names its internals): the common slips by name, else in general.
 */
function regexMistake(pattern: string, engine: string): string {
  if (/Unterminated group/.test(engine))
    return `The regular expression "${pattern}" opens a "(" it never closes: add the ")", or write \\( for a bracket meant literally.`
  if (/Unmatched '\)'/.test(engine))
    return `The regular expression "${pattern}" closes a ")" it never opened: add the "(", or write \\) for a bracket meant literally.`
  if (/Unterminated character class/.test(engine))
    return `The regular expression "${pattern}" opens a "[" it never closes: add the "]", or write \\[ for a bracket meant literally.`
  if (/Nothing to repeat/.test(engine))
    return `The regular expression "${pattern}" has a *, + or ? with nothing before it to repeat: put it after a character, or write \\* for one meant literally.`
  return `The regular expression "${pattern}" is not valid: check its brackets, quantifiers and backslashes, and write \\ before a character meant literally.`
}

export type MatchOp = '=' | '!=' | '=~' | '!~'
export interface Matcher {
  name: string
  op: MatchOp
  value: string
}

/** Alertmanager-style matcher: `alarm_level=critical`, `labels.team!=db`, `alarm_name=~"Disk.*"`. */
export function parseMatcher(input: string): FieldResult<Matcher> {
  const m = /^\s*([A-Za-z_][\w.-]*)\s*(=~|!~|!=|=)\s*(.*?)\s*$/.exec(input)
  if (!m)
    return {
      ok: false,
      error: `"${input}" is not a matcher: write name=value, name!=value, name=~regex or name!~regex.`,
    }
  let value = m[3]!
  if (/^".*"$/.test(value)) value = value.slice(1, -1)
  const op = m[2] as MatchOp
  if (op === '=~' || op === '!~') {
    const r = parseRegex(value)
    if (!r.ok) return r
  }
  return { ok: true, value: { name: m[1]!, op, value } }
}

/** A matcher written back as text that `parseMatcher` reads to the same matcher (value quoted). */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}"${m.value}"`
}
