import { english } from '../../electron/core/text/core-text'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DingTalkSender } from '../../electron/core/channels/dingtalk/sender'
import { DINGTALK_KNOWN_ERRCODES } from '../../electron/core/channels/dingtalk/errcodes'
import { FeishuSender } from '../../electron/core/channels/feishu/sender'
import { FEISHU_KNOWN_CODES } from '../../electron/core/channels/feishu/errcodes'
import type { Channel } from '../../electron/core/settings/schema'
import { parseSettings } from '../../electron/core/settings/settings-store'
import { startSimulator, type Simulator } from '../../electron/core/simulator/simulator-server'
import { dingtalkExpectedSign, feishuExpectedSign, startFakeRobot } from '../helpers/fake-robot'

const TOKEN = '6a0f1c7e5b2d4c3a9e8f7d6c5b4a39281706f5e4'
const SIGNED = 'b7e1c2d3a4f5061728394a5b6c7d8e9f00112233'
const SECRET = 'SECa1b2c3d4e5f60718293a4b5c6d7e8f9+/='

let sim: Simulator
let dingtalk: DingTalkSender
let feishu: FeishuSender

/** A channel as the settings file would give it. */
function channel(fields: Record<string, unknown>): Channel {
  return parseSettings({
    simulator: { enabled: false },
    channels: [{ name: 'c', ...fields }],
    defaultChannels: ['c'],
  }).channels[0]!
}

const parts = {
  content: '### DiskFull on db-1\n- Level: critical\n- Summary: 97% used',
  title: 'DiskFull on db-1',
  level: 'critical',
  links: [{ text: 'Open in Grafana', url: 'https://grafana.example.com/d/abc' }],
}

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    keys: [TOKEN, SIGNED],
    signatureSecrets: { [SIGNED]: SECRET },
  })
})
afterAll(async () => {
  await Promise.all([dingtalk?.close(), feishu?.close(), sim.close()])
})
beforeEach(() => {
  sim.rules.clear()
  sim.dingtalk.limiter.clear()
  sim.feishu.limiter.clear()
  sim.faults.clear()
  dingtalk = new DingTalkSender()
  feishu = new FeishuSender()
})

