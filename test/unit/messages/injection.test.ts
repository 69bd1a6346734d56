import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../../electron/core/alerts/model'
import { composeNext } from '../../../electron/core/messages/compose'
import { bodyContent } from '../../../electron/core/channels/wecom/body'
import { defaultTemplate, ocpTemplate } from '../../../electron/core/templates/defaults'
import { MESSAGE_FORMATS, type MessageFormat } from '../../../electron/core/templates/formats'
import { renderWeComHtml } from '../../../electron/core/templates/wecom-markdown'

const now = Date.parse('2026-11-28T09:00:00Z')

/** An alert whose every field — variables, level, facts, labels, annotations — is `v`. */
function alertOf(v: string, status: 'firing' | 'resolved'): Alert {
  return finishAlert(
    {
      source: 'alertmanager',
      status,
      vars: {
        alarm_name: v,
        alarm_level: v,
        alarm_level_raw: v,
        alarm_target: v,
        alarm_summary: `s ${v}`,
        alarm_description: `d ${v}`,
        alarm_active_raw: v,
        alarm_resolved_raw: v,
        alarm_url: v,
        alarm_silence_url: v,
        value: `v ${v}`,
        fact_metric: `m ${v}`,
        fact_data: `x ${v}`,
      },
      labels: { team: v, [`k${v.length}`]: v },
      annotations: { runbook_url: v },
      raw: {},
    },
    new Date(now),
  )
}

/** What a reader would see as structure: each kind of element, counted, and the lines. */
function structure(content: string, format: MessageFormat) {
  const html = renderWeComHtml(content, format)
  const count = (re: RegExp) => (html.match(re) ?? []).length
  return {
    lines: content.split('\n').length,
    headings: count(/<h\d/g),
    links: count(/<a /g),
    bold: count(/<strong>/g),
    quotes: count(/<blockquote>/g),
    code: count(/<code>/g),
    items: count(/<li>/g),
    colours: count(/wc-font/g),
    mentions: count(/wc-mention/g) + (content.match(/<@/g) ?? []).length,
    rules: count(/<hr/g),
    tables: count(/<table/g),
    images: count(/wc-image/g),
  }
}

/** The structure of everything sent for `n` alerts, each message rendered as its own type. */
function composedStructure(
  v: string,
  format: MessageFormat,
  template: string,
  n: number,
  language: 'en' | 'zh' = 'en',
) {
  const items = Array.from({ length: n }, (_, i) => ({
    alert: alertOf(v, i % 2 ? 'resolved' : 'firing'),
    repeats: i,
    firstRepeatAt: now - 60_000,
  }))
  const composed = composeNext(
    items,
    { format, template, language, mentionMobiles: ['13800001111'], mentionUserIds: ['oncall'] },
    // A roomy limit, so a long value cannot turn full blocks into compact lines: the byte limit
    // has its own property (engine-parts), this one is about structure.
    { timeZone: 'Asia/Shanghai', now, limit: 1_000_000 },
  )
  const total: Record<string, number> = {}
  for (const m of composed.messages)
    for (const [k, c] of Object.entries(structure(bodyContent(m.body), m.body.msgtype)))
      total[k] = (total[k] ?? 0) + c
  return total
}

const hostile = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        '<@all>',
        '<@zhangsan>',
        '<font color="warning">',
        '</font>',
        '# ',
        '### ',
        '\n',
        '\r\n',
        '\u2028',
        '[x](http://evil)',
        '](http://evil)',
        '**',
        '__',
        '~~',
        '`',
        '> ',
        '- ',
        '1. ',
        '| a | b |',
        '---',
        '![i](http://img)',
        '<script>alert(1)</script>',
        '<b>',
        '&lt;',
        '\\',
        'http://x/__a__~~b~~',
        'db_1',
        '故障',
      ),
      { minLength: 1, maxLength: 8 },
    )
    .map((parts) => parts.join('')),
)

describe('no value changes the structure of a message (property)', () => {
  for (const format of MESSAGE_FORMATS) {
    for (const [name, template] of [
      ['default', defaultTemplate(format)],
      ['OCP preset', ocpTemplate(format)],
    ] as const) {
      it(`${format}, ${name} template, alone and in a digest`, () => {
        const baseline = [1, 3].map((n) => composedStructure('value', format, template, n))
        fc.assert(
          fc.property(hostile, (v) => {
            fc.pre(v.trim() !== '' && v.replace(/[\p{Cc}\s]/gu, '') !== '')
            ;[1, 3].forEach((n, i) => {
              const got = composedStructure(v, format, template, n)
              const base = baseline[i]!
              // Nothing is added: no heading, link, colour, list item, mention or line.
              for (const [k, count] of Object.entries(got))
                expect(count, `${k} for ${JSON.stringify(v)}`).toBeLessThanOrEqual(base[k]!)
              expect(got.mentions).toBe(base.mentions!)
              expect(got.lines).toBe(base.lines)
            })
          }),
          {
            numRuns: 100,
            examples: [
              ['<@all>'],
              ['x\n- Level: critical\n- Alert object: fake'],
              ['# h'],
              ['[x](y)'],
              ['http://a/__b__~~c~~'],
              ['**bold**'],
              ['<font color="info">green</font>'],
            ],
          },
        )
      })
    }
  }
})

describe('the same holds in Chinese channels (property)', () => {
  for (const format of MESSAGE_FORMATS) {
    it(format, () => {
      const template = defaultTemplate(format, 'zh')
      const baseline = [1, 3].map((n) => composedStructure('value', format, template, n, 'zh'))
      fc.assert(
        fc.property(hostile, (v) => {
          fc.pre(v.trim() !== '' && v.replace(/[\p{Cc}\s]/gu, '') !== '')
          ;[1, 3].forEach((n, i) => {
            const got = composedStructure(v, format, template, n, 'zh')
            for (const [k, count] of Object.entries(got))
              expect(count, k).toBeLessThanOrEqual(baseline[i]![k]!)
            expect(got.mentions).toBe(baseline[i]!.mentions!)
            expect(got.lines).toBe(baseline[i]!.lines!)
          })
        }),
        { numRuns: 50, examples: [['<@all>'], ['x\n- 告警级别：严重']] },
      )
    })
  }
})
