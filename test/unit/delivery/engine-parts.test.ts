import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../../electron/core/alerts/model'
import { Aggregator, aggregationKey } from '../../../electron/core/delivery/aggregator'
import { backoffMs } from '../../../electron/core/delivery/backoff'
import { buildNext } from '../../../electron/core/messages/digest'
import { SlidingWindowLimiter } from '../../../electron/core/delivery/limiter'
import { utf8Length } from '../../../electron/core/templates/bytes'
import { DEFAULT_MARKDOWN_EN, ALERT_TEXT_EN } from '../../../electron/core/templates/defaults'
import { FORMAT_BYTE_LIMITS } from '../../../electron/core/templates/formats'

const mk = (
  i: number,
  extra: Record<string, string> = {},
  status: 'firing' | 'resolved' = 'firing',
): Alert =>
  finishAlert({
    source: 'generic',
    status,
    vars: {
      alarm_name: `Alert-${i}`,
      alarm_level: ['critical', 'warning', 'info'][i % 3]!,
      alarm_target: `host-${i}`,
      alarm_summary: `summary ${i}`,
      ...extra,
    },
    labels: {},
    annotations: {},
    raw: {},
  })

describe('SlidingWindowLimiter', () => {
  it('never allows more than the limit in any window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { maxLength: 200 }), (offsets) => {
        const l = new SlidingWindowLimiter(20, 1000)
        const sent: number[] = []
        for (const t of offsets.sort((a, b) => a - b)) {
          if (l.available(t) > 0) {
            l.record(t)
            sent.push(t)
          }
        }
        for (const t of sent)
          expect(sent.filter((s) => s > t - 1000 && s <= t).length).toBeLessThanOrEqual(20)
      }),
    )
  })
  it('says when the next slot frees, and remembers times across a restart', () => {
    const l = new SlidingWindowLimiter(2, 60_000)
    l.record(1000)
    l.record(2000)
    expect(l.available(3000)).toBe(0)
    expect(l.nextFree(3000)).toBe(61_001)
    expect(new SlidingWindowLimiter(2, 60_000, l.times()).available(30_000)).toBe(0)
    expect(l.available(62_001)).toBe(2)
  })
})

describe('Aggregator', () => {
  it('folds repeats within the window and reports them with the next send after it', () => {
    const a = new Aggregator(() => 600_000)
    const key = aggregationKey(mk(1))
    expect(a.decide(key, 0)).toEqual({ action: 'send', repeats: 0, firstRepeatAt: undefined })
    a.sent(key, 0)
    expect(a.decide(key, 60_000)).toEqual({ action: 'fold', sentAt: 0 })
    expect(a.decide(key, 120_000).action).toBe('fold')
    expect(a.decide(key, 600_001)).toEqual({ action: 'send', repeats: 2, firstRepeatAt: 60_000 })
  })
  it('treats the resolved state as a different alert', () => {
    expect(aggregationKey(mk(1))).not.toBe(aggregationKey(mk(1, {}, 'resolved')))
  })
})

describe('backoff', () => {
  it('grows exponentially with jitter and is capped', () => {
    expect(backoffMs(1, () => 1)).toBe(2000)
    expect(backoffMs(3, () => 1)).toBe(8000)
    expect(backoffMs(3, () => 0)).toBe(4000)
    expect(backoffMs(30, () => 1)).toBe(300_000)
  })
})

describe('buildNext (digests)', () => {
  it('sends a lone alert with its full template', () => {
    const m = buildNext([{ alert: mk(1), repeats: 0 }], DEFAULT_MARKDOWN_EN, 'markdown', 4096)
    expect(m).toMatchObject({ kind: 'alone', count: 1 })
    // A generic alert on a channel with a built-in template gets the neutral default, not "OCP".
    expect(m.content).toContain('### 🔥 FIRING Alert-1')
  })

  it('merges a small backlog with full templates under a header with counts by level', () => {
    const m = buildNext(
      [0, 1, 2].map((i) => ({ alert: mk(i), repeats: 0 })),
      DEFAULT_MARKDOWN_EN,
      'markdown',
      4096,
    )
    expect(m).toMatchObject({ kind: 'digest', count: 3 })
    expect(m.content.split('\n')[0]).toBe(
      '### <font color="warning">3 alerts: 1 Critical, 1 Warning, 1 Info</font>',
    )
    for (const i of [0, 1, 2]) expect(m.content).toContain(`### 🔥 FIRING Alert-${i}`)
  })

  it('writes the header with Chinese punctuation on a Chinese channel', () => {
    const m = buildNext(
      [0, 1, 2].map((i) => ({ alert: mk(i), repeats: 0 })),
      DEFAULT_MARKDOWN_EN,
      'markdown',
      4096,
      { language: 'zh' },
    )
    expect(m.content.split('\n')[0]).toBe(
      '### <font color="warning">3 条告警：1 严重，1 警告，1 提醒</font>',
    )
  })

  it('packs a storm backlog as compact lines only: the most alerts per message', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ alert: mk(i), repeats: 0 }))
    const m = buildNext(items, DEFAULT_MARKDOWN_EN, 'markdown', 4096)
    expect(m.kind).toBe('digest')
    expect(m.count).toBeGreaterThan(40)
    expect(m.content).not.toContain('### 🔥 FIRING')
    expect(m.content).toMatch(/^- \[\w+\] Alert-0 · host-0 · summary 0$/m)
  })

  it('shows repeat counts and marks resolved alerts', () => {
    const m = buildNext(
      [{ alert: mk(1), repeats: 6, firstRepeatAt: Date.parse('2026-11-27T10:02:00') }],
      DEFAULT_MARKDOWN_EN,
      'markdown',
      4096,
    )
    expect(m.content).toContain('<font color="comment">Repeated 6 times since 10:02</font>')
    expect(
      buildNext([{ alert: mk(1, {}, 'resolved'), repeats: 0 }], ALERT_TEXT_EN, 'text', 2048)
        .content,
    ).toMatch(/^✅ RESOLVED Alert-1\n/)
  })

  it('never exceeds the limit, keeps order, drops nothing and splits only at alert boundaries (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            summary: fc.string({ unit: 'grapheme', maxLength: 400 }),
            repeats: fc.nat(20),
          }),
          { minLength: 1, maxLength: 60 },
        ),
        fc.constantFrom('text' as const, 'markdown' as const, 'markdown_v2' as const),
        (specs, format) => {
          let queue = specs.map((s, i) => ({
            alert: mk(i, {
              alarm_summary: s.summary,
              alarm_name: `N${String(i).padStart(3, '0')}`,
            }),
            repeats: s.repeats,
          }))
          const limit = FORMAT_BYTE_LIMITS[format]
          const seen: string[] = []
          while (queue.length) {
            const m = buildNext(
              queue,
              format === 'text' ? ALERT_TEXT_EN : DEFAULT_MARKDOWN_EN,
              format,
              limit,
            )
            expect(utf8Length(m.content)).toBeLessThanOrEqual(limit)
            expect(m.count).toBeGreaterThanOrEqual(1)
            for (const item of queue.slice(0, m.count)) {
              if (!m.truncated) expect(m.content).toContain(item.alert.vars.alarm_name)
              seen.push(item.alert.vars.alarm_name!)
            }
            queue = queue.slice(m.count)
          }
          expect(seen).toEqual(specs.map((_, i) => `N${String(i).padStart(3, '0')}`))
        },
      ),
      { numRuns: 150 },
    )
  })
})