describe('DingTalk robot', () => {
  it('signs with a ms timestamp and a URL-encoded sign, and mentions in at and in the Markdown text', async () => {
    const fake = await startFakeRobot()
    try {
      const c = channel({
        type: 'dingtalk',
        webhookUrl: `${fake.origin}/robot/send?access_token=${TOKEN}`,
        signatureKey: SECRET,
        mentionMobiles: ['13800001111', '@all'],
      })
      const [m] = dingtalk.build(c, parts)
      const before = Date.now()
      const r = await dingtalk.send(c, c.webhookUrl, m!)
      expect(r).toMatchObject({ ok: true, outcome: 'success', errcode: 0 })
      const req = fake.received[0]!
      const timestamp = req.query.get('timestamp')!
      expect(timestamp).toMatch(/^\d{13}$/)
      expect(Number(timestamp)).toBeGreaterThanOrEqual(before - 1000)
      const rawSign = /(?:^|&)sign=([^&]+)/.exec(req.rawQuery)![1]
      expect(rawSign).toBe(dingtalkExpectedSign(SECRET, timestamp))
      expect(req.json).toEqual({
        msgtype: 'markdown',
        // DingTalk joins lines split by one newline: each ends with a hard break; the link the
        // content lacks is added; the mention is in the text too.
        markdown: {
          title: 'DiskFull on db-1',
          text:
            '### DiskFull on db-1  \n- Level: critical  \n- Summary: 97% used' +
            '\n\n[Open in Grafana](https://grafana.example.com/d/abc)\n\n@13800001111',
        },
        at: { atMobiles: ['13800001111'], isAtAll: true },
      })
      expect(JSON.stringify(r)).not.toContain(TOKEN)
      expect(JSON.stringify(r)).not.toContain(SECRET)
    } finally {
      await fake.close()
    }
  })

  it('delivers text and Markdown to the simulator, which checks the signature and who is notified', async () => {
    const text = channel({
      type: 'dingtalk',
      webhookUrl: sim.dingtalkUrl(SIGNED),
      signatureKey: SECRET,
      format: 'text',
      mentionMobiles: ['13800001111'],
    })
    const md = { ...text, format: 'markdown' as const }
    for (const c of [text, md]) {
      const r = await dingtalk.send(c, c.webhookUrl, dingtalk.build(c, parts)[0]!)
      expect(r.ok).toBe(true)
    }
    expect(
      sim.rules.messages.map((m) => [
        m.platform,
        m.wireType,
        m.title,
        m.mentionedMobiles,
        m.signed,
      ]),
    ).toEqual([
      ['dingtalk', 'text', undefined, ['13800001111'], true],
      ['dingtalk', 'markdown', 'DiskFull on db-1', ['13800001111'], true],
    ])
  })

  it('explains a wrong secret, a missing signature and an unknown token', async () => {
    const wrong = channel({
      type: 'dingtalk',
      webhookUrl: sim.dingtalkUrl(SIGNED),
      signatureKey: 'SECwrong-secret-0000',
    })
    const unsigned = channel({ type: 'dingtalk', webhookUrl: sim.dingtalkUrl(SIGNED) })
    const unknown = channel({
      type: 'dingtalk',
      webhookUrl: sim.dingtalkUrl('no-such-token-000000'),
    })
    const results = []
    for (const c of [wrong, unsigned, unknown])
      results.push(await dingtalk.send(c, c.webhookUrl, dingtalk.build(c, parts)[0]!))
    expect(results.map((r) => [r.ok, r.outcome, r.errcode])).toEqual([
      [false, 'permanent', 310000],
      [false, 'permanent', 310000],
      [false, 'permanent', 300001],
    ])
    expect(english(results[0]!.explanation)).toContain('signature did not match')
    expect(english(results[0]!.fix)).toContain('clock')
    expect(english(results[2]!.fix)).toContain('Copy the Webhook again')
    expect(sim.rules.messages).toHaveLength(0)
  })

  it('keeps the body within 20,000 bytes, so a huge alert still arrives', async () => {
    const c = channel({
      type: 'dingtalk',
      webhookUrl: sim.dingtalkUrl(TOKEN),
      mentionMobiles: ['13800001111'],
    })
    const [m] = dingtalk.build(c, { ...parts, content: '告警"\n'.repeat(10_000) })
    expect(m!.truncated).toBe(true)
    expect(Buffer.byteLength(JSON.stringify(m!.body))).toBeLessThanOrEqual(20_000)
    const r = await dingtalk.send(c, c.webhookUrl, m!)
    expect(r.ok).toBe(true)
    // The mention survives the cut.
    expect(sim.rules.messages[0]!.mentionedMobiles).toEqual(['13800001111'])
  })

  it('answers 130101 past 20 messages a minute, which the sender reports as rate_limited', async () => {
    const c = channel({ type: 'dingtalk', webhookUrl: sim.dingtalkUrl(TOKEN), format: 'text' })
    const results = []
    for (let i = 0; i < 21; i++)
      results.push(
        await dingtalk.send(c, c.webhookUrl, dingtalk.build(c, { ...parts, content: `n${i}` })[0]!),
      )
    expect(results.filter((r) => r.ok)).toHaveLength(20)
    expect(results[20]).toMatchObject({ ok: false, outcome: 'rate_limited', errcode: 130101 })
    expect(english(results[20]!.explanation)).toContain('blocks it for 10 minutes')
  })

  it("drops WeCom's <font> tags, which DingTalk would show as text (a warning one as bold)", () => {
    const c = channel({ type: 'dingtalk', webhookUrl: sim.dingtalkUrl(TOKEN) })
    const [m] = dingtalk.build(c, {
      ...parts,
      content: '### <font color="warning">DiskFull</font>\n<font color="comment">2 repeats</font>',
    })
    expect((m!.body as { markdown: { text: string } }).markdown.text).toBe(
      '### **DiskFull**  \n2 repeats\n\n[Open in Grafana](https://grafana.example.com/d/abc)',
    )
  })

  it('has an explanation and a fix for every errcode it knows', async () => {
    for (const code of DINGTALK_KNOWN_ERRCODES) {
      sim.faults.add({ fault: { kind: 'errcode', errcode: code }, key: TOKEN, times: 1 })
      const c = channel({ type: 'dingtalk', webhookUrl: sim.dingtalkUrl(TOKEN) })
      const r = await dingtalk.send(c, c.webhookUrl, dingtalk.build(c, parts)[0]!)
      expect(r.errcode).toBe(code)
      expect(r.ok).toBe(false)
      expect(english(r.explanation)).toMatch(/^[A-Z].*\.$/)
      expect(english(r.fix)).toMatch(/^[A-Z].*\.$/)
    }
  })
})

