import { afterEach, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import type { ReceivedMessage } from '../../electron/core/simulator/robot'
import { identifyCoreText } from '../../electron/core/text/core-text'
import { realPayloads } from '../fixtures/real/load'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

/**
 * A storm the way Alertmanager delivers one (#23): many groups, a request every 100 ms over three
 * seconds, 300 alerts under 12 names, against the simulator with WeCom's real window (20 a
 * minute). Only the first seconds are watched, so the real window costs no waiting.
 */

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const NAMES = 12
const TOTAL = 300
const REQUESTS = 30
const LEVELS = ['critical', 'critical', 'critical', 'warning', 'warning', 'warning', 'warning']

/**
 * The burst's requests, built from a real Alertmanager payload (the Kubernetes crash-loop alert,
 * `am-k8s-crashloop-pod-critical.json`): alert `i` is name `i % 12` on target `etcd-NN` (zero
 * padded, 25 per name), names 1–3 critical, 4–7 warning, the rest info, every 7th resolved. Each
 * request is one Alertmanager group of 10 alerts.
 */
function burst(): { requests: unknown[]; names: string[]; critical: string[] } {
  const real = realPayloads().find((p) => p.file === 'am-k8s-crashloop-pod-critical.json')!
  const base = (real.body as { alerts: Array<Record<string, unknown>> }).alerts[0]!
  const baseLabels = base.labels as Record<string, string>
  const names = Array.from({ length: NAMES }, (_, n) => `${baseLabels.alertname}${n + 1}`)
  const alerts = Array.from({ length: TOTAL }, (_, i) => {
    const n = i % NAMES
    const resolved = i % 7 === 0
    const target = `etcd-${String(Math.floor(i / NAMES) + 1).padStart(2, '0')}`
    return {
      ...base,
      status: resolved ? 'resolved' : 'firing',
      labels: {
        ...baseLabels,
        alertname: names[n]!,
        severity: LEVELS[n] ?? 'info',
        pod: target,
        instance: target,
      },
      fingerprint: `burst-${i}`,
      ...(resolved ? { endsAt: new Date().toISOString() } : {}),
    }
  })
  const per = TOTAL / REQUESTS
  const requests = Array.from({ length: REQUESTS }, (_, r) => ({
    version: '4',
    status: 'firing',
    receiver: 'relay',
    groupKey: `{}:{burst="${r}"}`,
    alerts: alerts.slice(r * per, (r + 1) * per),
  }))
  return { requests, names, critical: names.filter((_, n) => LEVELS[n] === 'critical') }
}

/** Posts each request 100 ms after the previous one; returns when the first and last went. */
async function post(requests: unknown[]): Promise<{ first: number; last: number }> {
  const first = Date.now()
  let last = first
  for (let r = 0; r < requests.length; r++) {
    const due = first + r * 100
    if (due > Date.now()) await new Promise((ok) => setTimeout(ok, due - Date.now()))
    last = Date.now()
    const res = await t!.post('/alerts', requests[r])
    expect(res.status).toBe(202)
  }
  return { first, last }
}

const at = (m: ReceivedMessage) => Date.parse(m.receivedAt)
const names = (m: ReceivedMessage, list: readonly string[]) =>
  list.filter((n) => new RegExp(`\\b${n}\\b`).test(m.content))
const isPing = (m: ReceivedMessage) => m.msgtype === 'text' && m.mentionedMobiles.length > 0

describe('a storm that arrives over three seconds (#23)', () => {
  it('one channel with an @mention: the total and all 12 names within 5 s of the last post, few messages and pings before', async () => {
    t = await startTestRelay({
      channels: [{ name: 'oncall', format: 'markdown', mentionMobiles: ['13800001111'] }],
      sim: { rateLimit: 20, windowMs: 60_000, keep: 10_000 },
    })
    const { requests, names: all } = burst()
    const { first, last } = await post(requests)
    const complete = (m: ReceivedMessage) =>
      new RegExp(`\\b${TOTAL} alerts\\b`).test(m.content) && names(m, all).length === NAMES
    await waitFor(
      () => t!.sim.rules.messages.some(complete) || Date.now() > last + 5000,
      10_000,
      'the complete summary or 5 s',
    )
    const messages = t.sim.rules.messages
    const i = messages.findIndex(complete)
    expect(i, messages.map((m) => m.content.split('\n')[0]).join('\n')).toBeGreaterThanOrEqual(0)
    expect(at(messages[i]!) - last).toBeLessThanOrEqual(5000)
    expect(i).toBeLessThanOrEqual(3)
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
    const { last } = await post(requests)
    await waitFor(() => Date.now() > last + 8000, 15_000, '8 s after the last post')
    const messages = t.sim.rules.messages
    const firstCritical = messages.findIndex((m) => names(m, critical).length === critical.length)
    expect(firstCritical, messages.map((m) => m.content.split('\n')[0]).join('\n')).not.toBe(-1)
    expect(at(messages[firstCritical]!) - last).toBeLessThanOrEqual(5000)
    const firstOther = messages.findIndex((m) => names(m, others).length > 0)
    if (firstOther !== -1)
      expect(firstCritical, messages.map((m) => m.receivedAt + " " + m.content.slice(0, 300)).join("\n---\n")).toBeLessThan(firstOther)
    expect(t.sim.rules.stats()['45009']).toBeUndefined()
    // Both channels' budgets are the robot's one: never more than 20 in a minute.
    expect(messages.length).toBeLessThanOrEqual(20)
  }, 40_000)

  it('the channel form says when a webhook is already used by another channel, and that they share one budget', async () => {
    t = await startTestRelay({ channels: [{ name: 'oncall' }, { name: 'db', keys: ['db-key-1'] }] })
    const service = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const webhookUrl = t.sim.webhookUrl('robot-key-0001')
    const { warnings } = await service.validateChannel({ channel: { name: 'team', webhookUrl } })
    const shared = warnings.find((w) => w.includes('also used by'))
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
    expect(own.warnings.some((w) => w.includes('also used by'))).toBe(false)
    const other = await service.validateChannel({
      channel: { name: 'team', webhookUrl: t.sim.webhookUrl('another-key') },
    })
    expect(other.warnings.some((w) => w.includes('also used by'))).toBe(false)
  })
})
