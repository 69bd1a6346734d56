/** UTF-8 byte accounting: WeCom's limits (2048 text, 4096 Markdown) are in bytes, not characters. */

export function utf8Length(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3 // lone surrogate: encoded as U+FFFD
    } else bytes += 3
  }
  return bytes
}

/** The longest prefix of `text` that fits in `maxBytes`, cut on a code-point boundary. */
export function utf8Prefix(text: string, maxBytes: number): string {
  if (maxBytes <= 0) return ''
  let bytes = 0
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    let width: number
    let units = 1
    if (c < 0x80) width = 1
    else if (c < 0x800) width = 2
    else if (
      c >= 0xd800 &&
      c <= 0xdbff &&
      i + 1 < text.length &&
      (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
    ) {
      width = 4
      units = 2
    } else width = 3
    if (bytes + width > maxBytes) break
    bytes += width
    i += units
  }
  return text.slice(0, i)
}

export interface Truncated {
  text: string
  truncated: boolean
  /** Bytes of the original that were cut. */
  cutBytes: number
  /** What was cut, for the editor's "what would be cut" view. */
  cut: string
}

/**
 * Fits `text` into `maxBytes` UTF-8 bytes. When it must cut, it cuts on a code-point boundary and
 * appends a visible marker, so the reader knows the message is incomplete.
 */
export function truncateUtf8(text: string, maxBytes: number, marker = '\n…(truncated)'): Truncated {
  const total = utf8Length(text)
  if (total <= maxBytes) return { text, truncated: false, cutBytes: 0, cut: '' }
  const markerBytes = utf8Length(marker)
  const room = Math.max(0, maxBytes - markerBytes)
  const kept = utf8Prefix(text, room)
  const suffix = markerBytes <= maxBytes ? marker : utf8Prefix(marker, maxBytes)
  return {
    text: kept + suffix,
    truncated: true,
    cutBytes: total - utf8Length(kept),
    cut: text.slice(kept.length),
  }
}
