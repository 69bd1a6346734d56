import { saying } from '../helpers/said'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startFakeRobot } from '../helpers/fake-robot'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const post = async (t: TestRelay, body: unknown) =>
  ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
const delivery = (t: TestRelay, id: string, channel = 'oncall') =>
  t.relay.history.get(id)?.deliveries[channel]
/**
 * An alert too big to share a 20,000-byte DingTalk or Feishu message: one alert per send, so the
 * limiter is the only brake.
 */
const big = (name: string) => ({ title: name, severity: 'critical', summary: 'x'.repeat(11_000) })

describe('the engine delivers each channel type within its limits', () => {
  it('200 alerts to one DingTalk robot: zero rate errors, every alert once, signed', async () => {
    const windowMs = 500
    t = await startTestRelay({
      sim: {
        windowMs,
        rateLimit: 20,
        signatureSecrets: { 'ding-token-0001': 'SECding000111222333' },
      },
      keys: ['ding-token-0001'],
      channels: [
        {
          name: 'oncall',
          type: 'dingtalk',
          webhookUrl: 'http://127.0.0.1:9/robot/send?access_token=ding-token-0001',
          signatureKey: 'SECding000111222333',
          mentionMobiles: ['13800001111'],
        },
      ],
      delivery: { windowMs, backoff: () => 50 },
    })
    // The simulator's port is known only now: point the channel at its DingTalk path.
    t.relay.settings.update((s) => {
      s.channels[0]!.webhookUrl = t!.sim.dingtalkUrl('ding-token-0001')
    })
    const ids = (
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          post(t!, big(`Ding-${String(i).padStart(3, '0')}-x`)),
        ),
      )
    ).flat()
    await waitFor(
      () => ids.every((id) => delivery(t!, id)?.state === 'delivered'),
      60_000,
      'all delivered',
    )
    expect(t.sim.rules.stats()['130101']).toBeUndefined()
    expect(t.sim.rules.stats()['310000']).toBeUndefined()
    const msgs = t.sim.rules.messages
    expect(msgs.every((m) => m.platform === 'dingtalk' && m.signed)).toBe(true)
    // A storm summary (#17) names alerts too; each alert is in exactly one per-alert message.
    const perAlert = msgs.filter((m) => !m.content.includes('Alert storm'))
    for (let i = 0; i < 200; i++) {
      const name = `Ding-${String(i).padStart(3, '0')}-x`
      expect(perAlert.filter((m) => m.content.includes(name))).toHaveLength(1)
    }
    // The mention is in the Markdown text and in at.atMobiles: DingTalk notifies it. During the
    // storm the summary rings the people on call, and its per-alert details do not (#23).
    expect(msgs[0]!.content).toContain('Alert storm')
    expect(msgs[0]!.mentionedMobiles).toContain('13800001111')
    expect(perAlert.every((m) => m.mentionedMobiles.length === 0)).toBe(true)
    expect(perAlert.every((m) => m.title?.startsWith('Ding-'))).toBe(true)
  }, 90_000)

  it('a Feishu bot gets cards within both of its windows', async () => {
    // A 6 s "minute" makes the "second" 100 ms: long enough that back-to-back sends would break it.
    const windowMs = 6000
    t = await startTestRelay({
      sim: { windowMs },
      keys: ['feishu-token-0001'],
      channels: [
        {
          name: 'oncall',
          type: 'feishu',
          webhookUrl: 'http://127.0.0.1:9/open-apis/bot/v2/hook/feishu-token-0001',
          mentionUserIds: ['all'],
          // The windows are the subject: no storm summary before the 40 cards.
          storm: { threshold: 1000 },
        },
      ],
      delivery: { windowMs, backoff: () => 50 },
    })
    t.relay.settings.update((s) => {
      s.channels[0]!.webhookUrl = t!.sim.feishuUrl('feishu-token-0001')
    })
    const ids = (
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => post(t!, big(`Fei-${String(i).padStart(2, '0')}-x`))),
      )
    ).flat()
    await waitFor(
      () => ids.every((id) => delivery(t!, id)?.state === 'delivered'),
      60_000,
      'all delivered',
    )
    expect(t.sim.rules.stats()['9499']).toBeUndefined()
    expect(t.sim.rules.stats()['11232']).toBeUndefined()
    expect(t.sim.rules.messages).toHaveLength(40)
    // The hook token is in the URL's path: the status and the history mask it like a key.
    expect(JSON.stringify(t.relay.delivery.status())).not.toContain('feishu-token-0001')
    expect(JSON.stringify(t.relay.history.get(ids[0]!))).not.toContain('feishu-token-0001')
    expect(t.sim.rules.messages[0]).toMatchObject({
      platform: 'feishu',
      wireType: 'interactive',
      colour: 'red',
      mentionedUserIds: ['all'],
    })
  }, 90_000)

  it('a Feishu text message shows an alert value that is a mention tag, and mentions nobody', async () => {
    t = await startTestRelay({
      keys: ['feishu-token-0002'],
      channels: [
        {
          name: 'oncall',
          type: 'feishu',
          format: 'text',
          webhookUrl: 'http://127.0.0.1:9/open-apis/bot/v2/hook/feishu-token-0002',
        },
      ],
    })
    t.relay.settings.update((s) => {
      s.channels[0]!.webhookUrl = t!.sim.feishuUrl('feishu-token-0002')
    })
    const [id] = await post(t, { title: 'Disk <at user_id="all"></at> full', severity: 'critical' })
    await waitFor(() => delivery(t!, id!)?.state === 'delivered', 10_000, 'delivered')
    const sent = t.sim.rules.messages[0]!
    expect(sent).toMatchObject({ platform: 'feishu', wireType: 'text' })
    expect(sent.mentionedUserIds ?? []).toEqual([])
    expect(sent.content).toContain('＜at user_id="all">')
  })

  it('an HTTP channel posts its JSON body per alert and records the answer', async () => {
    const fake = await startFakeRobot(() => ({ status: 202, body: { accepted: true } }))
    try {
      t = await startTestRelay({
        channels: [
          {
            name: 'oncall',
            type: 'http',
            webhookUrl: '',
            url: `${fake.origin}/hook`,
            body: '{"name": "${alarm_name}", "level": "${alarm_level}"}',
          },
        ],
      })
      const ids = [
        ...(await post(t, { title: 'Http "A"', severity: 'critical' })),
        ...(await post(t, { title: 'Http B', severity: 'info' })),
      ]
      await waitFor(
        () => ids.every((id) => delivery(t!, id)?.state === 'delivered'),
        20_000,
        'delivered',
      )
      expect(fake.received.map((r) => r.json)).toEqual([
        { name: 'Http "A"', level: 'critical' },
        { name: 'Http B', level: 'info' },
      ])
      // History shows the body that was sent, not a WeCom-style message.
      const attempt = t.relay.history.get(ids[1]!)!.attempts[0]!
      expect(attempt.content).toBe(fake.received[1]!.text)
    } finally {
      await fake.close()
    }
  })

  it('a script channel records a non-zero exit, a timeout and a wrong response, each with its reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-script-channel-'))
    const file = join(dir, 'notify.mjs')
    writeFileSync(
      file,
      `const name = process.env.ALARM_NAME
if (name === 'Exit') { console.error('smtp: connection refused'); process.exit(3) }
if (name === 'Hang') setInterval(() => {}, 1000)
else console.log(name === 'Noisy' ? 'sending...' : 'sent')`,
    )
    t = await startTestRelay({
      channels: [
        {
          name: 'oncall',
          type: 'script',
          webhookUrl: '',
          command: [process.execPath, file],
          timeoutSeconds: 1,
          verify: { type: 'regex', pattern: '^sent$' },
        },
      ],
      delivery: { maxRetryAgeMs: 0, backoff: () => 50 },
    })
    const [ok] = await post(t, { title: 'Fine' })
    const [exit] = await post(t, { title: 'Exit' })
    const [hang] = await post(t, { title: 'Hang' })
    const [noisy] = await post(t, { title: 'Noisy' })
    const settled = (id: string) => ['delivered', 'failed'].includes(delivery(t!, id)?.state ?? '')
    await waitFor(() => [ok, exit, hang, noisy].every((id) => settled(id!)), 30_000, 'settled')
    expect(delivery(t, ok!)?.state).toBe('delivered')
    expect(delivery(t, exit!)).toMatchObject({
      state: 'failed',
      reason: saying(expect.stringContaining('smtp: connection refused')),
    })
    expect(delivery(t, hang!)).toMatchObject({
      state: 'failed',
      reason: saying(expect.stringContaining('did not finish within 1 s')),
    })
    expect(delivery(t, noisy!)).toMatchObject({
      state: 'failed',
      reason: saying(expect.stringContaining('did not match')),
    })
  }, 60_000)
})
