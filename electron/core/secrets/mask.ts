/**
 * Masking of the relay's secrets: webhook keys, signature keys, proxy passwords and tokens.
 * Anything that can reach a log line, the history, an export or an error message goes through here.
 *
 * A channel type says where its own URL keeps its secret (`urlSecrets` in `channels/<type>/facts.ts`,
 * read through `maskChannelUrl` in the catalog); what is here knows no platform: secret-looking
 * query parameters, token-like path segments, the token of a `/bot/v2/hook/` path and
 * `user:pass@`, so a process or a log line that never loads the catalog still masks.
 */

/** A type's own reading of its URL: the secrets in it, decoded, beyond the generic ones. */
export type UrlSecretsOf = (url: URL) => ReadonlyArray<string | null | undefined>

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
/**
 * The token of a `/bot/v2/hook/<token>` path (Feishu/Lark's shape, which gateways keep), however
 * short: where the channel's type is not known (a log line), a short token cannot be told from an
 * ordinary word (`/hook/alerts` stays as it is), so this one path shape stays in the fallback.
 */
const HOOK_PATH = ['bot', 'v2', 'hook']
/**
 * A path segment that is a token (Slack's `/services/T…/B…/<24 chars>`, Discord's
 * `/api/webhooks/<id>/<68 chars>`, most "secret URL" webhooks): 16 or more letters, digits, `-`
 * or `_`, with both letters and digits.
 */
const PATH_TOKEN = /^(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[\w-]{16,}$/

const secretParam = (name: string) => SECRET_QUERY_PARAMS.has(name.toLowerCase())

const decoded = (seg: string): string => {
  try {
    return decodeURIComponent(seg)
  } catch {
    return seg
  }
}

/** The path segments of a URL that are secrets (decoded): token-like, or a hook path's token. */
function pathTokens(pathname: string): string[] {
  const segs = pathname.split('/').map(decoded)
  return segs.filter((_, i) => secretSegment(segs, i))
}

/** Whether the decoded segment `i` is a secret: token-like, or a hook path's token. */
const secretSegment = (segs: readonly string[], i: number) =>
  !!segs[i] && (PATH_TOKEN.test(segs[i]) || afterHook(segs, i))

const afterHook = (segs: readonly string[], i: number) =>
  i >= HOOK_PATH.length && HOOK_PATH.every((p, k) => segs[i - HOOK_PATH.length + k] === p)

/** What the type says is secret in its URL (nothing when it says nothing or cannot read it). */
function ownSecrets(url: URL, own: UrlSecretsOf | undefined): Set<string> {
  try {
    return new Set((own?.(url) ?? []).filter((s): s is string => !!s))
  } catch {
    return new Set()
  }
}

/** Masks the key (and any other credential) in a URL, and the password of `user:pass@`. */
export function maskUrl(raw: string): string {
  return maskUrlWith(raw, undefined)
}

/**
 * `maskUrl`, plus what the channel's type knows is secret in its URL (`own`: a short hook token,
 * its key parameter).
 */
export function maskUrlWith(raw: string, own: UrlSecretsOf | undefined): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // Not a URL: mask anything that looks like a key parameter so that nothing leaks.
    return raw.replace(/(([\w-]+)=)([^&\s]+)/g, (m, p: string, name: string, v: string) =>
      secretParam(name) ? p + maskSecret(v) : m,
    )
  }
  const typed = ownSecrets(url, own)
  if (url.password) url.password = '…'
  // Tokens in the path (Slack, Discord, Feishu/Lark's hook and the like).
  const segs = url.pathname.split('/')
  const plain = segs.map(decoded)
  url.pathname = segs
    .map((seg, i) => {
      const p = plain[i]!
      return secretSegment(plain, i) || (p && typed.has(p)) ? maskSecret(p) : seg
    })
    .join('/')
  for (const [name, value] of [...url.searchParams])
    if (secretParam(name) || typed.has(value)) url.searchParams.set(name, maskSecret(value))
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
  return secretsOfUrlWith(raw, undefined)
}

/** `secretsOfUrl`, plus what the channel's type knows is secret in its URL (`own`). */
export function secretsOfUrlWith(raw: string, own: UrlSecretsOf | undefined): string[] {
  try {
    const url = new URL(raw)
    const found = [...url.searchParams]
      .filter(([name, value]) => secretParam(name) && !!value)
      .map(([, value]) => value)
    if (url.password) found.push(decodeURIComponent(url.password))
    found.push(...pathTokens(url.pathname), ...ownSecrets(url, own))
    return [...new Set(found)]
  } catch {
    return []
  }
}

/** A mobile number as a chat shows a mention of it: `138****1111`; `@all` as `all`. */
export function maskMobile(mobile: string): string {
  return mobile === '@all' ? 'all' : mobile.replace(/^(\+?\d{3})\d+(\d{4})$/, '$1****$2')
}
