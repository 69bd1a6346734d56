import { english } from '../../electron/core/text/core-text'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const fast = { backoff: () => 50 }
/**
 * How many per-alert messages the robot received that carry this text (an alert in two is a
 * duplicate); a storm summary (#17) names alerts without delivering them.
 */
const messagesWith = (t: TestRelay, needle: string) =>
  t.sim.rules.messages.filter(
    (m) => m.content.includes(needle) && !m.content.includes('Alert storm'),
  ).length
const post = async (t: TestRelay, body: unknown) =>
  ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
const stateOf = (t: TestRelay, id: string, channel = 'oncall') =>
  t.relay.history.get(id)?.deliveries[channel]?.state

describe('storm: never over the limit, never a lost alert', () => {
  it('60 alerts within a second to one robot: zero 45009, every alert once, in few messages', async () => {
    t = await startTestRelay({
      sim: { rateLimit: 20, windowMs: 1000 },
      delivery: { windowMs: 1000, ...fast },
    })
    const ids: string[] = []
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        ids.push(
          ...(await post(t!, {
            title: `Storm-${String(i).padStart(3, '0')}-x`,
            severity: i % 2 ? 'critical' : 'warning',
            host: `h${i}`,
          })),
        )
      }),
    )
    await waitFor(() => ids.every((id) => stateOf(t!, id) === 'delivered'), 20_000, 'all delivered')
    expect(t.sim.rules.stats()['45009']).toBeUndefined()
    for (let i = 0; i < 60; i++)
      expect(messagesWith(t, `Storm-${String(i).padStart(3, '0')}-x`)).toBe(1)
    expect(t.sim.rules.messages.length).toBeLessThan(60)
    const digested = ids.filter(
      (id) => t!.relay.history.get(id)!.deliveries.oncall!.via === 'digest',
    )
    expect(digested.length).toBeGreaterThan(0)
  })

  it('a pool of 3 robots carries 3× the messages of one', async () => {
    // Alerts too big to share a message: one alert per send, so the limiter is the only brake.
    // A minute's window, as a real robot's: what one rate window lets through is counted by the
    // robots' own state, not by how long the sends took.
    const big = (i: number) => ({ title: `Pool-${i}`, summary: `${i} ${'x'.repeat(3000)}` })
    const windowMs = 60_000
    const run = async (keys: string[]) => {
      const r = await startTestRelay({
        channels: [{ name: 'oncall', keys, throttle: { perMinute: 2 } }],
        sim: { rateLimit: 2, windowMs },
        delivery: { windowMs, ...fast },
      })
      await Promise.all(Array.from({ length: 12 }, (_, i) => post(r, big(i))))
      // Every robot of the pool has used its window; the rest waits for the next one.
      const robots = () => r.relay.delivery.status().channels[0]!.robots
      // ...and each send's answer recorded (a send the robot has taken but the relay has not
      // heard back from still counts as waiting).
      await waitFor(
        () =>
          r.sim.rules.messages.length === 2 * keys.length &&
          robots().every((robot) => robot.nextFreeSlot !== null) &&
          r.relay.history.query({ outcome: 'delivered' }).total === 2 * keys.length,
        20_000,
        "every robot's window used",
      )
      const result = {
        messages: r.sim.rules.messages.length,
        perKey: keys.map((k) => r.sim.rules.messages.filter((m) => m.key === k).length),
        rejected: r.sim.rules.stats()['45009'] ?? 0,
        waiting: r.relay.delivery.status().channels[0]!.backlog,
      }
      await r.close()
      return result
    }
    const one = await run(['pool-key-a0001'])
    const three = await run(['pool-key-a0001', 'pool-key-b0002', 'pool-key-c0003'])
    // One window: one robot carries 2, three carry 6, none past its limit.
    expect(one).toEqual({ messages: 2, perKey: [2], rejected: 0, waiting: 10 })
    expect(three).toEqual({ messages: 6, perKey: [2, 2, 2], rejected: 0, waiting: 6 })
  })
})

