import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

import { finishAlert, takeSenderPart, type Alert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { OnCall } from '../../../electron/core/oncall/oncall'
import { MuteError } from '../../../electron/core/oncall/mutes'

const HOUR = 3_600_000

/** Alertmanager webhook bodies, shaped as Alertmanager 0.25 posts them (see test/fixtures). */
function am(
  status: 'firing' | 'resolved',
  labels: Record<string, string>,
  at: number,
  extra: { endsAt?: string; fingerprint?: string } = {},
): Alert {
  const body = {
    version: '4',
    status,
    receiver: 'relay',
    groupKey: '{}:{}',
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status,
        labels,
        annotations: { summary: `${labels.alertname} on ${labels.instance}` },
        startsAt: new Date(at - 60_000).toISOString(),
        endsAt:
          extra.endsAt ??
          (status === 'resolved' ? new Date(at).toISOString() : '0001-01-01T00:00:00Z'),
        fingerprint: extra.fingerprint ?? `${labels.alertname}-${labels.instance}`,
      },
    ],
  }
  const [draft] = parseAlerts(body, undefined, { itemsPath: '', fields: {} }, new Date(at))
  return finishAlert(draft!, new Date(at))
}

function world(start = Date.parse('2026-11-28T03:00:00Z')) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-oncall-'))
  const clock = { now: start }
  const open = () =>
    new OnCall({ file: join(dir, 'oncall.json'), now: () => clock.now, saveDelayMs: 5 })
  return { dir, clock, open, file: join(dir, 'oncall.json') }
}

const disk = (instance: string, severity = 'critical') => ({
  alertname: 'DiskFull',
  severity,
  instance,
})