describe('Feishu/Lark bot', () => {
  it('signs in the body with a seconds timestamp and an HMAC over an empty message', async () => {
    const fake = await startFakeRobot(() => ({ body: { code: 0, msg: 'success', data: {} } }))
    try {
      const c = channel({
        type: 'feishu',
        webhookUrl: `${fake.origin}/open-apis/bot/v2/hook/${TOKEN}`,
        signatureKey: SECRET,
        format: 'text',
        mentionUserIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs'],
        mentionMobiles: ['@all'],
      })
      const r = await feishu.send(c, c.webhookUrl, feishu.build(c, parts)[0]!)
      expect(r).toMatchObject({ ok: true, outcome: 'success', errcode: 0 })
      const body = fake.received[0]!.json as {
        timestamp: string
        sign: string
        msg_type: string
        content: { text: string }
      }
      expect(body.timestamp).toMatch(/^\d{10}$/)
      expect(Math.abs(Number(body.timestamp) - Date.now() / 1000)).toBeLessThan(60)
      expect(body.sign).toBe(feishuExpectedSign(SECRET, body.timestamp))
      expect(body.msg_type).toBe('text')
      expect(body.content.text).toBe(
        `${parts.content}\n<at user_id="ou_7d8a6e6df7621556ce0d21922b676706ccs"></at> <at user_id="all"></at>`,
      )
      expect(JSON.stringify(r)).not.toContain(TOKEN)
    } finally {
      await fake.close()
    }
  })

  it('accepts the older bots\' {"StatusCode":0} answer as success, and a non-zero one as a failure', async () => {
    let reply: unknown = { StatusCode: 0, StatusMessage: 'success' }
    const fake = await startFakeRobot(() => ({ body: reply }))
    try {
      const c = channel({
        type: 'feishu',
        webhookUrl: `${fake.origin}/open-apis/bot/v2/hook/${TOKEN}`,
      })
      expect((await feishu.send(c, c.webhookUrl, feishu.build(c, parts)[0]!)).ok).toBe(true)
      reply = { StatusCode: 19024, StatusMessage: 'Key Words Not Found' }
      const r = await feishu.send(c, c.webhookUrl, feishu.build(c, parts)[0]!)
      expect(r).toMatchObject({ ok: false, errcode: 19024 })
      expect(english(r.explanation)).toContain('keywords')
    } finally {
      await fake.close()
    }
  })

  it('builds a card with the level as header colour and the links as buttons, and a rich-text post', async () => {
    const card = channel({
      type: 'feishu',
      webhookUrl: sim.feishuUrl(TOKEN),
      mentionUserIds: ['all'],
    })
    const post = { ...card, format: 'post' as const }
    for (const [c, level] of [
      [card, 'critical'],
      [card, 'info'],
      [post, 'warning'],
    ] as const) {
      const r = await feishu.send(c, c.webhookUrl, feishu.build(c, { ...parts, level })[0]!)
      expect(r.ok).toBe(true)
    }
    const resolved = feishu.build(card, { ...parts, status: 'resolved' })[0]!.body as {
      card: { header: { template: string } }
    }
    expect(resolved.card.header.template).toBe('green')
    expect(
      sim.rules.messages.map((m) => [m.wireType, m.title, m.colour, m.mentionedUserIds]),
    ).toEqual([
      ['interactive', 'DiskFull on db-1', 'red', ['all']],
      ['interactive', 'DiskFull on db-1', 'blue', ['all']],
      ['post', 'DiskFull on db-1', undefined, ['all']],
    ])
    expect(sim.rules.messages[0]!.content).toContain(
      '[Open in Grafana](https://grafana.example.com/d/abc)',
    )
    expect(sim.rules.messages[2]!.content).toContain('- Summary: 97% used')
    // The chat page lists them with their kind and title.
    const page = await (await fetch(`${sim.origin}/?fragment=1`)).text()
    expect(page).toContain('feishu interactive')
    expect(page).toContain('<strong>DiskFull on db-1</strong>')
  })

  it('explains a signature the bot rejects (19021) and an unknown token (19001)', async () => {
    const wrong = channel({
      type: 'feishu',
      webhookUrl: sim.feishuUrl(SIGNED),
      signatureKey: 'SECwrong-secret-0000',
    })
    const unknown = channel({ type: 'feishu', webhookUrl: sim.feishuUrl('no-such-token-000000') })
    const r1 = await feishu.send(wrong, wrong.webhookUrl, feishu.build(wrong, parts)[0]!)
    const r2 = await feishu.send(unknown, unknown.webhookUrl, feishu.build(unknown, parts)[0]!)
    expect([r1.errcode, r1.outcome, r2.errcode, r2.outcome]).toEqual([
      19021,
      'permanent',
      19001,
      'permanent',
    ])
    expect(english(r1.explanation)).toContain('signature was rejected')
    expect(english(r1.fix)).toContain('clock')
    const good = { ...wrong, signatureKey: SECRET }
    expect((await feishu.send(good, good.webhookUrl, feishu.build(good, parts)[0]!)).ok).toBe(true)
  })

  it("turns WeCom's font colours into lark_md colours on a card, and drops them from a post", () => {
    const content = '<font color="warning">Held back</font> and <font color="info">ok</font>'
    const card = channel({ type: 'feishu', webhookUrl: sim.feishuUrl(TOKEN) })
    const cardBody = JSON.stringify(feishu.build(card, { ...parts, content })[0]!.body)
    expect(cardBody).toContain(
      "<font color='orange'>Held back</font> and <font color='green'>ok</font>",
    )
    const post = { ...card, format: 'post' as const }
    const postBody = JSON.stringify(feishu.build(post, { ...parts, content })[0]!.body)
    expect(postBody).toContain('"text":"Held back and ok"')
  })

  it('keeps every format within 20 KB', async () => {
    for (const format of ['text', 'post', 'interactive'] as const) {
      const c = channel({
        type: 'feishu',
        webhookUrl: sim.feishuUrl(SIGNED),
        signatureKey: SECRET,
        format,
      })
      const [m] = feishu.build(c, { ...parts, content: 'x"\\\n'.repeat(20_000) })
      expect(m!.truncated).toBe(true)
      const r = await feishu.send(c, c.webhookUrl, m!)
      expect(r.ok).toBe(true)
      expect(r.requestBytes).toBeLessThanOrEqual(20 * 1024)
    }
  })

  it('the simulated bot allows 5 a second and 100 a minute, answering 11232 and 9499 past them', () => {
    const body = JSON.stringify({ msg_type: 'text', content: { text: 'x' } })
    const t0 = 1_700_000_000_000
    const codes = (times: number[]) => times.map((t) => sim.feishu.handle(TOKEN, body, t).code)
    expect(codes([t0, t0 + 1, t0 + 2, t0 + 3, t0 + 4, t0 + 5])).toEqual([0, 0, 0, 0, 0, 11232])
    // A second later there is room again, up to 100 in the minute.
    const spread = Array.from({ length: 95 }, (_, i) => t0 + 1000 + i * 300)
    expect(codes(spread).every((c) => c === 0)).toBe(true)
    expect(codes([t0 + 40_000])).toEqual([9499])
    expect(codes([t0 + 61_000])).toEqual([0])
  })

  it('reports the rate codes as rate_limited and has an explanation for every code it knows', async () => {
    for (const code of FEISHU_KNOWN_CODES) {
      sim.faults.add({ fault: { kind: 'errcode', errcode: code }, key: TOKEN, times: 1 })
      const c = channel({ type: 'feishu', webhookUrl: sim.feishuUrl(TOKEN) })
      const r = await feishu.send(c, c.webhookUrl, feishu.build(c, parts)[0]!)
      expect(r.errcode).toBe(code)
      expect(r.outcome).toBe(code === 9499 || code === 11232 ? 'rate_limited' : 'permanent')
      expect(english(r.explanation)).toMatch(/^[A-Z].*\.$/)
    }
  })
})
