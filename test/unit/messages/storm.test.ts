import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { foldTargets, groupStorm, StormPicture } from '../../../electron/core/messages/storm-groups'
import { stormSummary } from '../../../electron/core/messages/storm-message'
import { utf8Length } from '../../../electron/core/templates/bytes'
import { realPayloads } from '../../fixtures/real/load'

/** Alerts from the real fixtures, in order: the inputs storms are built from. */
const REAL: Alert[] = realPayloads().flatMap((p) => {
  try {
    return parseAlerts(p.body, undefined, { itemsPath: '', fields: {} }).map((d) => finishAlert(d))
  } catch {
    return []
  }
})

/** A storm of `n` alerts drawn from the real ones, each on target `<prefix>-<k>`. */
function storm(picks: Array<{ i: number; k: number; resolved: boolean }>): Alert[] {
  return picks.map(({ i, k, resolved }, n) => {
    const a = REAL[i % REAL.length]!
    return {
      ...a,
      id: `${a.id}-${n}`,
      status: resolved ? 'resolved' : 'firing',
      vars: { ...a.vars, alarm_target: `node-${k}` },
    }
  })
}

const picks = fc.array(fc.record({ i: fc.nat(200), k: fc.nat(60), resolved: fc.boolean() }), {
  minLength: 1,
  maxLength: 400,
})

const countsOf = (content: string) => {
  const lines = [...content.matchAll(/ ×(\d+)[ （]/g)].reduce((n, m) => n + Number(m[1]), 0)
  const rest = /(?:\+\d+ more groups? \((\d+) alerts?\)|另有 \d+ 组（(\d+) 条告警）)/.exec(content)
  return lines + Number(rest?.[1] ?? rest?.[2] ?? 0)
}

describe('storm grouping', () => {
  it('the real fixtures give storms to build from', () => {
    expect(REAL.length).toBeGreaterThan(30)
  })

  it('counts always add up: every alert in exactly one group, firing + resolved = count', () => {
    fc.assert(
      fc.property(picks, fc.constantFrom('', 'severity', 'job', 'namespace'), (p, label) => {
        const alerts = storm(p)
        const groups = groupStorm(alerts, label)
        expect(groups.reduce((n, g) => n + g.count, 0)).toBe(alerts.length)
        for (const g of groups) expect(g.firing + g.resolved).toBe(g.count)
        expect(new Set(groups.map((g) => g.name)).size).toBe(groups.length)
      }),
    )
  })

  it('a picture kept alert by alert reads as the storm regrouped whole: a resolution takes the place of the alert it resolves, a summary composed again counts nothing twice', () => {
    fc.assert(
      fc.property(
        picks,
        fc.array(fc.nat(399), { maxLength: 100 }),
        fc.constantFrom('', 'severity', 'job', 'namespace'),
        (p, again, label) => {
          // Alert `k` is the same alert each time it comes (its target too); it may come back
          // resolved, or firing at another level, or be set again as a retried summary does.
          const alerts = storm(p).map((a, n) => ({
            ...a,
            vars: { ...a.vars, alarm_target: `node-${p[n]!.k}` },
          }))
          const keyOf = (n: number) => `alert-${p[n]!.k}`
          const picture = new StormPicture(label)
          const whole = new Map<string, Alert>()
          alerts.forEach((a, n) => {
            picture.set(keyOf(n), a)
            whole.set(keyOf(n), a)
          })
          for (const n of again.filter((x) => x < alerts.length))
            picture.set(keyOf(n), whole.get(keyOf(n))!)
          const waiting = [{ alert: alerts[0]!, count: 7, targets: ['node-1', 'db-9'] }]
          expect(picture.size).toBe(whole.size)
          expect(picture.groups(waiting)).toEqual(groupStorm(whole.values(), label, waiting))
          const summary = { format: 'markdown' as const, limit: 4096, details: 'follow' as const }
          expect(stormSummary({ ...summary, picture, waiting }).content).toBe(
            stormSummary({ ...summary, alerts: [...whole.values()], groupBy: label, waiting })
              .content,
          )
        },
      ),
    )
  })

  it('the summary names or counts every alert within the byte limit, whatever the limit', () => {
    fc.assert(
      fc.property(
        picks,
        fc.constantFrom('text', 'markdown', 'markdown_v2') as fc.Arbitrary<
          'text' | 'markdown' | 'markdown_v2'
        >,
        fc.integer({ min: 700, max: 20_000 }),
        fc.constantFrom('en', 'zh') as fc.Arbitrary<'en' | 'zh'>,
        (p, format, limit, language) => {
          const alerts = storm(p)
          const s = stormSummary({ alerts, format, limit, language, details: 'follow' })
          expect(s.accounted).toBe(alerts.length)
          expect(utf8Length(s.content)).toBeLessThanOrEqual(limit)
          expect(countsOf(s.content)).toBe(alerts.length)
        },
      ),
    )
  })

  it('names and targets of any length: one line never crowds out the count of the rest', () => {
    const base = REAL[0]!
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 3000 }), fc.string({ maxLength: 3000 })), {
          minLength: 1,
          maxLength: 60,
        }),
        (pairs) => {
          const alerts = pairs.map(([name, target]) => ({
            ...base,
            vars: { ...base.vars, alarm_name: name, alarm_target: target },
          }))
          const s = stormSummary({ alerts, format: 'markdown', limit: 4096, details: 'held' })
          expect(utf8Length(s.content)).toBeLessThanOrEqual(4096)
          expect(countsOf(s.content)).toBe(alerts.length)
        },
      ),
      { numRuns: 50 },
    )
  })

  it('most severe first; resolved alerts fold into the line of their name', () => {
    const base = REAL.find((a) => a.vars.alarm_name)!
    const mk = (name: string, level: string, status: 'firing' | 'resolved', target: string) => ({
      ...base,
      status,
      vars: { ...base.vars, alarm_name: name, alarm_level: level, alarm_target: target },
    })
    const groups = groupStorm([
      mk('DiskFull', 'warning', 'firing', 'db-1'),
      mk('NodeDown', 'critical', 'firing', 'web-1'),
      mk('DiskFull', 'warning', 'resolved', 'db-2'),
      mk('NodeDown', 'critical', 'resolved', 'web-2'),
    ])
    expect(groups.map((g) => [g.name, g.level, g.count, g.firing, g.resolved])).toEqual([
      ['NodeDown', 'critical', 2, 1, 1],
      ['DiskFull', 'warning', 2, 1, 1],
    ])
  })
})

