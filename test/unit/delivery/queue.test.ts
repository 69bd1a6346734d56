import { english } from '../../../electron/core/text/core-text'
import { saying } from '../../helpers/said'
import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../../electron/core/alerts/model'
import { classifyResponse, type SendResult } from '../../../electron/core/channels/wecom/sender'
import { Aggregator, aggregationKey } from '../../../electron/core/delivery/aggregator'
import { intake, type IntakeOptions } from '../../../electron/core/delivery/intake'
import { ChannelQueue, workItem, type WorkItem } from '../../../electron/core/delivery/queue'
import { RobotPool } from '../../../electron/core/delivery/robots'
import { mentionNote, settleFailure } from '../../../electron/core/delivery/settle'
import type { HistoryEntry } from '../../../electron/core/history/records'

const alert = (name: string, target = 'host-1', receivedAt?: string): Alert => {
  const a = finishAlert({
    source: 'generic',
    status: 'firing',
    vars: { alarm_name: name, alarm_level: 'critical', alarm_target: target },
    labels: {},
    annotations: {},
    raw: {},
  })
  return receivedAt ? { ...a, receivedAt } : a
}
const entry = (a: Alert): HistoryEntry => ({
  alert: a,
  targets: ['oncall'],
  skipped: [],
  deliveries: {},
  attempts: [],
})
const item = (name: string, now = 0, target?: string): WorkItem => {
  const e = entry(alert(name, target))
  return workItem(e, aggregationKey(e.alert), now)
}
const ids = (items: readonly WorkItem[]) => items.map((i) => i.entry.alert.vars.alarm_name)

describe('ChannelQueue', () => {
  it('keeps arrival order, finds items by id and by aggregation key', () => {
    const q = new ChannelQueue()
    const [a, b, c] = [item('A'), item('B'), item('C')]
    for (const i of [a, b, c]) q.push(i)
    expect(ids(q.items)).toEqual(['A', 'B', 'C'])
    expect(q.has(b.entry.alert.id)).toBe(true)
    expect(q.queuedWith(c.key)).toBe(c)
    q.remove([b])
    expect(ids(q.items)).toEqual(['A', 'C'])
    expect(q.has(b.entry.alert.id)).toBe(false)
    expect(q.queuedWith(b.key)).toBeUndefined()
  })

  it('when the first of two items with one key leaves, repeats fold into the second (resend)', () => {
    const q = new ChannelQueue()
    const first = item('Disk full')
    const resent = item('Disk full')
    q.push(first)
    q.push(resent)
    expect(q.queuedWith(first.key)).toBe(first)
    q.remove([first])
    expect(q.queuedWith(first.key)).toBe(resent)
  })

  it('is ready for what is due and not in flight; says when the next thing is due', () => {
    const q = new ChannelQueue()
    expect(q.nextDue(100)).toBeUndefined()
    const [a, b] = [item('A'), item('B')]
    q.push(a)
    q.push(b)
    a.inFlight = true
    b.nextAttemptAt = 500
    expect(q.hasReady(100)).toBe(false)
    expect([...q.ready(100)]).toEqual([])
    expect(q.nextDue(100)).toBe(500)
    expect(q.hasReady(500)).toBe(true)
    expect([...q.ready(500)]).toEqual([b])
    expect(q.nextDue(600)).toBe(600)
    b.attempts = 1
    expect(q.retrying()).toBe(1)
  })

  it('extras (mentions, summaries) go first and can be dropped', () => {
    const q = new ChannelQueue()
    q.push(item('A'))
    const extra = {
      kind: 'summary' as const,
      body: { msgtype: 'text' as const, text: { content: 'held' } },
      content: 'held',
      alertIds: [],
      attempts: 0,
      nextAttemptAt: 200,
      inFlight: false,
    }
    q.extras.push(extra)
    expect(q.nextExtra(100)).toBeUndefined()
    expect(q.nextExtra(200)).toBe(extra)
    expect(q.nextDue(100)).toBe(100) // the alert is ready now
    q.dropExtra(extra)
    expect(q.extras).toEqual([])
  })
})

