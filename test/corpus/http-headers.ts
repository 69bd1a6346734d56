/**
 * HTTP channel headers that cannot be sent as saved: each must be refused at save with a sentence
 * matching `error`. Values pasted from a terminal or a vault often carry a trailing newline.
 */
export interface HttpHeaderCase {
  name: string
  header: string
  value: string
  error: RegExp
}

const VALUE = /contains a line break or control character/
const NAME = /is not valid: use letters, digits and -/
const RESERVED = /is set by the relay for each request/

export const HTTP_HEADER_CASES: HttpHeaderCase[] = [
  { name: 'a value ending in LF', header: 'Authorization', value: 'Bearer abc\n', error: VALUE },
  {
    name: 'a value ending in CRLF',
    header: 'Authorization',
    value: 'Bearer abc\r\n',
    error: VALUE,
  },
  {
    name: 'a value smuggling a second header',
    header: 'X-Api-Key',
    value: 'k\r\nX-Admin: 1',
    error: VALUE,
  },
  { name: 'a NUL in a value', header: 'X-Api-Key', value: 'k\u0000', error: VALUE },
  { name: 'a DEL in a value', header: 'X-Api-Key', value: 'k\u007f', error: VALUE },
  { name: 'a name with a space', header: 'X Api Key', value: 'k', error: NAME },
  { name: 'a name with a colon', header: 'X-Api-Key:', value: 'k', error: NAME },
  { name: 'an empty name', header: '', value: 'k', error: NAME },
  { name: 'a name with a line break', header: 'X-A\nB', value: 'k', error: NAME },
  { name: 'Host', header: 'Host', value: 'evil.example.com', error: RESERVED },
  { name: 'Content-Length', header: 'content-length', value: '0', error: RESERVED },
  { name: 'Transfer-Encoding', header: 'Transfer-Encoding', value: 'chunked', error: RESERVED },
  { name: 'Connection', header: 'Connection', value: 'close', error: RESERVED },
]
