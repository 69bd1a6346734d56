import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UiServer } from '../../electron/headless/api-server'
import { startTestRelay, startTestUi, type TestRelay } from '../helpers/relay'

const UI_TOKEN = 'ui-token-for-the-secrets-test-0123'
const KEY = 'WEBHOOKKEY-5f1c2a9e-7b7b-4c4c-9d9d-3456'
const EXTRA_KEY = 'EXTRAKEY-0a1b2c3d-4e5f-6a7b-8c9d-9999'
const SIGN = 'SECsign0123456789abcdef0123456789abcdef'
const PROXY_PASSWORD = 'Pr0xyPassw0rdSecret'
const TOKEN = 'listener-token-secret-0123456789'
const SECRETS = [KEY, EXTRA_KEY, SIGN, PROXY_PASSWORD, TOKEN]
const leaks = (text: string) =>
  SECRETS.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)))

let t: TestRelay
let ui: UiServer

beforeAll(async () => {
  t = await startTestRelay({
    channels: [
      { name: 'ops', keys: [KEY, EXTRA_KEY], signatureKey: SIGN },
      { name: 'proxied', proxy: `http://ops:${PROXY_PASSWORD}@127.0.0.1:1`, timeoutSeconds: 1 },
    ],
    settings: { listener: { host: '127.0.0.1', port: 0, token: TOKEN } },
  })
  ui = await startTestUi(t, UI_TOKEN)
})
afterAll(async () => {
  await ui.close()
  await t.close()
})

async function call<T = never>(
  method: string,
  input?: unknown,
): Promise<{ status: number; text: string; result: T; error?: string; fields?: unknown[] }> {
  const res = await fetch(`${ui.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${UI_TOKEN}` },
    body: JSON.stringify(input ?? null),
  })
  const text = await res.text()
  const body = JSON.parse(text) as { result: T; error?: string; fields?: unknown[] }
  return { status: res.status, text, ...body }
}

const kept = () => t.relay.settings.get()
const ops = () => kept().channels.find((c) => c.name === 'ops')!

describe('API reads are masked; a secret is shown on an explicit request', () => {
  it('getSettings and listChannels answer masks, never the secrets', async () => {
    for (const method of ['getSettings', 'listChannels']) {
      const { status, text } = await call(method)
      expect(status).toBe(200)
      expect(leaks(text)).toEqual([])
      expect(text).toContain('WEBH…3456')
    }
  })

  it('revealSecret answers one secret unmasked', async () => {
    const reveal = async (input: object) =>
      (await call<{ value: string }>('revealSecret', input)).result.value
    expect(await reveal({ channel: 'ops', field: 'webhookUrl' })).toContain(`key=${KEY}`)
    expect(await reveal({ channel: 'ops', field: 'extraWebhookUrls', index: 0 })).toContain(
      EXTRA_KEY,
    )
    expect(await reveal({ channel: 'ops', field: 'signatureKey' })).toBe(SIGN)
    expect(await reveal({ channel: 'proxied', field: 'proxy' })).toContain(PROXY_PASSWORD)
    expect(await reveal({ field: 'token' })).toBe(TOKEN)
    const missing = await call('revealSecret', { channel: 'nope', field: 'webhookUrl' })
    expect(missing.status).toBe(404)
    expect(missing.error).toBe('No channel is called "nope".')
  })

  it('a masked value sent back means unchanged: saveChannel and updateSettings keep the secrets', async () => {
    const listed = (await call<Array<Record<string, unknown>>>('listChannels')).result
    const form = listed.find((c) => c.name === 'ops')!
    const saved = await call('saveChannel', {
      channel: { ...form, timeoutSeconds: 7 },
      originalName: 'ops',
    })
    expect(saved.error).toBeUndefined()
    expect(leaks(saved.text)).toEqual([])
    expect(ops()).toMatchObject({ timeoutSeconds: 7, signatureKey: SIGN })
    expect(ops().webhookUrl).toContain(`key=${KEY}`)
    expect(ops().extraWebhookUrls[0]).toContain(EXTRA_KEY)

    // Renamed in the same save: the secrets follow the channel.
    await call('saveChannel', { channel: { ...form, name: 'ops-2' }, originalName: 'ops' })
    expect(kept().channels.find((c) => c.name === 'ops-2')!.signatureKey).toBe(SIGN)
    await call('saveChannel', { channel: { ...form, name: 'ops' }, originalName: 'ops-2' })

    const settings = (await call<{ listener: Record<string, unknown> }>('getSettings')).result
    const updated = await call('updateSettings', {
      patch: { listener: { ...settings.listener, maxAlertsPerRequest: 500 } },
    })
    expect(updated.error).toBeUndefined()
    expect(kept().listener).toMatchObject({ token: TOKEN, maxAlertsPerRequest: 500 })
    // The listener still takes its real token.
    const res = await t.post(
      '/alerts',
      { title: 'still works' },
      {
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      },
    )
    expect(res.status).toBe(202)
  })

  it('a mask that matches no kept secret is refused, naming the field, and nothing changes', async () => {
    const before = JSON.stringify(kept())
    const r = await call('saveChannel', {
      channel: {
        name: 'new',
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=ABCD…WXYZ',
      },
    })
    expect(r.status).toBe(400)
    expect(r.error).toMatch(/^The masked secret in webhookUrl matches none this relay keeps: .*\.$/)
    expect(JSON.stringify(kept())).toBe(before)
  })
})