describe('aggregation', () => {
  it('sends a repeat once per window and reports the count with the next message', async () => {
    // The relay's clock, moved on past the aggregation window instead of waiting it out.
    let ahead = 0
    t = await startTestRelay({
      channels: [{ name: 'oncall', aggregate: { enabled: true, windowSeconds: 1 } }],
      delivery: { ...fast, now: () => Date.now() + ahead },
    })
    const alert = { title: 'Flapping', host: 'db-1', severity: 'warning' }
    const [first] = await post(t, alert)
    await waitFor(() => stateOf(t!, first!) === 'delivered')
    const repeats = (await Promise.all([1, 2, 3, 4].map(() => post(t!, alert)))).flat()
    for (const id of repeats) {
      await waitFor(() => stateOf(t!, id) === 'aggregated')
      expect(t.relay.history.get(id)!.deliveries.oncall!.aggregatedInto).toBe(first)
    }
    expect(t.sim.rules.messages).toHaveLength(1)
    ahead += 1001
    const [next] = await post(t, alert)
    await waitFor(() => stateOf(t!, next!) === 'delivered')
    expect(t.sim.rules.messages).toHaveLength(2)
    expect(t.sim.rules.messages[1]!.content).toMatch(/Repeated 4 times since \d\d:\d\d/)
    expect(t.relay.history.get(next!)!.deliveries.oncall!.repeats).toBe(4)
  })

  it('folds repeats that arrive while the first is still queued into it', async () => {
    t = await startTestRelay({ delivery: fast })
    t.relay.delivery.pause()
    const ids = (
      await Promise.all([0, 1, 2].map(() => post(t!, { title: 'Same', host: 'x' })))
    ).flat()
    await waitFor(() => ids.filter((id) => stateOf(t!, id) === 'aggregated').length === 2)
    t.relay.delivery.resume()
    await waitFor(() => t!.sim.rules.messages.length === 1)
    expect(t.sim.rules.messages[0]!.content).toContain('Repeated 2 times')
  })

  it('a resolved alert is a different alert: sent once, even inside the window', async () => {
    t = await startTestRelay({ delivery: fast })
    const firing = {
      version: '4',
      alerts: [{ status: 'firing', labels: { alertname: 'Disk' }, fingerprint: 'fp1' }],
    }
    const resolved = {
      version: '4',
      alerts: [
        {
          status: 'resolved',
          labels: { alertname: 'Disk' },
          fingerprint: 'fp1',
          endsAt: new Date().toISOString(),
        },
      ],
    }
    const [a] = await post(t, firing)
    await waitFor(() => stateOf(t!, a!) === 'delivered')
    const [b] = await post(t, resolved)
    await waitFor(() => stateOf(t!, b!) === 'delivered')
    const [c] = await post(t, resolved)
    await waitFor(() => stateOf(t!, c!) === 'aggregated')
    expect(t.sim.rules.messages).toHaveLength(2)
    expect(t.sim.rules.messages[1]!.content).toContain('Resolved')
  })
})

describe('push throttling (caps)', () => {
  it('records alerts over the hourly cap as throttled and sends one summary when the hour turns', async () => {
    let offset = 0
    t = await startTestRelay({
      channels: [{ name: 'oncall', throttle: { perMinute: 20, perHour: 2 } }],
      delivery: { ...fast, now: () => Date.now() + offset },
    })
    const ids = await post(
      t,
      Array.from({ length: 5 }, (_, i) => ({ title: `Capped-${i}` })),
    )
    await waitFor(() =>
      ids.every((id) => ['delivered', 'throttled'].includes(stateOf(t!, id) ?? '')),
    )
    expect(ids.map((id) => stateOf(t!, id))).toEqual([
      'delivered',
      'delivered',
      'throttled',
      'throttled',
      'throttled',
    ])
    expect(english(t.relay.history.get(ids[2]!)!.deliveries.oncall!.reason)).toContain(
      'hourly cap of 2',
    )
    expect(t.relay.delivery.status().channels[0]!.caps).toMatchObject({
      perHour: 2,
      sentThisHour: 2,
      heldThisHour: 3,
    })
    offset = 3_600_000
    t.relay.delivery.resume()
    await waitFor(
      () =>
        t!.sim.rules.messages.some((m) =>
          m.content.includes('3 alerts were held back by the hourly cap of 2'),
        ),
      5000,
      'summary',
    )
  })
})