describe('what is firing now', () => {
  it('knows the soonest end through repeats, resolves and acknowledgements (one timer, no rescans)', async () => {
    const w = world()
    const oc = w.open()
    const ends = (mins: number) => new Date(w.clock.now + mins * 60_000).toISOString()
    const a = am('firing', disk('db-1'), w.clock.now, { endsAt: ends(10) })
    const b = am('firing', disk('db-2'), w.clock.now, { endsAt: ends(20) })
    oc.observe([
      { alert: a, targets: [] },
      { alert: b, targets: [] },
      { alert: am('firing', disk('db-3'), w.clock.now, { endsAt: ends(30) }), targets: [] },
    ])
    expect(oc.active.nextExpiry()).toBe(Date.parse(ends(10)))
    // The soonest one repeats with a later end: the next is now db-2's.
    oc.observe([
      { alert: am('firing', disk('db-1'), w.clock.now, { endsAt: ends(40) }), targets: [] },
    ])
    expect(oc.active.nextExpiry()).toBe(Date.parse(ends(20)))
    // An acknowledgement ending sooner comes first; resolving db-2 leaves db-3's end.
    oc.acknowledge([a.fingerprint], 'li.lei', undefined, 5 * 60_000)
    expect(oc.active.nextExpiry()).toBe(Date.parse(ends(5)))
    oc.unacknowledge([a.fingerprint])
    oc.observe([{ alert: am('resolved', disk('db-2'), w.clock.now), targets: [] }])
    expect(oc.active.nextExpiry()).toBe(Date.parse(ends(30)))
    await oc.stop()
  })

  it('keeps an alert firing through repeats and drops it when the resolve arrives', async () => {
    const w = world()
    const oc = w.open()
    const first = am('firing', disk('db-1'), w.clock.now)
    expect(oc.observe([{ alert: first, targets: ['oncall'] }]).get(first.id)).toBe('new')
    w.clock.now += 5 * 60_000
    const again = am('firing', disk('db-1'), w.clock.now)
    expect(oc.observe([{ alert: again, targets: ['db-team'] }]).get(again.id)).toBe('repeat')
    const [a] = oc.active.list()
    expect(a).toMatchObject({ name: 'DiskFull', level: 'critical', count: 2, alertId: again.id })
    expect(a!.channels).toEqual(['oncall', 'db-team'])
    // "since" is the sender's start time, not the relay's first arrival.
    expect(a!.since).toBe(new Date(Date.parse('2026-11-28T03:00:00Z') - 60_000).toISOString())
    const resolved = am('resolved', disk('db-1'), w.clock.now)
    expect(oc.observe([{ alert: resolved, targets: [] }]).get(resolved.id)).toBe('resolved')
    expect(oc.active.size).toBe(0)
    await oc.stop()
  })

  it("counts 'firing for' from the start time any sender gives, never from after the arrival", async () => {
    const w = world()
    const oc = w.open()
    // Nightingale v8's callback (test/fixtures/real/n9e-v8-callback-cpu.json): first_trigger_time
    // 1749180264, epoch seconds.
    const body = JSON.parse(
      readFileSync(join(__dirname, '../../fixtures/real/n9e-v8-callback-cpu.json'), 'utf8'),
    ) as Record<string, unknown>
    const [draft] = parseAlerts(
      body,
      undefined,
      { itemsPath: '', fields: {} },
      new Date(w.clock.now),
    )
    const n9e = finishAlert(draft!, new Date(w.clock.now))
    oc.observe([{ alert: n9e, targets: ['oncall'] }])
    expect(oc.active.list()[0]!.since).toBe(new Date(1749180264 * 1000).toISOString())
    // A sender whose clock runs ahead of the relay's: the arrival, not a negative duration.
    const ahead = {
      ...body,
      first_trigger_time: w.clock.now / 1000 + 3600,
      rule_name: 'ahead',
      hash: 'ahead',
    }
    const [d2] = parseAlerts(ahead, undefined, { itemsPath: '', fields: {} }, new Date(w.clock.now))
    const late = finishAlert(d2!, new Date(w.clock.now))
    oc.observe([{ alert: late, targets: ['oncall'] }])
    const a = oc.active.list().find((x) => x.name === 'ahead')
    expect(a!.since).toBe(late.receivedAt)
    await oc.stop()
  })

  it('expires an alert whose sender stopped repeating it, and honours the sender endsAt', async () => {
    const w = world()
    const oc = w.open()
    oc.observe([
      { alert: am('firing', disk('db-1'), w.clock.now), targets: [] },
      {
        alert: am('firing', disk('db-2'), w.clock.now, {
          endsAt: new Date(w.clock.now + 10 * 60_000).toISOString(),
        }),
        targets: [],
      },
    ])
    expect(oc.active.size).toBe(2)
    w.clock.now += 11 * 60_000
    expect(oc.active.expire().map((a) => a.labels.instance)).toEqual(['db-2'])
    expect(oc.active.list().map((a) => a.labels.instance)).toEqual(['db-1'])
    w.clock.now += 6 * HOUR
    expect(oc.active.expire()).toHaveLength(1)
    expect(oc.active.size).toBe(0)
    await oc.stop()
  })

  it('lists the most severe first and groups by name or by a label', async () => {
    const w = world()
    const oc = w.open()
    oc.observe([
      {
        alert: am(
          'firing',
          { alertname: 'HighLatency', severity: 'warning', instance: 'api-1', team: 'web' },
          w.clock.now,
        ),
        targets: [],
      },
      { alert: am('firing', disk('db-1'), w.clock.now), targets: [] },
      { alert: am('firing', { ...disk('db-2'), team: 'db' }, w.clock.now), targets: [] },
    ])
    expect(oc.active.list().map((a) => a.level)).toEqual(['critical', 'critical', 'warning'])
    expect(oc.active.groups().map((g) => [g.key, g.alerts.length])).toEqual([
      ['DiskFull', 2],
      ['HighLatency', 1],
    ])
    expect(oc.active.groups('labels.team').map((g) => g.key)).toEqual(['', 'db', 'web'])
    expect(oc.active.countByLevel()).toEqual({ critical: 2, warning: 1 })
    await oc.stop()
  })

  it('survives a restart: firing alerts, acknowledgements and mutes are read back', async () => {
    const w = world()
    const oc = w.open()
    const a = am('firing', disk('db-1'), w.clock.now)
    oc.observe([{ alert: a, targets: ['oncall'] }])
    oc.acknowledge([a.fingerprint], 'li.lei', 'looking at it')
    const mute = oc.createMute({
      matchers: ['alarm_name=~"Backup.*"'],
      endsAt: new Date(w.clock.now + HOUR).toISOString(),
      comment: 'maintenance',
    })
    await oc.stop()
    const saved = JSON.parse(readFileSync(w.file, 'utf8')) as { version: number }
    expect(saved.version).toBe(2)
    const reopened = w.open()
    expect(reopened.active.get(a.fingerprint)?.ack).toMatchObject({
      by: 'li.lei',
      note: 'looking at it',
    })
    expect(reopened.mutes.list().map((m) => m.id)).toEqual([mute.id])
    await reopened.stop()
  })
  it('saves each change: a restart reads back repeats, acknowledgements and resolves made after earlier saves', async () => {
    const w = world()
    const oc = w.open()
    const a = am('firing', disk('db-1'), w.clock.now)
    const b = am('firing', disk('db-2'), w.clock.now)
    oc.observe([
      { alert: a, targets: ['oncall'] },
      { alert: b, targets: ['oncall'] },
    ])
    await oc.flush()
    w.clock.now += 60_000
    oc.observe([{ alert: am('firing', disk('db-1'), w.clock.now), targets: ['team'] }])
    oc.acknowledge([a.fingerprint], 'li.lei', 'on it')
    oc.observe([{ alert: am('resolved', disk('db-2'), w.clock.now), targets: ['oncall'] }])
    const before = oc.active.list()
    await oc.stop()
    const reopened = w.open()
    expect(reopened.active.list()).toEqual(before)
    expect(reopened.active.get(a.fingerprint)).toMatchObject({
      count: 2,
      channels: ['oncall', 'team'],
      ack: { by: 'li.lei', note: 'on it' },
    })
    expect(reopened.active.get(b.fingerprint)).toBeUndefined()
    await reopened.stop()
  })
  it("takes the adapter's parsed alert from every alert it sees, so queued alerts do not keep it", async () => {
    const w = world()
    const oc = w.open()
    const firing = am('firing', disk('db-1'), w.clock.now)
    const repeat = am('firing', disk('db-1'), w.clock.now + 1000)
    const resolved = am('resolved', disk('db-1'), w.clock.now + 2000)
    const unknown = am('resolved', disk('db-7'), w.clock.now + 2000)
    for (const alert of [firing, repeat, resolved, unknown]) {
      oc.observe([{ alert, targets: ['oncall'] }])
      expect(takeSenderPart(alert), alert.status).toBeUndefined()
    }
    await oc.stop()
  })
})

