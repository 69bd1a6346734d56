import { say, type CoreText } from '../text/core-text'

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
export function headerProblem(name: string, value: string): CoreText | undefined {
  if (!TOKEN.test(name)) return say('header.badName', { name: printable(name) })
  if (RESERVED_HEADERS.has(name.toLowerCase())) return say('header.reserved', { name })
  if (BAD_VALUE.test(value)) return say('header.badValue', { name })
  return undefined
}

/** The first problem of a set of headers, if any. */
export function headersProblem(headers: Record<string, string>): CoreText | undefined {
  for (const [name, value] of Object.entries(headers)) {
    const p = headerProblem(name, value)
    if (p) return p
  }
  return undefined
}

const printable = (s: string) =>
  // eslint-disable-next-line no-control-regex
  s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
