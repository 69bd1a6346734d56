import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeValue, neutralise } from '../../../electron/core/templates/escape'

describe('values are neutralised with look-alikes, never with an escape a phone would show', () => {
  it.each([
    ['[故障] disk full', 'markdown', '[故障] disk full'],
    ['db_1 on host_a', 'markdown', 'db_1 on host_a'],
    ['instance-name-****', 'markdown', 'instance-name-∗∗∗∗'],
    ['<no value>', 'markdown', '＜no value>'],
    ['<no value>', 'text', '<no value>'],
    ['ping <@all> now', 'text', 'ping ＜@all> now'],
    ['<font color="info">ok</font>', 'markdown', '＜font color="info">ok＜/font>'],
    ['# not a heading', 'markdown', '＃ not a heading'],
    ['> not a quote', 'markdown', '＞ not a quote'],
    ['line one\nline two\r\nthree', 'text', 'line one / line two / three'],
    ['see [x](http://evil)', 'markdown', 'see [x]（http://evil)'],
    ['x](http://evil/', 'markdown', 'x］(http://evil/'],
    ['__bold__ and ~~strike~~', 'markdown', '＿＿bold＿＿ and ∼∼strike∼∼'],
    ['- item', 'markdown_v2', '‐ item'],
    ['a | b', 'markdown_v2', 'a ∣ b'],
    ['_italic_ but snake_case', 'markdown_v2', '＿italic＿ but snake_case'],
    [
      'http://grafana/d/x?m=__a__&q=(1)',
      'markdown',
      'http://grafana/d/x?m=%5F%5Fa%5F%5F&q=%281%29',
    ],
    ['http://grafana/d/x?q=(1)', 'text', 'http://grafana/d/x?q=(1)'],
  ] as const)('%j in %s → %j', (value, format, expected) => {
    const out = escapeValue(value, format)
    expect(out).toBe(expected)
    expect(out).not.toMatch(/\\|&lt;|&gt;|&amp;/)
  })
})

describe('the quick path for plain values', () => {
  const special = fc.constantFrom(
    ...'\n\r\u2028\u2029\u0085\u000b\u000c\u0000\u001f\u007f<>@[]()*`~_#|-+.!/: 1aZ好'.split(''),
  )
  const values = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: special, maxLength: 12 }),
    fc.string({
      unit: fc.oneof(special, fc.constantFrom('a', 'db-1', 'http://', 'https://x.io/a')),
      maxLength: 8,
    }),
  )
  it('leaves exactly the values the full rules would leave, in every format', () => {
    fc.assert(
      fc.property(values, fc.constantFrom('text', 'markdown', 'markdown_v2' as const), (v, f) => {
        expect(escapeValue(v, f)).toBe(neutralise(v, f))
      }),
      { numRuns: 5000 },
    )
  })
  it('returns a plain value untouched (a host name, a number, Chinese text)', () => {
    for (const v of ['db-1', '42', '磁盘使用率过高', 'CPU usage 93%'])
      expect(escapeValue(v, 'markdown')).toBe(v)
  })
})
