import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { SAMPLES } from '../../electron/core/templates/samples'
import { EXPECTED } from '../fixtures/real/expectations'
import { realPayloads } from '../fixtures/real/load'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { checkMessage, EMPTY_FIELD, TIME, VISIBLE_ESCAPE } from '../unit/messages/message-checks'

/**
 * Every real body, posted to the listener as its sender posts it, delivered by the engine to the
 * simulator in text, Markdown and Markdown v2, with mentions configured: what the group reads.
 */
const FORMATS = ['text', 'markdown', 'markdown_v2'] as const
const MOBILE = '13800001111'

let t: TestRelay
beforeAll(async () => {
  t = await startTestRelay({
    channels: FORMATS.map((format) => ({
      name: format,
      keys: [`key-${format}`],
      format,
      mentionMobiles: [MOBILE],
      mentionUserIds: ['zhangsan'],
      aggregate: { enabled: false },
      // The message is under test, not its timing: no gather window (storm-burst.test.ts has it).
      storm: { gatherSeconds: 0 },
    })),
    settings: { app: { timeZone: 'Asia/Shanghai' } },
    sim: { rateLimit: 20, windowMs: 1000 },
    delivery: { windowMs: 1000, backoff: () => 50 },
  })
})
afterAll(() => t?.close())

const query = FORMATS.map((f) => `channel=${f}`).join('&')

/** Waits until the text channel has delivered these alerts, so no message lands in a later test. */
const delivered = (ids: string[]) =>
  waitFor(
    () => ids.every((id) => t.relay.history.get(id)?.deliveries.text?.state === 'delivered'),
    15_000,
    'delivered to the text channel',
  )

describe('real payloads, end to end, in every format', () => {
  for (const p of realPayloads().filter((x) => EXPECTED[x.file]!.length)) {
    it(p.file, async () => {
      const expected = EXPECTED[p.file]!
      const before = t.sim.rules.messages.length
      const res = await t.post(`/alerts?${query}`, p.text, {
        headers: { 'content-type': p.contentType },
      })
      expect(res.status).toBe(202)
      const { ids } = (await res.json()) as { ids: string[] }
      expect(ids).toHaveLength(expected.length)
      await waitFor(
        () =>
          ids.every((id) =>
            FORMATS.every((f) => t.relay.history.get(id)?.deliveries[f]?.state === 'delivered'),
          ) &&
          // The mention follow-ups of the two Markdown channels have arrived too.
          FORMATS.filter((f) => f !== 'text').every((f) =>
            t.sim.rules.messages
              .slice(before)
              .some((m) => m.key === `key-${f}` && m.msgtype === 'text'),
          ),
        15_000,
        `${p.file} delivered`,
      )
      for (const format of FORMATS) {
        const got = t.sim.rules.messages.slice(before).filter((m) => m.key === `key-${format}`)
        const alertMessages = got.filter((m) => m.msgtype === format)
        const followUps = format === 'text' ? [] : got.filter((m) => m.msgtype === 'text')
        expect(alertMessages.length, format).toBeGreaterThan(0)
        const content = alertMessages.map((m) => m.content).join('\n\n')
        if (expected.length === 1) checkMessage(content, expected[0]!, p.text)
        else {
          expect(content).not.toMatch(EMPTY_FIELD)
          expect(content).toMatch(TIME)
          if (!VISIBLE_ESCAPE.test(p.text)) expect(content).not.toMatch(VISIBLE_ESCAPE)
          for (const e of expected) {
            expect(content).toContain(e.status === 'resolved' ? '✅' : '🔥')
            if (e.level) expect(content).toContain(e.level)
            if (e.time) expect(content).toContain(`${e.time} +08:00`)
            for (const fact of e.facts) expect(content, fact).toContain(fact)
          }
        }
        // Mentions where configured: text on the message itself; Markdown inline for the user
        // and in a follow-up for the mobile; Markdown v2 only in the follow-up.
        if (format === 'text')
          for (const m of alertMessages) expect(m.mentionedMobiles).toEqual([MOBILE])
        else {
          expect(content.includes('<@zhangsan>')).toBe(format === 'markdown')
          expect(followUps.length).toBeGreaterThan(0)
          for (const m of followUps) expect(m.mentionedMobiles).toEqual([MOBILE])
        }
      }
    })
  }
})

