import { saying } from '../helpers/said'
import { english } from '../../electron/core/text/core-text'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testWebhook, type StageResult } from '../../electron/core/diagnose/connectivity'
import { startSimulator, type Simulator } from '../../electron/core/simulator/simulator-server'
import { startProxy, startSelfSignedHttps, type TestProxy } from '../helpers/servers'

const KEY = 'c0ffee00-1111-2222-3333-444455556666'
let sim: Simulator
let proxy: TestProxy
let authProxy: TestProxy
let tls: Awaited<ReturnType<typeof startSelfSignedHttps>>

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY] })
  proxy = await startProxy()
  authProxy = await startProxy({ user: 'ops', password: 'secret' })
  tls = await startSelfSignedHttps()
})
afterAll(async () => {
  await Promise.all([sim.close(), proxy.close(), authProxy.close(), tls.close()])
})

const summary = (stages: StageResult[]) => stages.map((s) => `${s.stage}:${s.status}`).join(' ')

describe('testWebhook (the staged curl test)', () => {
  it('passes every stage against a good key, reporting each as it runs', async () => {
    const seen: string[] = []
    const r = await testWebhook({ url: sim.webhookUrl(KEY), format: 'markdown' }, (s) =>
      seen.push(s.stage),
    )
    expect(r.ok).toBe(true)
    expect(summary(r.stages)).toBe(
      'url:warning proxy:skipped dns:ok tcp:ok tls:skipped http:ok response:ok',
    )
    expect(seen).toEqual(['url', 'proxy', 'dns', 'tcp', 'tls', 'http', 'response'])
    expect(english(r.stages.find((s) => s.stage === 'dns')!.detail)).toContain('127.0.0.1')
    expect(sim.rules.messages.at(-1)!.content).toContain('The channel works')
  })

  it('writes the default message to the group in the language it was started in, with plain words in <font>', async () => {
    for (const [language, words] of [
      ['zh', '通道可用'],
      ['en', 'The channel works'],
    ] as const) {
      const r = await testWebhook({ url: sim.webhookUrl(KEY), format: 'markdown', language })
      expect(r.ok).toBe(true)
      const content = sim.rules.messages.at(-1)!.content
      expect(content).toContain(words)
      if (language === 'zh') expect(content).not.toMatch(/[A-Za-z]{4,} (works|test)\b/)
      for (const font of content.match(/<font[^>]*>[^<]*<\/font>/g) ?? [])
        expect(font).not.toContain('**')
    }
  })

  it('explains a wrong key at the response stage', async () => {
    const r = await testWebhook({ url: sim.webhookUrl('wrong-key-abcdef') })
    expect(r).toMatchObject({ ok: false, failedStage: 'response' })
    const response = r.stages.find((s) => s.stage === 'response')!
    expect(english(response.detail)).toContain('errcode 93000')
    expect(english(response.explanation)).toContain('key is wrong, or the robot was removed')
    expect(JSON.stringify(r)).not.toContain('wrong-key-abcdef')
  })

  it('checks that a plain address answers (no key), then says what it lacks, sending nothing', async () => {
    const before = sim.rules.messages.length
    const r = await testWebhook({ url: `${sim.origin}/` })
    expect(summary(r.stages)).toBe(
      'url:warning proxy:skipped dns:ok tcp:ok tls:skipped http:ok response:failed',
    )
    expect(r.ok).toBe(false)
    expect(r.reached).toBe(new URL(sim.origin).host)
    const response = r.stages.find((s) => s.stage === 'response')!
    expect(english(response.explanation)).toContain(
      `The host at ${new URL(sim.origin).host} answered`,
    )
    expect(english(response.fix)).toContain('no key parameter')
    expect(sim.rules.messages.length).toBe(before)
  })

  it('checks a plain address through a forwarding proxy too, and names a closed port', async () => {
    const viaProxy = await testWebhook({ url: `${sim.origin}/`, proxy: proxy.url })
    expect(summary(viaProxy.stages)).toBe(
      'url:warning proxy:ok dns:skipped tcp:skipped tls:skipped http:ok response:failed',
    )
    expect(proxy.seen.some((s) => s.startsWith(`GET ${sim.origin}/`))).toBe(true)
    const closed = await testWebhook({ url: 'http://127.0.0.1:1/' })
    expect(closed.failedStage).toBe('tcp')
    expect(closed.reached).toBeUndefined()
  })

  it('stops at the URL stage for what is not an address at all, sending nothing', async () => {
    const r = await testWebhook({ url: 'qyapi.weixin.qq.com send key' })
    expect(summary(r.stages)).toBe(
      'url:failed proxy:skipped dns:skipped tcp:skipped tls:skipped http:skipped response:skipped',
    )
  })

  it('reports a closed port at the TCP stage', async () => {
    const r = await testWebhook({ url: 'http://127.0.0.1:1/cgi-bin/webhook/send?key=abc' })
    expect(r.failedStage).toBe('tcp')
    expect(english(r.stages.find((s) => s.stage === 'tcp')!.explanation)).toContain('refused')
  })

  it('goes through a forwarding proxy for an http:// robot', async () => {
    const r = await testWebhook({
      url: sim.webhookUrl(KEY),
      proxy: proxy.url.replace('http://', 'http:'),
    })
    expect(r.ok).toBe(true)
    expect(summary(r.stages)).toBe(
      'url:warning proxy:ok dns:skipped tcp:skipped tls:skipped http:ok response:ok',
    )
    expect(proxy.seen.some((s) => s.startsWith('POST http://127.0.0.1'))).toBe(true)
  })

  it('opens a CONNECT tunnel for an https:// robot and checks TLS through it (intercepted TLS → use http)', async () => {
    const r = await testWebhook({
      url: `${tls.origin}/cgi-bin/webhook/send?key=abc`,
      proxy: proxy.url,
    })
    expect(proxy.seen).toContain(`CONNECT ${new URL(tls.origin).host}`)
    expect(r.stages.find((s) => s.stage === 'proxy')!.status).toBe('ok')
    const stage = r.stages.find((s) => s.stage === 'tls')!
    expect(stage).toMatchObject({ status: 'failed', detail: saying('DEPTH_ZERO_SELF_SIGNED_CERT') })
    expect(english(stage.fix)).toContain('change https:// to http://')
  })

  it('explains a proxy that wants credentials (407 on CONNECT)', async () => {
    const r = await testWebhook({
      url: `${tls.origin}/cgi-bin/webhook/send?key=abc`,
      proxy: authProxy.url,
    })
    expect(r.failedStage).toBe('proxy')
    expect(english(r.stages[1]!.explanation)).toContain('requires a user name and password')
  })

  it('explains a proxy that is down', async () => {
    const r = await testWebhook({ url: sim.webhookUrl(KEY), proxy: 'http://127.0.0.1:1' })
    expect(r.failedStage).toBe('proxy')
    expect(english(r.stages[1]!.explanation)).toContain('proxy refused')
  })

  it('dry run: builds the request and curl, sends nothing', async () => {
    const before = sim.rules.messages.length
    const r = await testWebhook({
      url: sim.webhookUrl(KEY),
      dryRun: true,
      format: 'text',
      message: "it's a test",
      mentionMobiles: '13800001111',
    })
    expect(r.ok).toBe(true)
    expect(sim.rules.messages.length).toBe(before)
    expect(r.request.bodies[0]).toEqual({
      msgtype: 'text',
      text: { content: "it's a test", mentioned_mobile_list: ['13800001111'] },
    })
    expect(r.curl).toContain(`--data-raw '{"msgtype":"text","text":{"content":"it'\\''s a test"`)
    expect(r.curl).not.toContain(KEY)
  })

  it('rejects bad mention numbers before sending', async () => {
    const r = await testWebhook({ url: sim.webhookUrl(KEY), mentionMobiles: 'alice' })
    expect(r.failedStage).toBe('url')
    expect(english(r.stages[0]!.explanation)).toContain('"alice" is not a mobile number')
  })

  it('reports a stalled robot at the HTTP stage within the time limit', async () => {
    sim.faults.add({ fault: { kind: 'delay', ms: 5000 }, times: 1 })
    const r = await testWebhook({ url: sim.webhookUrl(KEY), timeoutMs: 400 })
    expect(r.failedStage).toBe('http')
    expect(english(r.stages.find((s) => s.stage === 'http')!.explanation)).toContain(
      'did not answer',
    )
  })
})