describe('failures', () => {
  it('retries 5xx with backoff, then delivers; every attempt is in the history', async () => {
    t = await startTestRelay({ delivery: fast })
    t.sim.faults.add({ fault: { kind: 'status', status: 502 }, times: 2 })
    const [id] = await post(t, { title: 'Retry me' })
    await waitFor(() => stateOf(t!, id!) === 'delivered')
    const attempts = t.relay.history.get(id!)!.attempts
    expect(attempts.map((a) => [a.httpStatus, a.outcome, a.retry])).toEqual([
      [502, 'retryable', 0],
      [502, 'retryable', 1],
      [200, 'success', 2],
    ])
  })

  it('gives up after the maximum age with the reason', async () => {
    t = await startTestRelay({ delivery: { ...fast, maxRetryAgeMs: 300 } })
    t.sim.faults.add({ fault: { kind: 'reset' } })
    const [id] = await post(t, { title: 'Doomed' })
    await waitFor(() => stateOf(t!, id!) === 'failed', 10_000)
    expect(english(t.relay.history.get(id!)!.deliveries.oncall!.reason)).toMatch(
      /^Gave up after retrying .*connection was closed/,
    )
  })

  it('fails at once on a permanent error (93000) and says why', async () => {
    t = await startTestRelay({ channels: [{ name: 'oncall', keys: ['deleted-robot-01'] }] })
    t.sim.rules.options.keys = ['someone-else'] // the robot was removed from the group
    const [id] = await post(t, { title: 'Nobody home' })
    await waitFor(() => stateOf(t!, id!) === 'failed')
    expect(t.relay.history.get(id!)!.attempts).toHaveLength(1)
    expect(english(t.relay.history.get(id!)!.deliveries.oncall!.reason)).toContain(
      'key is wrong, or the robot was removed',
    )
    expect(english(t.relay.delivery.status().channels[0]!.robots[0]!.broken)).toContain(
      'webhook key is invalid',
    )
  })

  it('a robot deleted mid-storm: the rest of the pool carries every alert', async () => {
    t = await startTestRelay({
      channels: [{ name: 'oncall', keys: ['pool-live-0001', 'pool-gone-0002'] }],
      sim: { rateLimit: 20, windowMs: 1000 },
      delivery: { windowMs: 1000, ...fast },
    })
    t.sim.rules.options.keys = ['pool-live-0001']
    const ids = (
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          post(t!, { title: `Gone-${i}-y`, summary: 'x'.repeat(1500) }),
        ),
      )
    ).flat()
    await waitFor(() => ids.every((id) => stateOf(t!, id) === 'delivered'), 20_000)
    for (let i = 0; i < 30; i++) expect(messagesWith(t, `Gone-${i}-y`)).toBe(1)
    expect(t.sim.rules.stats()['93000']).toBe(1)
  })

  it('a 45009 from a robot shared with another sender rests it a full window, then delivers', async () => {
    t = await startTestRelay({ delivery: { windowMs: 300, ...fast } })
    t.sim.faults.add({ fault: { kind: 'errcode', errcode: 45009 }, times: 1 })
    const [id] = await post(t, { title: 'Shared robot' })
    await waitFor(() => stateOf(t!, id!) === 'delivered')
    const [first, second] = t.relay.history.get(id!)!.attempts
    expect(first!.errcode).toBe(45009)
    expect(Date.parse(second!.at) - Date.parse(first!.at)).toBeGreaterThanOrEqual(290)
  })

  it('40058 shrinks the message and resends it', async () => {
    t = await startTestRelay({ delivery: fast })
    t.sim.faults.add({ fault: { kind: 'errcode', errcode: 40058 }, times: 1 })
    const [id] = await post(t, { title: 'Too long', summary: 'y'.repeat(3500) })
    await waitFor(() => stateOf(t!, id!) === 'delivered')
    const [first, second] = t.relay.history.get(id!)!.attempts
    expect(first!.errcode).toBe(40058)
    expect(second!.bytes).toBeLessThanOrEqual(2048)
  })

  it('an HTML answer or a stall is a defined outcome, and other channels keep flowing', async () => {
    t = await startTestRelay({
      channels: [
        { name: 'oncall', keys: ['html-robot-001'], timeoutSeconds: 1 },
        { name: 'db', keys: ['fine-robot-001'] },
      ],
      delivery: { ...fast, maxRetryAgeMs: 200 },
    })
    t.sim.faults.add({ fault: { kind: 'html' }, key: 'html-robot-001' })
    const [bad] = await post(t, { title: 'To html' })
    const good = (
      (await (await t.post('/alerts?channel=db', { title: 'To db' })).json()) as { ids: string[] }
    ).ids[0]!
    await waitFor(() => stateOf(t!, bad!) === 'failed' && stateOf(t!, good, 'db') === 'delivered')
    expect(english(t.relay.history.get(bad!)!.deliveries.oncall!.reason)).toContain('HTML page')
  })
})

