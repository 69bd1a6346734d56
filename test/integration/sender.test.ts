import { english } from '../../electron/core/text/core-text'
import { saying } from '../helpers/said'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { KNOWN_ERRCODES } from '../../electron/core/channels/wecom/errcodes'
import { buildMessages, WeComSender } from '../../electron/core/channels/wecom/sender'
import { startSimulator, type Simulator } from '../../electron/core/simulator/simulator-server'
import { utf8Length } from '../../electron/core/templates/bytes'
import { startProxy, type TestProxy } from '../helpers/servers'

const KEY = '693a91f6-7aaa-4bc4-97a0-0ec2sif8c2f1'
let sim: Simulator
let sender: WeComSender
/** How far the simulator's clock is ahead of the wall clock (moved on past a rate window). */
let ahead = 0

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    keys: [KEY, 'signed-key-000001'],
    rateLimit: 5,
    windowMs: 1000,
    signatureSecrets: { 'signed-key-000001': 'SECabc123' },
    now: () => Date.now() + ahead,
  })
})
afterAll(async () => {
  await sender?.close()
  await sim.close()
})
beforeEach(() => {
  sim.rules.clear()
  sim.faults.clear()
  sender = new WeComSender()
})

const text = (content: string) => ({ msgtype: 'text', text: { content } }) as const

