import { truncateUtf8 } from '../templates/bytes'

/**
 * Builds a request body whose JSON stays within `limit` bytes by cutting the content (on a
 * code-point boundary, with a visible marker). JSON escaping can double the content (quotes,
 * backslashes, newlines) or worse (control characters), so the cut is found by a binary search on
 * the serialised size rather than computed from the raw one.
 */
export function fitJsonBody<T>(
  build: (content: string) => T,
  content: string,
  limit: number,
): { body: T; bytes: number; truncated: boolean } {
  const size = (b: T) => Buffer.byteLength(JSON.stringify(b))
  const whole = build(content)
  const wholeBytes = size(whole)
  if (wholeBytes <= limit) return { body: whole, bytes: wholeBytes, truncated: false }
  let lo = 0
  let hi = Buffer.byteLength(content)
  let best = build(truncateUtf8(content, 0).text)
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    const body = build(truncateUtf8(content, mid).text)
    if (size(body) <= limit) {
      best = body
      lo = mid
    } else hi = mid - 1
  }
  return { body: best, bytes: size(best), truncated: true }
}