describe('pause, mentions and the persisted budget', () => {
  it('pause keeps accepting and queueing; resume flushes through the limiter', async () => {
    t = await startTestRelay({ delivery: fast })
    t.relay.delivery.pause(60_000)
    const ids = (await Promise.all([0, 1, 2].map((i) => post(t!, { title: `Paused-${i}` })))).flat()
    await waitFor(() => t!.relay.delivery.status().backlog === 3, 5_000, 'three queued')
    expect(t.sim.rules.messages).toHaveLength(0)
    expect(t.relay.delivery.status()).toMatchObject({ paused: true, backlog: 3 })
    expect(t.relay.delivery.status().pausedUntil).not.toBeNull()
    const resumedAt = Date.now()
    t.relay.delivery.resume()
    await waitFor(() => ids.every((id) => stateOf(t!, id) === 'delivered'))
    expect(t.relay.delivery.status()).toMatchObject({ paused: false, backlog: 0 })
    // Nothing went while paused: the robot received every message after the resume.
    expect(t.sim.rules.messages.length).toBeGreaterThan(0)
    for (const m of t.sim.rules.messages)
      expect(Date.parse(m.receivedAt)).toBeGreaterThanOrEqual(resumedAt)
  })

  it('mobile mentions with Markdown ride in a follow-up text message that counts against the limit', async () => {
    t = await startTestRelay({
      channels: [{ name: 'oncall', mentionMobiles: ['13800001111'], throttle: { perMinute: 3 } }],
      sim: { rateLimit: 3, windowMs: 400 },
      delivery: { windowMs: 400, ...fast },
    })
    const ids = (
      await Promise.all(
        Array.from({ length: 4 }, (_, i) =>
          post(t!, { title: `Mention-${i}`, summary: 'z'.repeat(3000) }),
        ),
      )
    ).flat()
    await waitFor(
      () =>
        ids.every((id) => stateOf(t!, id) === 'delivered') &&
        t!.sim.rules.messages.filter((m) => m.msgtype === 'text').length === 4,
      10_000,
    )
    expect(t.sim.rules.stats()['45009']).toBeUndefined()
    const mentions = t.sim.rules.messages.filter((m) => m.msgtype === 'text')
    expect(mentions.every((m) => m.mentionedMobiles.includes('13800001111'))).toBe(true)
    expect(mentions[0]!.content).toMatch(/Mention-\d: see the message above\./)
  })

  it('remembers each robot budget across a restart', async () => {
    const windowMs = 1500
    t = await startTestRelay({
      channels: [{ name: 'oncall', throttle: { perMinute: 3 }, aggregate: { enabled: false } }],
      sim: { rateLimit: 3, windowMs },
      delivery: { windowMs, ...fast },
    })
    for (let i = 0; i < 3; i++) {
      const [id] = await post(t, { title: `Budget-${i}`, summary: 'q'.repeat(3000) })
      await waitFor(() => stateOf(t!, id!) === 'delivered')
    }
    const { dataDir, sim } = t
    await t.relay.close()
    // Same data folder, same robot: the 3 sends of the last window still count.
    const again = await startTestRelay({
      dataDir,
      channels: [{ name: 'oncall', throttle: { perMinute: 3 }, aggregate: { enabled: false } }],
      sim: { rateLimit: 3, windowMs },
      delivery: { windowMs, ...fast },
    })
    // Point the new relay at the first simulator, which still remembers the window.
    again.relay.settings.update((s) => {
      s.channels[0]!.webhookUrl = sim.webhookUrl('robot-key-0001')
    })
    const [id] = await post(again, { title: 'Budget-3' })
    await waitFor(() => stateOf(again, id!) === 'delivered', 10_000)
    expect(sim.rules.stats()['45009']).toBeUndefined()
    expect(sim.rules.messages).toHaveLength(4)
    await again.close()
    await sim.close()
    t = undefined
  })
})