describe('WeComSender against the simulator', () => {
  it('delivers a Markdown message and reports success with timings', async () => {
    const [msg] = buildMessages({ format: 'markdown', content: '### DiskFull\n- Level: critical' })
    const r = await sender.send({ url: sim.webhookUrl(KEY) }, msg!.body)
    expect(r).toMatchObject({ ok: true, outcome: 'success', httpStatus: 200, errcode: 0 })
    expect(r.latencyMs).toBeGreaterThan(0)
    expect(sim.rules.messages[0]).toMatchObject({
      msgtype: 'markdown',
      content: '### DiskFull\n- Level: critical',
    })
  })

  it('puts mobile mentions in a follow-up text message for Markdown, and in the message itself for text', async () => {
    for (const m of buildMessages({
      format: 'markdown',
      content: '### X',
      mentionMobiles: ['13800001111', '@all'],
      mentionText: 'DiskFull needs you',
    })) {
      expect((await sender.send({ url: sim.webhookUrl(KEY) }, m.body)).ok).toBe(true)
    }
    for (const m of buildMessages({
      format: 'text',
      content: 'plain',
      mentionMobiles: ['13800001111'],
    }))
      await sender.send({ url: sim.webhookUrl(KEY) }, m.body)
    expect(sim.rules.messages.map((m) => [m.msgtype, m.content, m.mentionedMobiles])).toEqual([
      ['markdown', '### X', []],
      ['text', 'DiskFull needs you', ['13800001111', '@all']],
      ['text', 'plain', ['13800001111']],
    ])
  })

  it('truncates content to the limit before sending, so WeCom never answers 40058', async () => {
    const huge = '告警'.repeat(3000)
    for (const format of ['text', 'markdown', 'markdown_v2'] as const) {
      const [m] = buildMessages({ format, content: huge })
      expect(m!.truncated).toBe(true)
      expect((await sender.send({ url: sim.webhookUrl(KEY) }, m!.body)).ok).toBe(true)
    }
    expect(sim.rules.messages.map((m) => utf8Length(m.content))).toEqual([
      expect.any(Number),
      expect.any(Number),
      expect.any(Number),
    ])
    expect(utf8Length(sim.rules.messages[0]!.content)).toBeLessThanOrEqual(2048)
    expect(utf8Length(sim.rules.messages[1]!.content)).toBeLessThanOrEqual(4096)
  })

  it('sends a placeholder rather than an empty message', async () => {
    const [m] = buildMessages({ format: 'markdown', content: '  ' })
    expect((await sender.send({ url: sim.webhookUrl(KEY) }, m!.body)).ok).toBe(true)
    expect(sim.rules.messages[0]!.content).toContain('empty message')
  })

  describe('every errcode of the reference is classified and explained', () => {
    it.each([
      [
        93000,
        'permanent',
        'key is wrong, or the robot was removed',
        async () => sender.send({ url: sim.webhookUrl('not-a-real-key-123') }, text('x')),
      ],
      [
        40008,
        'permanent',
        'message type',
        async () =>
          sender.send({ url: sim.webhookUrl(KEY) }, { msg_type: 'text', text: { content: 'x' } }),
      ],
      [
        44004,
        'permanent',
        'empty',
        async () => sender.send({ url: sim.webhookUrl(KEY) }, text('')),
      ],
      [
        40058,
        'permanent',
        'longer than WeCom allows',
        async () => sender.send({ url: sim.webhookUrl(KEY) }, text('x'.repeat(2049))),
      ],
      [
        310000,
        'permanent',
        'signature',
        async () =>
          sender.send(
            { url: sim.webhookUrl('signed-key-000001'), signatureKey: 'wrong' },
            text('x'),
          ),
      ],
    ])('%i → %s', async (errcode, outcome, phrase, send) => {
      const r = await send()
      expect(r).toMatchObject({ ok: false, errcode, outcome })
      expect(r.explanation.text).toContain(phrase)
      expect(r.fix?.text.length).toBeGreaterThan(10)
    })

    it('45009 past the rolling-window limit is rate_limited, and the robot recovers after the window', async () => {
      const results = []
      for (let i = 0; i < 7; i++)
        results.push(await sender.send({ url: sim.webhookUrl(KEY) }, text(`m${i}`)))
      expect(results.map((r) => r.errcode)).toEqual([0, 0, 0, 0, 0, 45009, 45009])
      expect(results[5]).toMatchObject({
        outcome: 'rate_limited',
        explanation: saying(expect.stringContaining('20 messages a minute')),
      })
      ahead += 1001
      expect((await sender.send({ url: sim.webhookUrl(KEY) }, text('after'))).ok).toBe(true)
    })

    it.each([93004, 93008, 42027, 42052, -1, 130101])(
      'injected errcode %i has an explanation and the right class',
      async (errcode) => {
        sim.faults.add({ fault: { kind: 'errcode', errcode }, times: 1 })
        const r = await sender.send({ url: sim.webhookUrl(KEY) }, text('x'))
        expect(r.ok).toBe(false)
        expect(r.errcode).toBe(errcode)
        expect(r.outcome).toBe(
          errcode === -1 ? 'retryable' : errcode === 130101 ? 'rate_limited' : 'permanent',
        )
        expect(english(r.explanation)).not.toMatch(/^WeCom answered errcode/)
      },
    )

    it('has a specific explanation for every code it knows', () => {
      expect(KNOWN_ERRCODES).toEqual(
        expect.arrayContaining([0, 93000, 93004, 93008, 40008, 40058, 44004, 45009]),
      )
    })
  })

  it('accepts a correctly signed request (DingTalk-style timestamp and sign)', async () => {
    expect(
      (
        await sender.send(
          { url: sim.webhookUrl('signed-key-000001'), signatureKey: 'SECabc123' },
          text('signed'),
        )
      ).ok,
    ).toBe(true)
  })

  describe('a misbehaving robot is a classified failure, never a crash', () => {
    it.each([
      [{ kind: 'status', status: 502 } as const, 'retryable', 'HTTP 502'],
      [{ kind: 'status', status: 404 } as const, 'permanent', 'no robot endpoint'],
      [{ kind: 'reset' } as const, 'retryable', 'closed before the robot answered'],
      [{ kind: 'malformed' } as const, 'permanent', 'not JSON'],
      [{ kind: 'html' } as const, 'permanent', 'an HTML page'],
      [{ kind: 'empty' } as const, 'permanent', 'an empty body'],
    ])('%j → %s', async (fault, outcome, phrase) => {
      sim.faults.add({ fault, times: 1 })
      const r = await sender.send({ url: sim.webhookUrl(KEY) }, text('x'))
      expect(r).toMatchObject({ ok: false, outcome })
      expect(english(r.explanation)).toContain(phrase)
    })

    it('a stalled robot times out at the channel timeout', async () => {
      sim.faults.add({ fault: { kind: 'delay', ms: 5000 }, times: 1 })
      const r = await sender.send({ url: sim.webhookUrl(KEY), timeoutMs: 300 }, text('x'))
      expect(r).toMatchObject({ ok: false, outcome: 'retryable', stage: 'http' })
      expect(r.latencyMs).toBeLessThan(3000)
    })

    it('a refused connection is retryable and says where', async () => {
      const r = await sender.send(
        { url: 'http://127.0.0.1:1/cgi-bin/webhook/send?key=abc' },
        text('x'),
      )
      expect(r).toMatchObject({
        ok: false,
        outcome: 'retryable',
        stage: 'tcp',
        errorCode: 'ECONNREFUSED',
      })
    })
  })

  it('treats a non-zero errcode as failure even when a status rule would pass', async () => {
    const r = await sender.send(
      { url: sim.webhookUrl('wrong-key-0000001'), verify: { type: 'status', codes: [200] } },
      text('x'),
    )
    expect(r).toMatchObject({ ok: false, errcode: 93000 })
  })

  it('honours regex verification', async () => {
    expect(
      (
        await sender.send(
          { url: sim.webhookUrl(KEY), verify: { type: 'regex', pattern: '"errmsg":"ok"' } },
          text('x'),
        )
      ).ok,
    ).toBe(true)
    sim.faults.add({ fault: { kind: 'html' }, times: 1 })
    expect(
      (
        await sender.send(
          { url: sim.webhookUrl(KEY), verify: { type: 'regex', pattern: 'errcode' } },
          text('x'),
        )
      ).ok,
    ).toBe(false)
  })

  it('never shows the key in what it returns', async () => {
    const r = await sender.send({ url: sim.webhookUrl('not-a-real-key-123') }, text('x'))
    expect(JSON.stringify(r)).not.toContain('not-a-real-key-123')
    expect(r.maskedUrl).toContain('key=not-…-123')
  })
})