describe('importing a masked export', () => {
  it('keeps the secrets it can match, also after the channel was renamed', async () => {
    const exported = (await call<{ content: string }>('exportSettings', {})).result.content
    expect(leaks(exported)).toEqual([])
    await call('saveChannel', {
      channel: (await call<Array<Record<string, unknown>>>('listChannels')).result.map((c) =>
        c.name === 'ops' ? { ...c, name: 'renamed' } : c,
      )[0],
      originalName: 'ops',
    })
    expect(kept().channels.map((c) => c.name)).toContain('renamed')
    const imported = await call('importSettings', { content: exported })
    expect(imported.error).toBeUndefined()
    expect(ops().webhookUrl).toContain(`key=${KEY}`)
    expect(ops().signatureKey).toBe(SIGN)
    expect(kept().listener.token).toBe(TOKEN)
    expect(kept().channels.find((c) => c.name === 'proxied')!.proxy).toContain(PROXY_PASSWORD)
  })

  it('into a fresh install, refuses the masks with one sentence naming the fields', async () => {
    const exported = (await call<{ content: string }>('exportSettings', {})).result.content
    const fresh = await startTestRelay()
    const freshUi = await startTestUi(fresh, UI_TOKEN)
    try {
      const before = JSON.stringify(fresh.relay.settings.get())
      const res = await fetch(`${freshUi.origin}/api/importSettings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${UI_TOKEN}` },
        body: JSON.stringify({ content: exported }),
      })
      const body = (await res.json()) as { error: string; fields: Array<{ path: string }> }
      expect(res.status).toBe(400)
      expect(body.error).toBe(
        'The masked secrets in channels[0].webhookUrl, channels[0].extraWebhookUrls[0], channels[0].signatureKey, channels[1].webhookUrl, channels[1].proxy and listener.token match none this relay keeps: type the real values, or import an export made with secrets.',
      )
      expect(JSON.stringify(fresh.relay.settings.get())).toBe(before)
      expect(fresh.relay.settings.get().channels.some((c) => c.webhookUrl.includes('…'))).toBe(
        false,
      )
    } finally {
      await freshUi.close()
      await fresh.close()
    }
  })
})

describe('tokens', () => {
  it('the Bearer scheme is case-insensitive, on the listener and on the API', async () => {
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await t.post(
        '/alerts',
        { title: `scheme ${scheme}` },
        {
          headers: { authorization: `${scheme} ${TOKEN}`, 'content-type': 'application/json' },
        },
      )
      expect(res.status).toBe(202)
      const api = await fetch(`${ui.origin}/api/appInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `${scheme} ${UI_TOKEN}` },
        body: 'null',
      })
      expect(api.status).toBe(200)
    }
    const wrong = await t.post(
      '/alerts',
      { title: 'x' },
      {
        headers: { authorization: `bearer ${TOKEN}x`, 'content-type': 'application/json' },
      },
    )
    expect(wrong.status).toBe(401)
  })
})
