import { asWritten } from '../../../electron/core/text/core-text'
import { describe, expect, it } from 'vitest'

import { finishAlert } from '../../../electron/core/alerts/model'
import { takeUnheld } from '../../../electron/core/delivery/hold'
import { ChannelQueue, workItem } from '../../../electron/core/delivery/queue'
import type { HistoryEntry } from '../../../electron/core/history/records'

const entry = (name: string): HistoryEntry => ({
  alert: finishAlert({
    source: 'generic',
    status: 'firing',
    vars: { alarm_name: name, alarm_level: 'warning' },
    labels: {},
    annotations: {},
    fingerprint: name,
    raw: { title: name },
  }),
  targets: ['oncall'],
  skipped: [],
  deliveries: {},
  attempts: [],
})

describe('taking queued alerts that nothing holds', () => {
  it('held alerts leave the queue and are returned to be recorded; the rest keep their order', () => {
    const q = new ChannelQueue()
    for (const n of ['A', 'B', 'C', 'D']) q.push(workItem(entry(n), n, 0))
    const r = takeUnheld(q, 0, 10, ({ entry: { alert: a } }) =>
      a.vars.alarm_name === 'B' || a.vars.alarm_name === 'D'
        ? { state: 'muted', reason: asWritten(`muted ${a.vars.alarm_name}`) }
        : undefined,
    )
    expect(r.ready.map((i) => i.key)).toEqual(['A', 'C'])
    expect(r.held.map((h) => [h.item.key, h.held.reason.text])).toEqual([
      ['B', 'muted B'],
      ['D', 'muted D'],
    ])
    expect([...q.ready(0)].map((i) => i.key)).toEqual(['A', 'C'])
  })

  it('stops at max unheld alerts, and without a hold takes them all', () => {
    const q = new ChannelQueue()
    for (const n of ['A', 'B', 'C']) q.push(workItem(entry(n), n, 0))
    expect(takeUnheld(q, 0, 2, undefined).ready.map((i) => i.key)).toEqual(['A', 'B'])
    expect(q.length).toBe(3)
  })
})