describe('acknowledge', () => {
  it('holds repeats of an acknowledged alert on channels that hold them, until it resolves', async () => {
    const w = world()
    const oc = w.open()
    const a = am('firing', disk('db-1'), w.clock.now)
    oc.observe([{ alert: a, targets: ['oncall'] }])
    expect(oc.hold(a, true)).toEqual({ kind: 'send' })
    expect(oc.acknowledge([a.fingerprint], 'li.lei')).toMatchObject({ by: 'li.lei' })
    const repeat = am('firing', disk('db-1'), w.clock.now + 60_000)
    oc.observe([{ alert: repeat, targets: ['oncall'] }])
    expect(oc.hold(repeat, true)).toEqual({ kind: 'acknowledged', by: 'li.lei' })
    // "keep sending" channels still get it; the resolve always goes out.
    expect(oc.hold(repeat, false)).toEqual({ kind: 'send' })
    const resolved = am('resolved', disk('db-1'), w.clock.now + 120_000)
    expect(oc.hold(resolved, true)).toEqual({ kind: 'send' })
    oc.observe([{ alert: resolved, targets: ['oncall'] }])
    // A new firing after the resolve is a new problem: not acknowledged.
    const refire = am('firing', disk('db-1'), w.clock.now + 180_000)
    oc.observe([{ alert: refire, targets: ['oncall'] }])
    expect(oc.hold(refire, true)).toEqual({ kind: 'send' })
    await oc.stop()
  })

  it('an acknowledgement with an end stops holding when it runs out', async () => {
    const w = world()
    const oc = w.open()
    const a = am('firing', disk('db-1'), w.clock.now)
    oc.observe([{ alert: a, targets: [] }])
    oc.acknowledge([a.fingerprint], 'li.lei', undefined, 30 * 60_000)
    expect(oc.hold(a, true).kind).toBe('acknowledged')
    w.clock.now += 31 * 60_000
    expect(oc.hold(a, true).kind).toBe('send')
    oc.active.expire()
    expect(oc.active.get(a.fingerprint)?.ack).toBeUndefined()
    await oc.stop()
  })

  it('says whether anything could hold an alert known by identity and status, so a recovered backlog is not read whole to ask', async () => {
    const w = world()
    const oc = w.open()
    const a = am('firing', disk('db-1'), w.clock.now)
    oc.observe([{ alert: a, targets: ['oncall'] }])
    expect(oc.mayHold(a.fingerprint, 'firing', true)).toBe(false)
    oc.acknowledge([a.fingerprint], 'li.lei')
    expect(oc.mayHold(a.fingerprint, 'firing', true)).toBe(true)
    // What `hold` would answer: a channel that keeps sending, a resolve, another alert.
    expect(oc.mayHold(a.fingerprint, 'firing', false)).toBe(false)
    expect(oc.mayHold(a.fingerprint, 'resolved', true)).toBe(false)
    expect(oc.mayHold('other', 'firing', true)).toBe(false)
    const mute = oc.createMute({
      matchers: ['alarm_name="Backup"'],
      startsAt: new Date(w.clock.now + HOUR).toISOString(),
      endsAt: new Date(w.clock.now + 2 * HOUR).toISOString(),
    })
    expect(oc.mayHold('other', 'firing', false)).toBe(false)
    w.clock.now += HOUR
    expect(oc.mayHold('other', 'firing', false)).toBe(true)
    oc.expireMute(mute.id)
    expect(oc.mayHold('other', 'firing', false)).toBe(false)
    await oc.stop()
  })

  it('acknowledging something that is not firing changes nothing', async () => {
    const w = world()
    const oc = w.open()
    expect(oc.acknowledge(['nope'], 'li.lei')).toBeUndefined()
    await oc.stop()
  })
})

