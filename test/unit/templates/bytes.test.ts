import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { truncateUtf8, utf8Length, utf8Prefix } from '../../../electron/core/templates/bytes'

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

// Strings rich in multi-byte code points: ASCII, CJK (3 bytes), emoji (4 bytes, surrogate pairs).
const richText = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', ' ', '\n', '#', '告', '警', '严', '重', '😀', '🚨', '👩‍💻', 'é'),
      fc.string({ unit: 'grapheme' }),
    ),
    { maxLength: 400 },
  )
  .map((parts) => parts.join(''))

describe('utf8Length', () => {
  it('counts bytes exactly as TextEncoder does', () => {
    fc.assert(fc.property(richText, (s) => utf8Length(s) === encoder.encode(s).length))
  })
})

describe('truncateUtf8', () => {
  it('never exceeds the limit and never splits a code point', () => {
    fc.assert(
      fc.property(richText, fc.integer({ min: 0, max: 600 }), (s, limit) => {
        const { text } = truncateUtf8(s, limit)
        const bytes = encoder.encode(text)
        expect(bytes.length).toBeLessThanOrEqual(limit)
        // A split code point would leave a lone surrogate, which cannot round-trip through UTF-8.
        expect(decoder.decode(bytes)).toBe(text)
      }),
    )
  })

  it('keeps text that fits untouched and marks text that was cut', () => {
    fc.assert(
      fc.property(richText, fc.integer({ min: 20, max: 600 }), (s, limit) => {
        const r = truncateUtf8(s, limit)
        if (utf8Length(s) <= limit)
          expect(r).toEqual({ text: s, truncated: false, cutBytes: 0, cut: '' })
        else {
          expect(r.truncated).toBe(true)
          expect(r.text.endsWith('…(truncated)')).toBe(true)
          expect(s.startsWith(r.text.slice(0, -'\n…(truncated)'.length))).toBe(true)
          expect(r.cut.length).toBeGreaterThan(0)
        }
      }),
    )
  })

  it('cuts a CJK message at 4096 bytes on a character boundary', () => {
    const alert = '磁盘空间不足'.repeat(300) // 5,400 bytes
    const r = truncateUtf8(alert, 4096)
    expect(utf8Length(r.text)).toBeLessThanOrEqual(4096)
    expect(utf8Length(r.text)).toBeGreaterThan(4096 - 3 - utf8Length('\n…(truncated)'))
  })

  it('does not split an emoji surrogate pair', () => {
    expect(utf8Prefix('ab😀', 5)).toBe('ab')
    expect(utf8Prefix('ab😀', 6)).toBe('ab😀')
  })
})