describe('AWS SNS, as SNS posts it (text/plain)', () => {
  const sns = { 'content-type': 'text/plain; charset=UTF-8' }
  it('a subscription request is shown with its confirm link and never sent to a robot', async () => {
    const p = realPayloads({ all: true }).find(
      (x) => x.file === 'aws-sns-subscription-confirmation.json',
    )!
    const before = t.sim.rules.messages.length
    const res = await t.post(`/alerts?${query}`, p.text, { headers: sns })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { accepted: number }).accepted).toBe(0)
    const [entry] = t.relay.subscriptions.list()
    expect(entry).toMatchObject({
      service: 'AWS SNS',
      topic: 'arn:aws:sns:ap-southeast-2:123456789012:awesome-pipeline-monitoring',
    })
    expect(entry!.confirmUrl).toMatch(
      /^https:\/\/sns\.ap-southeast-2\.amazonaws\.com\/\?Action=ConfirmSubscription&/,
    )
    // Nothing was sent: an alert posted after it is the only message that arrives.
    const after = await t.post('/alerts?channel=text', { title: 'AfterTheSubscription' })
    await delivered(((await after.json()) as { ids: string[] }).ids)
    expect(t.sim.rules.messages.slice(before).map((m) => m.content)).toEqual([
      expect.stringContaining('AfterTheSubscription'),
    ])
  })
  it('a notification holding a CloudWatch alarm is read as the alarm', async () => {
    const p = realPayloads().find((x) => x.file === 'aws-sns-cloudwatch-lambda-errors-ok.json')!
    const res = await t.post('/alerts?channel=text', p.text, { headers: sns })
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    await delivered(ids)
    const stored = t.relay.history.get(ids[0]!)!.alert
    expect([stored.source, stored.status, stored.vars.alarm_name]).toEqual([
      'cloudwatch',
      'resolved',
      'partners-sqs-batch-live-lambda-error',
    ])
  })
  it('plain text that is not a sender’s JSON stays a one-line alert', async () => {
    const res = await t.post('/alerts?channel=text', '{ disk full on db-1', {
      headers: { 'content-type': 'text/plain' },
    })
    const { ids } = (await res.json()) as { ids: string[] }
    await delivered(ids)
    expect(t.relay.history.get(ids[0]!)!.alert.vars.alarm_name).toBe('{ disk full on db-1')
  })
})

describe('one composer', () => {
  it('the template preview is byte for byte what the robot receives', async () => {
    const service = createApiService(t.relay, { mode: 'headless', version: 'test' })
    for (const format of FORMATS) {
      const cfg = t.relay.settings.get().channels.find((c) => c.name === format)!
      // The resolved sample: its times are fixed, so nothing depends on when the test runs.
      const preview = await service.previewTemplate({
        template: cfg.template,
        format,
        sample: { kind: 'sample', id: 'resolved' },
        mentionMobiles: [...cfg.mentionMobiles],
        mentionUserIds: [...cfg.mentionUserIds],
        language: cfg.language,
      })
      const before = t.sim.rules.messages.length
      const payload = SAMPLES.find((s) => s.id === 'resolved')!.payload
      expect((await t.post(`/alerts?channel=${format}`, payload)).status).toBe(202)
      await waitFor(
        () => t.sim.rules.messages.length - before >= preview.messages.length,
        15_000,
        'the sample delivered',
      )
      const received = t.sim.rules.messages.slice(before, before + preview.messages.length)
      expect(received.map((m) => [m.msgtype, m.content])).toEqual(
        preview.messages.map((m) => [m.msgtype, m.content]),
      )
    }
  })
})

describe('forced sources', () => {
  it.each([
    ['/alerts/uptime-kuma', 'kuma-down-payments.json'],
    ['/alerts/zabbix', 'zabbix-high-cpu-problem.json'],
    ['/alerts/aliyun', 'aliyun-ecs-cpu-ok.form'],
    ['/alerts/nightingale', 'n9e-v8-callback-cpu.json'],
    ['/alerts/skywalking', 'skywalking-tags-level-warning.json'],
    ['/alerts/tencent-cloud', 'tencent-cm-metric-disk-firing.json'],
    ['/alerts/huawei-cloud', 'huawei-ces-rds-disk-major.json'],
    ['/alerts/cloudwatch', 'aws-sns-cloudwatch-lambda-errors-ok.json'],
    ['/alerts/sentry', 'sentry-issue-resolved.json'],
    ['/alerts/pagerduty', 'pagerduty-v3-triggered.json'],
    ['/alerts/newrelic', 'newrelic-workflow-activated-critical.json'],
    ['/alerts/datadog', 'datadog-keep-high-cpu-p3.json'],
    ['/alerts/hertzbeat', 'hertzbeat-webhook-v13.json'],
    ['/alerts/zabbix', 'zabbix-media-hostname-ok.json'],
  ])('%s takes its sender', async (path, file) => {
    const p = realPayloads().find((x) => x.file === file)!
    const res = await t.post(`${path}?channel=text`, p.text, {
      headers: { 'content-type': p.contentType },
    })
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    await delivered(ids)
    expect(t.relay.history.get(ids[0]!)?.alert.source).toBe(EXPECTED[file]![0]!.source)
  })
  it('a Huawei Cloud Eye alarm (alarm_* keys) on plain /alerts reads as Huawei, not OCP', async () => {
    const p = realPayloads().find((x) => x.file === 'huawei-ces-rds-disk-major.json')!
    const res = await t.post('/alerts?channel=text', p.text, {
      headers: { 'content-type': 'application/json' },
    })
    const { ids } = (await res.json()) as { ids: string[] }
    await delivered(ids)
    const stored = t.relay.history.get(ids[0]!)!.alert
    expect(stored.source).toBe('huawei-cloud')
    expect(stored.vars.alarm_level).toBe('critical')
  })
  it("refuses another sender's body with a sentence", async () => {
    const res = await t.post('/alerts/zabbix', { heartbeat: {}, monitor: {} })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: string }).error).toMatch(/not a Zabbix alert/)
  })
})
