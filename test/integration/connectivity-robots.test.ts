import { english } from '../../electron/core/text/core-text'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testWebhook } from '../../electron/core/diagnose/connectivity'
import { testCurl } from '../../electron/core/diagnose/test-request'
import { startSimulator, type Simulator } from '../../electron/core/simulator/simulator-server'
import { runCli } from '../helpers/cli'

const TOKEN = '0f9e8d7c6b5a49382716a5b4c3d2e1f0'
const SECRET = 'SEC9f8e7d6c5b4a39281706f5e4d3c2b1a0'
let sim: Simulator

beforeAll(async () => {
  sim = await startSimulator({
    port: 0,
    keys: [TOKEN],
    signatureSecrets: { [TOKEN]: SECRET },
  })
})
afterAll(() => sim.close())

const summary = (r: Awaited<ReturnType<typeof testWebhook>>) =>
  r.stages.map((s) => `${s.stage}:${s.status}`).join(' ')

describe('the staged test for DingTalk and Feishu/Lark robots', () => {
  it('detects DingTalk from the URL and passes with the right secret, saying how it signed', async () => {
    const r = await testWebhook({ url: sim.dingtalkUrl(TOKEN), signatureKey: SECRET })
    expect(r).toMatchObject({ ok: true, type: 'dingtalk' })
    expect(summary(r)).toBe(
      'url:warning proxy:skipped dns:ok tcp:ok tls:skipped http:ok response:ok',
    )
    expect(english(r.stages[0]!.detail)).toContain('DingTalk custom robot')
    expect(english(r.stages[0]!.detail)).toContain('timestamp in ms and sign in the query')
    expect(sim.rules.messages.at(-1)).toMatchObject({ platform: 'dingtalk', signed: true })
  })

  it('says "signature rejected: check the secret and the clock" for a wrong or missing secret', async () => {
    for (const signatureKey of ['SECwrong0000000000000000', undefined]) {
      const r = await testWebhook({ url: sim.dingtalkUrl(TOKEN), signatureKey })
      expect(r).toMatchObject({ ok: false, failedStage: 'response' })
      const response = r.stages.at(-1)!
      expect(english(response.explanation)).toMatch(
        /^Signature rejected: check the secret and the clock\./,
      )
      expect(english(response.fix)).toContain(signatureKey ? 'clock' : 'requires a signature')
      expect(JSON.stringify(r)).not.toContain(SECRET)
      expect(JSON.stringify(r)).not.toContain(TOKEN)
    }
  })

  it('tests a Feishu/Lark bot, signing in the body, and explains 19021', async () => {
    const good = await testWebhook({
      url: sim.feishuUrl(TOKEN),
      signatureKey: SECRET,
      format: 'post',
    })
    expect(good).toMatchObject({ ok: true, type: 'feishu' })
    expect(english(good.stages[0]!.detail)).toContain('timestamp in seconds and sign in the body')
    expect(sim.rules.messages.at(-1)).toMatchObject({
      platform: 'feishu',
      wireType: 'post',
      signed: true,
    })
    const bad = await testWebhook({
      url: sim.feishuUrl(TOKEN),
      signatureKey: 'SECwrong0000000000000000',
    })
    expect(bad.send?.errcode).toBe(19021)
    expect(english(bad.stages.at(-1)!.explanation)).toMatch(
      /^Signature rejected: check the secret and the clock\./,
    )
    // The hook token is in the path: it is masked in the report and the curl line.
    expect(JSON.stringify(bad)).not.toContain(TOKEN)
    expect(testCurl({ url: sim.feishuUrl(TOKEN), signatureKey: SECRET })).not.toContain(TOKEN)
    expect(testCurl({ url: sim.feishuUrl(TOKEN), signatureKey: SECRET }, true)).toContain('"sign"')
  })

  it('checks the URL against the type given with --type', async () => {
    const r = await testWebhook({ url: sim.webhookUrl(TOKEN), type: 'dingtalk' })
    // Not a DingTalk robot URL: the host is checked, nothing is posted, and the test fails saying so.
    expect(r.stages[0]!.status).toBe('warning')
    expect(english(r.stages[0]!.explanation)).toContain('…/robot/send?access_token=…')
    expect(r.ok).toBe(false)
    expect(r.failedStage).toBe('response')
    expect(english(r.stages.at(-1)!.fix)).toContain('…/robot/send?access_token=…')
  })

  it('test-webhook on the command line detects the type and reports signing', async () => {
    const ok = await runCli(['test-webhook', sim.dingtalkUrl(TOKEN), '--signature-key', SECRET])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('The robot accepted the message.')
    const bad = await runCli([
      'test-webhook',
      sim.feishuUrl(TOKEN),
      '--signature-key',
      'SECwrong000000000000',
    ])
    expect(bad.code).toBe(1)
    expect(bad.stdout).toContain('Signature rejected: check the secret and the clock.')
    expect(bad.stdout + bad.stderr).not.toContain(TOKEN)
  })
})
