import { describe, expect, it } from 'vitest'
import { escapeValue } from '../../../electron/core/templates/escape'

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
