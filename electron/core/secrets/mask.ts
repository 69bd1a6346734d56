/**
 * Masking of the relay's secrets: webhook keys, signature keys, proxy passwords and tokens.
 * Anything that can reach a log line, the history, an export or an error message goes through here.
 */

/** `693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1` → `693a…c2f1`; short secrets become `…`. */
export function maskSecret(secret: string): string {
  if (secret.length === 0) return ''
  if (secret.length < 12) return '…'
  return `${secret.slice(0, 4)}…${secret.slice(-4)}`
}

/**
 * Query parameters that carry credentials, compared without case: robots' keys and signatures,
 * and the usual API ones (Azure Functions' `code`, SAS `sig`, `api_key`, `password`…).
 */
const SECRET_QUERY_PARAMS = new Set([
  'key',
  'access_token',
  'token',
  'sign',
  'secret',
  'api_key',
  'apikey',
  'api-key',
  'x-api-key',
  'code',
  'sig',
  'signature',
  'password',
  'passwd',
  'pwd',
  'pass',
  'auth',
  'client_secret',
  'private_token',
  'refresh_token',
  'id_token',
  'session',
  'sessionid',
  'webhook_secret',
])
const HOOK_TOKEN = /\/bot\/v2\/hook\/([^/]+)/
/**
 * A path segment that is a token (Slack's `/services/T…/B…/<24 chars>`, Discord's
 * `/api/webhooks/<id>/<68 chars>`, most "secret URL" webhooks): 16 or more letters, digits, `-`
 * or `_`, with both letters and digits.
 */
const PATH_TOKEN = /^(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{16,}$/

const secretParam = (name: string) => SECRET_QUERY_PARAMS.has(name.toLowerCase())

/** The path segments of a URL that are tokens (decoded). */
function pathTokens(pathname: string): string[] {
  return pathname
    .split('/')
    .map((seg) => {
      try {
        return decodeURIComponent(seg)
      } catch {
        return seg
      }
    })
    .filter((seg) => PATH_TOKEN.test(seg))
}

/** Masks the key (and any other credential) in a URL, and the password of `user:pass@`. */
export function maskUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // Not a URL: mask anything that looks like a key parameter so that nothing leaks.
    return raw.replace(/(([\w-]+)=)([^&\s]+)/g, (m, p: string, name: string, v: string) =>
      secretParam(name) ? p + maskSecret(v) : m,
    )
  }
  if (url.password) url.password = '…'
  // Feishu/Lark bots carry their token in the path (/open-apis/bot/v2/hook/<token>); other paths with "hook" in them are left alone.
  const hook = HOOK_TOKEN.exec(url.pathname)
  if (hook) url.pathname = url.pathname.replace(hook[1]!, maskSecret(decodeURIComponent(hook[1]!)))
  // Tokens in the path (Slack, Discord and the like).
  url.pathname = url.pathname
    .split('/')
    .map((seg) => {
      let plain = seg
      try {
        plain = decodeURIComponent(seg)
      } catch {
        // kept as it is
      }
      return PATH_TOKEN.test(plain) ? maskSecret(plain) : seg
    })
    .join('/')
  for (const [name, value] of [...url.searchParams])
    if (secretParam(name)) url.searchParams.set(name, maskSecret(value))
  // URLSearchParams percent-encodes the ellipsis; keep it readable.
  return url.toString().replace(/%E2%80%A6/gi, '…')
}

/**
 * A URL without its `user:password@` part: what is kept and shown for a link (the credentials stay
 * in the settings, where they are masked).
 */
export function withoutCredentials(raw: string): string {
  try {
    const url = new URL(raw)
    if (!url.username && !url.password) return raw
    url.username = ''
    url.password = ''
    return url.toString()
  } catch {
    return raw
  }
}

/**
 * Replaces every occurrence of each secret in free text (errmsg, error messages, curl lines).
 * Secrets shorter than 4 characters are skipped: masking them would garble ordinary words.
 */
export function redact(text: string, secrets: Iterable<string | undefined>): string {
  let out = text
  const sorted = [...secrets]
    .filter((s): s is string => !!s && s.length >= 4)
    .sort((a, b) => b.length - a.length)
  for (const secret of sorted) {
    out = out.split(secret).join(maskSecret(secret))
    const encoded = encodeURIComponent(secret)
    if (encoded !== secret) out = out.split(encoded).join(maskSecret(secret))
  }
  return out
}

/** The secrets inside a URL: credential parameters, path tokens and the `user:pass@` password. */
export function secretsOfUrl(raw: string): string[] {
  try {
    const url = new URL(raw)
    const found = [...url.searchParams]
      .filter(([name, value]) => secretParam(name) && !!value)
      .map(([, value]) => value)
    if (url.password) found.push(decodeURIComponent(url.password))
    const hook = HOOK_TOKEN.exec(url.pathname)
    if (hook) found.push(decodeURIComponent(hook[1]!))
    found.push(...pathTokens(url.pathname))
    return found
  } catch {
    return []
  }
}

/** A mobile number as a chat shows a mention of it: `138****1111`; `@all` as `all`. */
export function maskMobile(mobile: string): string {
  return mobile === '@all' ? 'all' : mobile.replace(/^(\+?\d{3})\d+(\d{4})$/, '$1****$2')
}
