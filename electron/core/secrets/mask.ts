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

const SECRET_QUERY_PARAMS = ['key', 'access_token', 'token', 'sign', 'secret']
const HOOK_TOKEN = /\/bot\/v2\/hook\/([^/]+)/

/** Masks the key (and any other credential) in a URL, and the password of `user:pass@`. */
export function maskUrl(raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    // Not a URL: mask anything that looks like a key parameter so that nothing leaks.
    return raw.replace(
      /((?:key|token|access_token|sign|secret)=)([^&\s]+)/gi,
      (_m, p: string, v: string) => p + maskSecret(v),
    )
  }
  if (url.password) url.password = '…'
  // Feishu/Lark bots carry their token in the path (/open-apis/bot/v2/hook/<token>); other paths with "hook" in them are left alone.
  const hook = HOOK_TOKEN.exec(url.pathname)
  if (hook) url.pathname = url.pathname.replace(hook[1]!, maskSecret(decodeURIComponent(hook[1]!)))
  for (const name of SECRET_QUERY_PARAMS) {
    const value = url.searchParams.get(name)
    if (value !== null) url.searchParams.set(name, maskSecret(value))
  }
  // URLSearchParams percent-encodes the ellipsis; keep it readable.
  return url.toString().replace(/%E2%80%A6/gi, '…')
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

/** The secrets inside a webhook URL: the `key` and the proxy-style password, if any. */
export function secretsOfUrl(raw: string): string[] {
  try {
    const url = new URL(raw)
    const found = SECRET_QUERY_PARAMS.map((n) => url.searchParams.get(n)).filter(
      (v): v is string => !!v,
    )
    if (url.password) found.push(decodeURIComponent(url.password))
    const hook = HOOK_TOKEN.exec(url.pathname)
    if (hook) found.push(decodeURIComponent(hook[1]!))
    return found
  } catch {
    return []
  }
}

/** A mobile number as a chat shows a mention of it: `138****1111`; `@all` as `all`. */
export function maskMobile(mobile: string): string {
  return mobile === '@all' ? 'all' : mobile.replace(/^(\+?\d{3})\d+(\d{4})$/, '$1****$2')
}
