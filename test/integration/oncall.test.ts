import { english } from '../../electron/core/text/core-text'
import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

// Alertmanager's webhook payload (version 4), as its docs publish it; see test/fixtures.
const amGroup = () => {
  const g = JSON.parse(
    readFileSync(new URL('../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
  ) as { alerts: Array<{ status: string }> }
  return { ...g, alerts: g.alerts.filter((a) => a.status === 'firing') }
}

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const post = async (t: TestRelay, body: unknown) =>
  ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
const delivery = (t: TestRelay, id: string, channel = 'oncall') =>
  t.relay.history.get(id)?.deliveries[channel]
const sentWith = (t: TestRelay, needle: string) =>
  t.sim.rules.messages.filter((m) => m.content.includes(needle))
const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString()

describe('on-call through the real listener and the simulator', () => {
  it('a muted alert is stored and shown as muted with the mute, and never sent', async () => {
    t = await startTestRelay()
    const mute = t.relay.oncall.createMute({
      matchers: ['alarm_name="DiskFull-Mute"'],
      endsAt: inAnHour(),
      comment: 'disk swap tonight',
    })
    const [muted] = await post(t, { title: 'DiskFull-Mute', severity: 'critical', host: 'db-1' })
    const [sent] = await post(t, { title: 'CpuHigh-Sent', severity: 'critical', host: 'db-1' })
    await waitFor(() => delivery(t!, sent!)?.state === 'delivered', 10_000, 'CpuHigh delivered')
    await waitFor(() => delivery(t!, muted!)?.state === 'muted', 10_000, 'DiskFull muted')
    // Named by its comment and end, not by the relay's id of it.
    expect(english(delivery(t, muted!)!.reason)).not.toContain(mute.id)
    expect(english(delivery(t, muted!)!.reason)).toContain('disk swap tonight')
    expect(t.relay.history.get(muted!)!.alert.vars.alarm_name).toBe('DiskFull-Mute')
    expect(sentWith(t, 'DiskFull-Mute')).toHaveLength(0)
    expect(sentWith(t, 'CpuHigh-Sent')).toHaveLength(1)
    // Muted is not forgotten: it is still listed as firing.
    expect(t.relay.oncall.active.list().map((a) => a.name)).toContain('DiskFull-Mute')
  })

  it('an acknowledged repeat is held on a "hold" channel and still sent on a "keep-sending" one', async () => {
    t = await startTestRelay({
      keys: ['robot-key-0001', 'robot-key-0002'],
      channels: [
        { name: 'oncall', keys: ['robot-key-0001'], aggregate: { enabled: false } },
        {
          name: 'team',
          keys: ['robot-key-0002'],
          aggregate: { enabled: false },
          whenAcknowledged: 'keep-sending',
        },
      ],
      settings: { defaultChannels: ['oncall', 'team'] },
    })
    const [first] = await post(t, amGroup())
    await waitFor(
      () =>
        delivery(t!, first!)?.state === 'delivered' &&
        delivery(t!, first!, 'team')?.state === 'delivered',
      10_000,
      'first delivered',
    )
    const identity = t.relay.history.get(first!)!.alert.fingerprint
    expect(t.relay.oncall.acknowledge([identity], 'li.lei', 'on it')).toMatchObject({
      by: 'li.lei',
    })
    const [repeat] = await post(t, amGroup())
    await waitFor(() => delivery(t!, repeat!)?.state === 'held', 10_000, 'repeat held')
    expect(english(delivery(t, repeat!)!.reason)).toContain('Acknowledged by li.lei')
    await waitFor(() => delivery(t!, repeat!, 'team')?.state === 'delivered', 10_000, 'team got it')
    expect(t.sim.rules.messages.filter((m) => m.key === 'robot-key-0001')).toHaveLength(1)
    expect(t.sim.rules.messages.filter((m) => m.key === 'robot-key-0002')).toHaveLength(2)
    // Still listed as firing, acknowledged, with both notifications counted.
    expect(t.relay.oncall.active.get(identity)).toMatchObject({ count: 2, ack: { by: 'li.lei' } })
  })

  it('a digest counts only what goes out: alerts muted before and while queued are left out', async () => {
    t = await startTestRelay({ channels: [{ name: 'oncall', aggregate: { enabled: false } }] })
    t.relay.oncall.createMute({ matchers: ['alarm_name="Digest-A"'], endsAt: inAnHour() })
    t.relay.delivery.pause()
    const ids = await post(
      t,
      ['Digest-A', 'Digest-B', 'Digest-C', 'Digest-D', 'Digest-E'].map((title) => ({
        title,
        severity: 'warning',
        host: 'web-1',
      })),
    )
    // A mute made while the alerts wait in the queue holds them too.
    t.relay.oncall.createMute({ matchers: ['alarm_name=~"Digest-[BC]"'], endsAt: inAnHour() })
    t.relay.delivery.resume()
    await waitFor(
      () => ids.every((id) => ['delivered', 'muted'].includes(delivery(t!, id)?.state ?? '')),
      10_000,
      'all settled',
    )
    expect(ids.map((id) => delivery(t!, id)!.state)).toEqual([
      'muted',
      'muted',
      'muted',
      'delivered',
      'delivered',
    ])
    expect(t.sim.rules.messages).toHaveLength(1)
    const [digest] = t.sim.rules.messages
    expect(digest!.content).toContain('2 alerts')
    for (const name of ['Digest-A', 'Digest-B', 'Digest-C'])
      expect(digest!.content).not.toContain(name)
  })

  it('acknowledging tells the channels that got the alert who took it, when the setting is on', async () => {
    t = await startTestRelay({
      keys: ['robot-key-0001', 'robot-key-0002'],
      channels: [
        { name: 'oncall', keys: ['robot-key-0001'] },
        { name: 'quiet', keys: ['robot-key-0002'] },
      ],
      settings: { oncall: { announceAcknowledgements: true, user: 'li.lei' } },
    })
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const [id] = await post(t, amGroup())
    await waitFor(() => delivery(t!, id!)?.state === 'delivered', 10_000, 'delivered')
    const identity = t.relay.history.get(id!)!.alert.fingerprint
    const r = await api.acknowledge({ identities: [identity], note: 'swapping the disk' })
    expect(r.announced).toEqual(['oncall'])
    await waitFor(() => sentWith(t!, 'Acknowledged by li.lei').length === 1, 10_000, 'notice')
    expect(sentWith(t, 'Acknowledged by li.lei')[0]).toMatchObject({ key: 'robot-key-0001' })
    expect(sentWith(t, 'Acknowledged by li.lei')[0]!.content).toContain('swapping the disk')
  })

  it('after a restart the mute still holds and the firing list and acknowledgement are back', async () => {
    t = await startTestRelay()
    const dataDir = t.dataDir
    t.relay.oncall.createMute({ matchers: ['alarm_name="Restart-Muted"'], endsAt: inAnHour() })
    const [first] = await post(t, amGroup())
    await waitFor(() => delivery(t!, first!)?.state === 'delivered', 10_000, 'delivered')
    const identity = t.relay.history.get(first!)!.alert.fingerprint
    t.relay.oncall.acknowledge([identity], 'li.lei')
    await t.close()
    t = await startTestRelay({ dataDir })
    expect(t.relay.oncall.active.get(identity)).toMatchObject({ ack: { by: 'li.lei' } })
    const [muted] = await post(t, { title: 'Restart-Muted', severity: 'critical', host: 'db-1' })
    await waitFor(() => delivery(t!, muted!)?.state === 'muted', 10_000, 'muted after restart')
    expect(sentWith(t, 'Restart-Muted')).toHaveLength(0)
  })
})