describe('target folding', () => {
  it('folds numeric runs and common prefixes, then counts the rest', () => {
    const dbs = Array.from({ length: 40 }, (_, i) => `db-${i + 1}`)
    expect(foldTargets(dbs)).toEqual({ items: ['db-1…db-40'], hidden: 0 })
    expect(foldTargets(['node-3:9100', 'node-1:9100', 'node-2:9100'])).toEqual({
      items: ['node-1:9100…node-3:9100'],
      hidden: 0,
    })
    expect(
      foldTargets(['db-1', 'db-2', 'db-5', 'db-6', 'db-7', 'cache', 'web-01', 'web-02'], 3),
    ).toEqual({ items: ['db-1', 'db-2', 'db-5…db-7'], hidden: 3 })
    expect(foldTargets(['web-01', 'web-02', 'web-03'])).toEqual({
      items: ['web-01…web-03'],
      hidden: 0,
    })
  })

  it('shown plus hidden is always every distinct target', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(
          fc.oneof(
            fc.nat(80).map((n) => `db-${n}`),
            fc.nat(9).map((n) => `10.0.0.${n}:9100`),
            fc.string({ minLength: 1, maxLength: 6 }),
          ),
          { maxLength: 120 },
        ),
        fc.integer({ min: 1, max: 6 }),
        (targets, max) => {
          const f = foldTargets(targets, max)
          expect(f.items.length).toBeLessThanOrEqual(max)
          const runs = f.items.map((item) => {
            const [a, b] = item.split('…')
            if (b === undefined || !targets.includes(a!) || !targets.includes(b)) return 1
            const x = Number(/(\d+)(?::\d+)?$/.exec(a!)![1])
            const y = Number(/(\d+)(?::\d+)?$/.exec(b)![1])
            return y - x + 1
          })
          expect(runs.reduce((n, r) => n + r, 0) + f.hidden).toBe(targets.length)
        },
      ),
    )
  })
})
