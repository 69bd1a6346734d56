import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UiServer } from '../../electron/headless/api-server'
import { startTestRelay, startTestUi, waitFor, type TestRelay } from '../helpers/relay'

/**
 * Secrets in an HTTP channel's URL (a Slack/Discord-style path token, credential query parameters)
 * in a Feishu/Lark hook path (a short token), and in the Alertmanager URL (`user:password@`) never appear in clear in what the API answers.
 */

const UI_TOKEN = 'ui-token-for-the-url-secrets-test-01'
const PATH_TOKEN = 'Xk29dLq0Wm3Zp7Rt5Yb8Nc1V'
const API_KEY = 'apikey0123456789abcdef'
const CODE = 'AzFuncCode9876543210zz'
const SIG = 'sasSig0123+abcdEFGH='
const AM_PASSWORD = 'AmPassw0rd-secret'
// A Feishu/Lark hook token too short and plain for any token pattern: its type names it.
const FEISHU_TOKEN = 'FsShortTok'
const SECRETS = [PATH_TOKEN, API_KEY, CODE, SIG, AM_PASSWORD, FEISHU_TOKEN]
const leaks = (text: string) =>
  SECRETS.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)))

let t: TestRelay
let ui: UiServer
const server = createServer((req, res) => {
  req.resume()
  req.on('end', () => res.writeHead(200).end('ok'))
})

beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  t = await startTestRelay({
    channels: [
      {
        name: 'hook',
        type: 'http',
        webhookUrl: '',
        url: `${origin}/services/T00000000/B00000000/${PATH_TOKEN}?api_key=${API_KEY}&code=${CODE}&sig=${encodeURIComponent(SIG)}`,
      },
      {
        name: 'lark',
        type: 'feishu',
        webhookUrl: `${origin}/open-apis/bot/v2/hook/${FEISHU_TOKEN}`,
      },
    ],
    settings: {
      oncall: {
        alertmanager: { url: `http://relay:${AM_PASSWORD}@127.0.0.1:9/` },
      } as never,
    },
  })
  ui = await startTestUi(t, UI_TOKEN)
  await t.post('/alerts', { title: 'Secret URL' })
  await waitFor(() => t.relay.history.query({ limit: 10 }).items[0]?.attempts.length)
})
afterAll(async () => {
  await ui.close()
  await t.close()
  await new Promise<void>((r) => server.close(() => r()))
})

async function call(method: string, input?: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(`${ui.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${UI_TOKEN}` },
    body: JSON.stringify(input ?? null),
  })
  return { status: res.status, text: await res.text() }
}

describe('URLs with secrets', () => {
  it.each([
    ['getSettings', undefined],
    ['listChannels', undefined],
    ['exportSettings', {}],
    ['deliveryStatus', undefined],
    ['queryHistory', {}],
    ['historyRows', {}],
    ['exportHistory', { format: 'json' }],
    ['exportHistory', { format: 'csv' }],
  ] as const)('%s answers them masked', async (method, input) => {
    const r = await call(method, input)
    expect(r.status).toBe(200)
    expect(leaks(r.text)).toEqual([])
  })

  it('the channel still sends to the real URL', () => {
    const e = t.relay.history.query({ limit: 10 }).items[0]!
    expect(e.attempts.map((a) => a.outcome)).toEqual(['success'])
  })

  it('a masked URL sent back keeps the real one', async () => {
    const listed = JSON.parse((await call('listChannels')).text) as {
      result: Array<{ name: string; url: string }>
    }
    const hook = listed.result.find((c) => c.name === 'hook')!
    expect(hook.url).toContain('…')
    const settings = JSON.parse((await call('getSettings')).text) as {
      result: { oncall: { alertmanager: { url: string } } }
    }
    const r = await call('updateSettings', {
      patch: { oncall: { alertmanager: { url: settings.result.oncall.alertmanager.url } } },
    })
    expect(r.status).toBe(200)
    expect(t.relay.settings.get().oncall.alertmanager?.url).toContain(AM_PASSWORD)
  })
})
