/**
 * What an HTTP channel's headers may hold. A value with CR, LF or NUL cannot be sent (undici
 * refuses it, and a refused request used to leave a dead connection in the pool), a name must be
 * an RFC 9110 token, and the headers that frame the request (Host, Content-Length,
 * Transfer-Encoding, Connection…) are the relay's to set: the settings refuse them with a sentence.
 */

/** RFC 9110 §5.6.2 token. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/

/** Framing and hop-by-hop headers: set by the HTTP client, never by a channel. */
export const RESERVED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'expect',
  'te',
  'trailer',
  'proxy-connection',
])

/** Control characters a header value cannot carry (tab is allowed, as RFC 9110 says). */
// eslint-disable-next-line no-control-regex
const BAD_VALUE = /[\u0000-\u0008\u000a-\u001f\u007f]/

/** Why the header cannot be sent, in one sentence; undefined when it can. */
export function headerProblem(name: string, value: string): string | undefined {
  if (!TOKEN.test(name))
    return `The header name "${printable(name)}" is not valid: use letters, digits and - only (no spaces or colons), such as X-Api-Key.`
  if (RESERVED_HEADERS.has(name.toLowerCase()))
    return `The header "${name}" is set by the relay for each request: remove it from the channel's headers.`
  if (BAD_VALUE.test(value))
    return `The value of header "${name}" contains a line break or control character: paste it again without the trailing newline.`
  return undefined
}

/** The first problem of a set of headers, if any. */
export function headersProblem(headers: Record<string, string>): string | undefined {
  for (const [name, value] of Object.entries(headers)) {
    const p = headerProblem(name, value)
    if (p) return p
  }
  return undefined
}

const printable = (s: string) =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
