import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { previewStorm, stormAlerts } from '../../../electron/core/delivery/storm-preview'
import {
  decideStorm,
  stormStarts,
  type StormView,
} from '../../../electron/core/delivery/storm-plan'
import { clockOffset, stormDraft } from '../../../renderer/src/pages/templates/storm-model'
import { defaultTemplate } from '../../../electron/core/templates/defaults'
import { realPayloads } from '../../fixtures/real/load'

const view = (v: Partial<StormView>): StormView => ({
  now: 10_000,
  backlog: 0,
  unaccounted: 0,
  available: 20,
  limit: 20,
  blocks: 6,
  threshold: 'auto',
  active: false,
  summaries: [],
  newestAt: 10_000,
  windowMs: 60_000,
  details: true,
  ...v,
})

describe('when a storm starts', () => {
  it('auto: when the backlog exceeds what full blocks carry in a glance of messages, or in the budget above the reserve', () => {
    // The budget would carry 15 × 6 = 90 alerts in full, but more than three messages of them is
    // a wall: 3 × 6 = 18 is the most that goes without a summary first.
    expect(stormStarts(view({ backlog: 18 }))).toBe(false)
    expect(stormStarts(view({ backlog: 19 }))).toBe(true)
    // 7 sends left, 5 kept for summaries: 2 × 6 = 12 alerts carried in full.
    expect(stormStarts(view({ backlog: 12, available: 7 }))).toBe(false)
    expect(stormStarts(view({ backlog: 13, available: 7 }))).toBe(true)
    // Down to the reserve, any backlog of two or more is a storm; one alert never is.
    expect(stormStarts(view({ backlog: 2, available: 5 }))).toBe(true)
    expect(stormStarts(view({ backlog: 1, available: 0 }))).toBe(false)
    // A robot with too small a budget to spare gets no automatic storms; a number still applies.
    expect(stormStarts(view({ backlog: 500, limit: 2, available: 2 }))).toBe(false)
    expect(stormStarts(view({ backlog: 500, limit: 2, available: 2, threshold: 100 }))).toBe(true)
    expect(stormStarts(view({ backlog: 100, threshold: 100 }))).toBe(false)
  })

  it('during a storm: one update an interval while alerts arrive, one as soon as they pause; details only once paused', () => {
    const active = view({ active: true, backlog: 300, unaccounted: 40, summaries: [9_000] })
    // Still arriving (the newest came now): no details; the update waits for the pause or the interval.
    expect(decideStorm(active)).toEqual({ kind: 'wait', until: 11_000 })
    expect(decideStorm({ ...active, now: 12_000 })).toEqual({ kind: 'summary' })
    // Paused for a second: the update that makes the picture whole goes at once.
    expect(decideStorm({ ...active, newestAt: 8_900 })).toEqual({ kind: 'summary' })
    // Paused, an update due soon: details keep the reserve for it.
    expect(decideStorm({ ...active, newestAt: 8_900, summaries: [9_500], available: 5 })).toEqual({
      kind: 'wait',
      until: 10_500,
    })
    // Paused and every alert named: details use the budget.
    expect(decideStorm({ ...active, newestAt: 8_900, unaccounted: 0 })).toEqual({
      kind: 'details',
    })
    expect(decideStorm({ ...active, details: false })).toEqual({ kind: 'wait', until: 11_000 })
  })
})

