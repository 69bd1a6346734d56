import { afterEach, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import type { ReceivedMessage } from '../../electron/core/simulator/robot'
import { identifyCoreText } from '../../electron/core/text/core-text'
import {
  burst,
  completeSummary,
  isPing,
  namesIn as names,
  postBurst,
  receivedAt as at,
  TOTAL,
} from '../helpers/storm-burst'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

/**
 * A storm the way Alertmanager delivers one (#23, `test/helpers/storm-burst.ts`) against the
 * simulator with WeCom's real window (20 a minute). Only the first seconds are watched, so the
 * real window costs no waiting.
 */

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/**
 * Waits up to 5 s after the last post for the message that states the burst's total and names all
 * its names, and checks it came in time with at most three messages before it.
 */
async function completeSummaryFirst(all: string[], last: number) {
  const complete = (m: ReceivedMessage) => completeSummary(m, all)
  await waitFor(
    () => t!.sim.rules.messages.some(complete) || Date.now() > last + 5000,
    10_000,
    'the complete summary or 5 s',
  )
  const messages = t!.sim.rules.messages
  const i = messages.findIndex(complete)
  expect(i, messages.map((m) => m.content.split('\n')[0]).join('\n')).toBeGreaterThanOrEqual(0)
  expect(at(messages[i]!) - last).toBeLessThanOrEqual(5000)
  expect(i).toBeLessThanOrEqual(3)
  return { messages, i }
}

describe('a storm that arrives over three seconds (#23)', () => {
  it('one channel with an @mention: the total and all 12 names within 5 s of the last post, few messages and pings before', async () => {
    t = await startTestRelay({
      channels: [{ name: 'oncall', format: 'markdown', mentionMobiles: ['13800001111'] }],
      sim: { rateLimit: 20, windowMs: 60_000, keep: 10_000 },
    })
    const { requests, names: all } = burst()
    const { first, last } = await postBurst((b) => t!.post('/alerts', b), requests)
    const { messages, i } = await completeSummaryFirst(all, last)
    // Zero-padded targets fold into one run.
    expect(messages[i]!.content).toContain('etcd-01…etcd-25')
    // Pings: watched for the first 15 s; each counts firing alerts only.
    await waitFor(() => Date.now() > first + 15_000, 20_000, '15 s after the first post')
    const pings = t.sim.rules.messages.filter((m) => isPing(m) && at(m) <= first + 15_000)
    expect(pings.length).toBeLessThanOrEqual(2)
    for (const p of pings) {
      const n = Number(/(\d+) alerts? above/.exec(p.content)?.[1])
      const firing = TOTAL - Math.ceil(TOTAL / 7)
      expect(n).toBeLessThanOrEqual(firing)
    }
    expect(t.sim.rules.stats()['45009']).toBeUndefined()
  }, 40_000)

  it('short alerts on a channel as shipped (no @mention): still one complete summary first, not a wall of digests', async () => {
    // Alerts of a line or two fit 20+ to a message, so the robot's budget alone could carry the
    // burst in full; six digests of 90 one-line alerts each are still no picture of the storm.
    t = await startTestRelay({
      channels: [{ name: 'team', format: 'markdown' }],
      sim: { rateLimit: 20, windowMs: 60_000, keep: 10_000 },
    })
    const { requests, names: all } = burst('short', 'am-k8s-crashloop-minimal.json')
    const { last } = await postBurst((b) => t!.post('/alerts', b), requests)
    await completeSummaryFirst(all, last)
  }, 30_000)

  it('two channels on one robot, critical routed to one: zero 45009, the critical alerts named first within 5 s', async () => {
    t = await startTestRelay({
      channels: [
        { name: 'oncall', format: 'markdown', mentionMobiles: ['13800001111'] },
        { name: 'team', format: 'markdown' },
      ],
      settings: {
        routes: [{ match: { alarm_level: 'critical' }, channels: ['oncall'] }],
        defaultChannels: ['team'],
      },
      sim: { rateLimit: 20, windowMs: 60_000, keep: 10_000 },
    })
    const { requests, names: all, critical } = burst()
    const others = all.filter((n) => !critical.includes(n))
    const { last } = await postBurst((b) => t!.post('/alerts', b), requests)
    await waitFor(() => Date.now() > last + 8000, 15_000, '8 s after the last post')
    const messages = t.sim.rules.messages
    const firstCritical = messages.findIndex((m) => names(m, critical).length === critical.length)
    expect(firstCritical, messages.map((m) => m.content.split('\n')[0]).join('\n')).not.toBe(-1)
    expect(at(messages[firstCritical]!) - last).toBeLessThanOrEqual(5000)
    const firstOther = messages.findIndex((m) => names(m, others).length > 0)
    if (firstOther !== -1)
      expect(
        firstCritical,
        messages.map((m) => m.receivedAt + ' ' + m.content.slice(0, 300)).join('\n---\n'),
      ).toBeLessThan(firstOther)
    expect(t.sim.rules.stats()['45009']).toBeUndefined()
    // Both channels' budgets are the robot's one: never more than 20 in a minute.
    expect(messages.length).toBeLessThanOrEqual(20)
  }, 40_000)

  it('the channel form says when a webhook is already used by another channel, and that they share one budget', async () => {
    t = await startTestRelay({ channels: [{ name: 'oncall' }, { name: 'db', keys: ['db-key-1'] }] })
    const service = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const webhookUrl = t.sim.webhookUrl('robot-key-0001')
    const { warnings } = await service.validateChannel({ channel: { name: 'team', webhookUrl } })
    const shared = warnings.find((w) => w.message.includes('also used by'))?.message
    expect(shared).toContain('"oncall"')
    expect(shared).toContain('share one robot budget')
    expect(shared).not.toContain('robot-key-0001')
    // The window shows it in 简体中文 too.
    expect(identifyCoreText(shared!)).toMatchObject({ code: 'channel.sharedRobot' })
    // Editing the channel that owns it is no warning; another robot is none either.
    const own = await service.validateChannel({
      channel: { name: 'oncall', webhookUrl },
      originalName: 'oncall',
    })
    expect(own.warnings.some((w) => w.message.includes('also used by'))).toBe(false)
    const other = await service.validateChannel({
      channel: { name: 'team', webhookUrl: t.sim.webhookUrl('another-key') },
    })
    expect(other.warnings.some((w) => w.message.includes('also used by'))).toBe(false)
  })

  it('the gather window: two alerts 300 ms apart to a quiet channel go as one message; with 0, as two', async () => {
    for (const gatherSeconds of [1.5, 0]) {
      t = await startTestRelay({ channels: [{ name: 'oncall', storm: { gatherSeconds } }] })
      const { requests } = burst(`gather-${gatherSeconds}`)
      const [a, b] = (requests[0] as { alerts: unknown[] }).alerts
      const one = (alert: unknown) => ({ ...(requests[0] as object), alerts: [alert] })
      const post = async (alert: unknown) => {
        const res = await t!.post('/alerts', one(alert))
        expect(res.status).toBe(202)
        return ((await res.json()) as { ids: string[] }).ids
      }
      const ids = await post(a)
      await new Promise((ok) => setTimeout(ok, 300))
      ids.push(...(await post(b)))
      await waitFor(
        () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
        10_000,
        'both delivered',
      )
      expect(t.sim.rules.messages).toHaveLength(gatherSeconds ? 1 : 2)
      await t.close()
      t = undefined
    }
  })
})