describe('intake', () => {
  const opts: IntakeOptions = {
    aggregate: true,
    windowSeconds: 600,
    recovered: false,
    timeZone: 'Asia/Shanghai',
  }
  const setup = () => ({ q: new ChannelQueue(), agg: new Aggregator(() => 600_000) })

  it('folds a repeat into the same alert still waiting, counting it there', () => {
    const { q, agg } = setup()
    const first = entry(alert('Disk full'))
    expect(intake(q, agg, first, 1000, opts)).toEqual({ kind: 'queued' })
    const got = intake(q, agg, entry(alert('Disk full')), 2000, opts)
    expect(got).toEqual({
      kind: 'folded',
      into: first.alert.id,
      reason: saying(`Folded into ${first.alert.id}, which is waiting to be sent.`),
    })
    expect(q.items[0]).toMatchObject({ repeats: 1, firstRepeatAt: 2000, lateRepeats: 0 })
    expect(q.length).toBe(1)
  })

  it('counts a repeat that arrives while the alert is on the wire as late', () => {
    const { q, agg } = setup()
    intake(q, agg, entry(alert('Disk full')), 1000, opts)
    q.items[0]!.inFlight = true
    intake(q, agg, entry(alert('Disk full')), 2000, opts)
    expect(q.items[0]).toMatchObject({ repeats: 0, lateRepeats: 1 })
  })

  it('folds a repeat of an alert sent within the window, naming when it was sent', () => {
    const { q, agg } = setup()
    const sent = entry(alert('Disk full'))
    // 09:15 in Shanghai, the user's zone, whatever the machine's.
    agg.sent(aggregationKey(sent.alert), Date.UTC(2026, 10, 28, 1, 15), 0, sent.alert.id)
    const got = intake(q, agg, entry(alert('Disk full')), Date.UTC(2026, 10, 28, 1, 20), opts)
    expect(got).toEqual({
      kind: 'folded',
      into: sent.alert.id,
      reason: saying(
        'Same alert already sent at 09:15; counted, not sent again within the 600 s aggregation window.',
      ),
    })
    expect(q.length).toBe(0)
  })

  it('queues every alert when aggregation is off, and a recovered one once, at its arrival time', () => {
    const { q, agg } = setup()
    intake(q, agg, entry(alert('Disk full')), 1000, { ...opts, aggregate: false })
    intake(q, agg, entry(alert('Disk full')), 1000, { ...opts, aggregate: false })
    expect(q.length).toBe(2)
    const old = entry(alert('Old', 'h', '2026-11-28T08:00:00.000Z'))
    const recovered = { ...opts, recovered: true }
    expect(intake(q, agg, old, 5000, recovered)).toEqual({ kind: 'queued' })
    expect(intake(q, agg, old, 5000, recovered)).toEqual({ kind: 'present' })
    expect(q.items.at(-1)!.enqueuedAt).toBe(Date.parse('2026-11-28T08:00:00.000Z'))
  })
})

describe('settleFailure', () => {
  const answer = (errcode: number): SendResult => ({
    ...classifyResponse(200, JSON.stringify({ errcode, errmsg: 'x' }), {
      type: 'json',
      match: { errcode: 0 },
    }),
    requestBytes: 1,
    latencyMs: 1,
    maskedUrl: 'u',
  })
  const policy = {
    windowMs: 60_000,
    maxRetryAgeMs: 10_000,
    backoff: () => 1000,
    otherRobotLive: false,
  }
  const pool = () => {
    const p = new RobotPool()
    p.sync(['http://127.0.0.1:1/cgi-bin/webhook/send?key=a'], 20, 60_000, {})
    return p.robots[0]!
  }

  it('a passing failure: old alerts fail, the rest wait, one record each, failed first', () => {
    const q = new ChannelQueue()
    const old = item('Old', 0)
    const young = item('Young', 15_000)
    q.push(old)
    q.push(young)
    young.lateRepeats = 2
    const out = settleFailure(q, pool(), [old, young], answer(-1), 20_000, policy)
    expect(out.map((s) => [s.state, ids(s.items)])).toEqual([
      ['failed', ['Old']],
      ['pending', ['Young']],
    ])
    expect(english(out[1]!.reason)).toBe(
      `WeCom reported that it is busy. Next try at ${new Date(21_000).toISOString()}.`,
    )
    expect(ids(q.items)).toEqual(['Young'])
    expect(young).toMatchObject({ attempts: 1, nextAttemptAt: 21_000, repeats: 2, lateRepeats: 0 })
  })

  it('45009 rests the robot; the alerts keep their place and attempt count', () => {
    const q = new ChannelQueue()
    const a = item('A')
    q.push(a)
    const robot = pool()
    const out = settleFailure(q, robot, [a], answer(45009), 1000, policy)
    expect(robot.pausedUntil).toBe(61_000)
    expect(out).toMatchObject([
      { state: 'pending', reason: saying(expect.stringContaining('45009')) },
    ])
    expect(a).toMatchObject({ attempts: 0, nextAttemptAt: 0 })
  })

  it('93000 sets the robot aside; with no other robot the alerts fail', () => {
    const q = new ChannelQueue()
    const a = item('A')
    q.push(a)
    const robot = pool()
    expect(
      settleFailure(q, robot, [a], answer(93000), 1, { ...policy, otherRobotLive: true }),
    ).toEqual([])
    expect(english(robot.broken)).toMatch(/webhook key is invalid/)
    expect(q.length).toBe(1)
    robot.broken = undefined
    expect(settleFailure(q, robot, [a], answer(93000), 1, policy)).toMatchObject([
      { state: 'failed' },
    ])
    expect(english(robot.broken)).toMatch(/webhook key is invalid/)
    expect(q.length).toBe(0)
  })
})

describe('mentionNote', () => {
  it('names the one alert, or counts several', () => {
    expect(mentionNote([item('Disk full', 0, 'db-1')])).toBe(
      'Disk full on db-1: see the message above.',
    )
    expect(mentionNote([item('A'), item('B')])).toBe('2 alerts above need attention.')
  })
})