describe('the studio storm preview', () => {
  const real = realPayloads().find((p) => p.file === 'am-k8s-crashloop-pod-critical.json')!
  const sample = finishAlert(parseAlerts(real.body, undefined, { itemsPath: '', fields: {} })[0]!)
  const base = {
    type: 'wecom' as const,
    format: 'markdown' as const,
    template: defaultTemplate('markdown', 'en'),
    storm: { threshold: 'auto' as const, groupBy: '', details: true, gatherSeconds: 0 },
    maxMessages: 1000,
  }

  it('1,000 alerts across 40 names: the summary first, then details within 20 a minute', () => {
    const p = previewStorm({ ...base, alerts: stormAlerts(sample, 1000, 40) })
    expect(p.storm).toBe(true)
    expect(p.messages[0]).toMatchObject({ kind: 'summary', atMs: 0, alerts: 1000 })
    expect(p.accountedAtMs).toBe(0)
    const details = p.messages.filter((m) => m.kind === 'details')
    expect(details.reduce((n, m) => n + m.alerts, 0)).toBe(1000)
    const times = p.messages.map((m) => m.atMs)
    for (const t of times)
      expect(times.filter((x) => x >= t && x < t + 60_000).length).toBeLessThanOrEqual(20)
    // Details wait until the storm stops growing (a second without arrivals).
    expect(Math.min(...details.map((m) => m.atMs))).toBe(1000)
    // Once over, one closing message restates the whole storm.
    expect(p.messages.at(-1)).toMatchObject({ kind: 'close', alerts: 1000 })
    expect(p.messages.at(-1)!.content).toMatch(
      /Alert storm over: 1000 alerts in 40 groups, \d+ resolved/,
    )
  })

  it('"summary only" sends the summary and the close; a small backlog is no storm', () => {
    const only = previewStorm({
      ...base,
      alerts: stormAlerts(sample, 500, 10),
      storm: { ...base.storm, details: false },
    })
    expect(only.messages.map((m) => m.kind)).toEqual(['summary', 'close'])
    const calm = previewStorm({ ...base, alerts: stormAlerts(sample, 3, 3) })
    expect(calm).toMatchObject({ storm: false, total: 1 })
  })

  it('a burst over 3 s with the gather window: the first message is a summary, the whole storm within a second or two of the last arrival', () => {
    const p = previewStorm({
      ...base,
      alerts: stormAlerts(sample, 300, 12),
      storm: { ...base.storm, gatherSeconds: 1.5 },
      arrivalMs: 3000,
    })
    expect(p.arrivedAtMs).toBe(3000)
    expect(p.messages[0]).toMatchObject({ kind: 'summary', atMs: 1500 })
    const whole = p.messages.findIndex((m) => m.kind === 'summary' && m.alerts === 300)
    expect(whole).toBeGreaterThan(0)
    expect(whole).toBeLessThanOrEqual(3)
    expect(p.messages[whole]!.atMs - 3000).toBeLessThanOrEqual(2000)
    expect(p.messages[whole]!.content).toContain('Alert storm continues: 300 alerts in 12 groups')
    // Without the gather window, the first request's alerts go out before the storm is seen.
    const off = previewStorm({ ...base, alerts: stormAlerts(sample, 300, 12), arrivalMs: 3000 })
    expect(off.messages[0]!.atMs).toBe(0)
  })

  it('two channels on one robot: the critical channel speaks first, and both keep within the one budget', () => {
    const p = previewStorm({
      ...base,
      alerts: stormAlerts(sample, 300, 12),
      storm: { ...base.storm, gatherSeconds: 1.5 },
      arrivalMs: 3000,
      sharedRobot: true,
    })
    expect(p.messages[0]!.channel).toBe(1)
    expect(new Set(p.messages.map((m) => m.channel))).toEqual(new Set([0, 1]))
    const times = p.messages.map((m) => m.atMs)
    for (const t of times)
      expect(times.filter((x) => x >= t && x < t + 60_000).length).toBeLessThanOrEqual(20)
  })

  it('the studio shows send times as +m:ss and reads a channel’s settings', () => {
    expect(clockOffset(0)).toBe('+0:00')
    expect(clockOffset(65_400)).toBe('+1:05')
    expect(clockOffset(3_725_000)).toBe('+1:02:05')
    expect(
      stormDraft({ storm: { threshold: 50, groupBy: 'job', details: false, gatherSeconds: 1.5 } }),
    ).toEqual({
      auto: false,
      threshold: 50,
      groupBy: 'job',
      details: false,
      gatherSeconds: 1.5,
    })
  })
})
