import { RE2JS } from 're2js'
import { say, type CoreText } from '../text/core-text'

/**
 * Parsers for the fields a person types into a channel: each returns the normalised value or one
 * sentence that says what is wrong and what to do. The schema, the CLI and the form all use them.
 */

export type FieldResult<T> =
  { ok: true; value: T; warning?: CoreText } | { ok: false; error: CoreText }

export const WECOM_HOST = 'qyapi.weixin.qq.com'

export function parseWebhookUrl(input: string): FieldResult<string> {
  const raw = input.trim()
  if (!raw)
    return {
      ok: false,
      error: say('field.webhookEmpty'),
    }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return {
      ok: false,
      error: say('field.webhookInvalid'),
    }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      error: say('field.webhookScheme', { scheme: `${url.protocol}//` }),
    }
  }
  const key = url.searchParams.get('key')
  if (!key || !key.trim()) {
    return {
      ok: false,
      error: say('field.webhookNoKey'),
    }
  }
  const warning =
    url.hostname !== WECOM_HOST ? say('field.hostNotWecom', { host: url.hostname }) : undefined
  return warning ? { ok: true, value: raw, warning } : { ok: true, value: raw }
}

/** Any http(s) URL: `what` names it in the error (say('phrase.httpUrl')), `example` shows one. */
export function parseHttpUrl(input: string, what: CoreText, example: string): FieldResult<URL> {
  const raw = input.trim()
  if (!raw) return { ok: false, error: say('channel.urlEmpty', { what, example }) }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, error: say('channel.urlInvalid', { what, example }) }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      ok: false,
      error: say('channel.urlScheme', { what, scheme: `${url.protocol}//` }),
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
      error: say('field.notMobile', { item }),
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
      error: say('field.proxyInvalid', { input: input.trim() }),
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      error: say('field.proxyType', { type: url.protocol.slice(0, -1) }),
    }
  }
  if (!url.hostname) return { ok: false, error: say('field.proxyNoHost') }
  if (!url.port)
    return {
      ok: false,
      error: say('field.proxyNoPort', {
        host: url.hostname,
        example: `${url.protocol}//${url.hostname}:port`,
      }),
    }
  if ((url.pathname && url.pathname !== '/') || url.search) {
    return {
      ok: false,
      error: say('field.proxyPath'),
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
      error: say('field.regexUnsupported', { pattern: input, why }),
    }
  }
}

/**
 * What is wrong with a pattern neither engine compiles, said in our words (the engine's own
 * message is English only, and names its internals): the common slips by name, else in general.
 */
function regexMistake(pattern: string, engine: string): CoreText {
  if (/Unterminated group/.test(engine)) return say('field.regexUnclosedGroup', { pattern })
  if (/Unmatched '\)'/.test(engine)) return say('field.regexUnopenedGroup', { pattern })
  if (/Unterminated character class/.test(engine))
    return say('field.regexUnclosedClass', { pattern })
  if (/Nothing to repeat/.test(engine)) return say('field.regexNothingToRepeat', { pattern })
  return say('field.regexInvalid', { pattern })
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
      error: say('field.notMatcher', { input }),
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