describe('mutes', () => {
  it('holds matching alerts while active, not before it starts nor after it ends', async () => {
    const w = world()
    const oc = w.open()
    const mute = oc.createMute({
      matchers: ['alarm_name="DiskFull"', 'labels.instance=~"db-.*"'],
      startsAt: new Date(w.clock.now + 10 * 60_000).toISOString(),
      endsAt: new Date(w.clock.now + HOUR).toISOString(),
      comment: 'disk swap',
      createdBy: 'li.lei',
    })
    const a = am('firing', disk('db-1'), w.clock.now)
    expect(oc.hold(a, false).kind).toBe('send')
    w.clock.now += 15 * 60_000
    expect(oc.hold(a, false)).toEqual({ kind: 'muted', muteId: mute.id })
    expect(oc.hold(am('firing', disk('web-1'), w.clock.now), false).kind).toBe('send')
    // A resolve of a muted alert is muted too: the group never saw it fire.
    expect(oc.hold(am('resolved', disk('db-1'), w.clock.now), false).kind).toBe('muted')
    w.clock.now += HOUR
    expect(oc.hold(a, false).kind).toBe('send')
    await oc.stop()
  })

  it('ended mutes stay listed for a week, newest first after the active ones', async () => {
    const w = world()
    const oc = w.open()
    const everything = oc.createMute({
      matchers: ['alarm_name=~".+"'],
      endsAt: new Date(w.clock.now + HOUR).toISOString(),
    })
    const old = oc.createMute({
      matchers: ['alarm_level="info"'],
      endsAt: new Date(w.clock.now + 2 * HOUR).toISOString(),
    })
    expect(oc.expireMute(old.id)).toBe(true)
    expect(oc.mutes.list().map((m) => [m.id, m.state])).toEqual([
      [everything.id, 'active'],
      [old.id, 'expired'],
    ])
    w.clock.now += 8 * 24 * HOUR
    expect(oc.mutes.list()).toEqual([])
    expect(oc.expireMute('missing')).toBe(false)
    await oc.stop()
  })

  it('refuses a mute that cannot work, with a sentence', async () => {
    const w = world()
    const oc = w.open()
    const end = new Date(w.clock.now + HOUR).toISOString()
    expect(() => oc.createMute({ matchers: [], endsAt: end })).toThrow(MuteError)
    expect(() => oc.createMute({ matchers: ['severity'], endsAt: end })).toThrow(/is not a matcher/)
    expect(() =>
      oc.createMute({
        matchers: ['alarm_name=x'],
        endsAt: new Date(w.clock.now - 1).toISOString(),
      }),
    ).toThrow(/choose a later end/)
    expect(() => oc.createMute({ matchers: ['alarm_name=x'], endsAt: 'tomorrow' })).toThrow(
      /not a valid time/,
    )
    await oc.stop()
  })
})

describe('silences made upstream', () => {
  it('are kept across a restart, marked expired when ended, and dropped a week after', async () => {
    const w = world()
    const oc = w.open()
    const base = {
      link: 'http://127.0.0.1:9093/#/silences/s1',
      url: 'http://127.0.0.1:9093',
      alertId: 'a1',
      identity: 'DiskFull-db-1',
      name: 'DiskFull',
      comment: 'disk swap',
      createdBy: 'li.lei',
      createdAt: new Date(w.clock.now).toISOString(),
      endsAt: new Date(w.clock.now + 2 * HOUR).toISOString(),
    }
    oc.addSilence({ id: 's1', ...base })
    oc.addSilence({ id: 's2', ...base })
    await oc.stop()
    const again = w.open()
    expect(again.silences().map((s) => [s.id, s.state])).toEqual([
      ['s1', 'active'],
      ['s2', 'active'],
    ])
    w.clock.now += HOUR
    again.markSilenceExpired('s1')
    // Current first, ended after.
    expect(again.silences().map((s) => [s.id, s.state])).toEqual([
      ['s2', 'active'],
      ['s1', 'expired'],
    ])
    w.clock.now += 8 * 24 * HOUR
    expect(again.silences()).toEqual([])
    await again.stop()
  })
})