describe('WeComSender through a real proxy', () => {
  let proxy: TestProxy
  let authProxy: TestProxy
  beforeAll(async () => {
    proxy = await startProxy()
    authProxy = await startProxy({ user: 'ops', password: 'p@ss:word' })
  })
  afterAll(async () => {
    await proxy.close()
    await authProxy.close()
  })

  it('forwards http:// robots through the proxy in absolute form (no CONNECT)', async () => {
    const r = await sender.send({ url: sim.webhookUrl(KEY), proxy: proxy.url }, text('via proxy'))
    expect(r.ok).toBe(true)
    expect(proxy.seen.some((s) => s.startsWith(`POST ${sim.origin}/cgi-bin/webhook/send`))).toBe(
      true,
    )
    expect(sim.rules.messages.at(-1)!.content).toBe('via proxy')
  })

  it('sends proxy credentials from the proxy URL', async () => {
    const withAuth = authProxy.url.replace(
      'http://',
      `http://ops:${encodeURIComponent('p@ss:word')}@`,
    )
    expect(
      (await sender.send({ url: sim.webhookUrl(KEY), proxy: withAuth }, text('auth'))).ok,
    ).toBe(true)
  })

  it('explains a 407 when credentials are missing, without leaking anything', async () => {
    const r = await sender.send({ url: sim.webhookUrl(KEY), proxy: authProxy.url }, text('x'))
    expect(r).toMatchObject({
      ok: false,
      outcome: 'permanent',
      stage: 'proxy',
      errorCode: 'PROXY_407',
    })
    expect(JSON.stringify(r)).not.toContain(KEY)
    expect(english(r.fix)).toContain('user:password@host:port')
  })

  it('explains a proxy that is down', async () => {
    const r = await sender.send(
      { url: sim.webhookUrl(KEY), proxy: 'http://127.0.0.1:1' },
      text('x'),
    )
    expect(r).toMatchObject({ ok: false, outcome: 'retryable', errorCode: 'ECONNREFUSED' })
    expect(english(r.explanation)).toContain('proxy refused')
  })
})
