import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { startSimulator, type Simulator } from '../../electron/core/simulator/simulator-server'
import { runCli, serveArgs, startCli } from '../helpers/cli'
import { tempDir } from '../helpers/servers'
import { waitFor } from '../helpers/relay'

const KEY = 'SECRETKEY-5f1c2a9e-7b7b-4c4c-9d9d-abcdef012345'
const WRONG_KEY = 'SECRETKEY-wrong-0000-1111-2222-333344445555'
const SIGN = 'SECsignature0123456789abcdef0123456789abcdef'
const PROXY_PASSWORD = 'Pr0xyPassw0rdSecret'
const TOKEN = 'listener-token-secret-0123456789'
const SECRETS = [KEY, WRONG_KEY, SIGN, PROXY_PASSWORD, TOKEN]

let sim: Simulator
let dataDir: string
let serve: Awaited<ReturnType<typeof startCli>>
let alerts: string
let ui: string

beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY], signatureSecrets: { [KEY]: SIGN } })
  dataDir = tempDir('relay-secrets-')
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      listener: { token: TOKEN },
      simulator: { enabled: false },
      channels: [
        {
          name: 'good',
          webhookUrl: sim.webhookUrl(KEY),
          signatureKey: SIGN,
          aggregate: { enabled: false },
        },
        { name: 'wrong', webhookUrl: sim.webhookUrl(WRONG_KEY), aggregate: { enabled: false } },
        {
          name: 'proxied',
          webhookUrl: sim.webhookUrl(KEY),
          proxy: `http://ops:${PROXY_PASSWORD}@127.0.0.1:1`,
          aggregate: { enabled: false },
          timeoutSeconds: 1,
        },
      ],
      defaultChannels: ['good', 'wrong', 'proxied'],
    }),
  )
  serve = await startCli(serveArgs(dataDir), /ui: http/, { RELAY_ROBOT_WINDOW_MS: '1000' })
  alerts = /alerts: (\S+)/.exec(serve.output())![1]!
  ui = /ui: (\S+)/.exec(serve.output())![1]!
})
afterAll(async () => {
  await serve?.stop()
  await sim.close()
})

const leaks = (text: string) =>
  SECRETS.filter((s) => text.includes(s) || text.includes(encodeURIComponent(s)))

describe('secrets never appear unmasked', () => {
  it('in the history, the delivery state, the exports, the API answers and the process output', async () => {
    const res = await fetch(alerts, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Leak check', severity: 'critical' }),
    })
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    // Sign in the way the window does, then read everything the window can read.
    const login = await fetch(ui, { redirect: 'manual' })
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!
    const api = async (method: string, input: unknown = null) =>
      await (
        await fetch(`${new URL(ui).origin}/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: JSON.stringify(input),
        })
      ).text()
    await waitFor(async () => {
      const entry = JSON.parse(await api('getAlert', { id: ids[0] })) as {
        result: { deliveries: Record<string, { state: string }> }
      }
      return (
        ['good', 'wrong'].every((c) =>
          ['delivered', 'failed'].includes(entry.result.deliveries[c]?.state ?? ''),
        ) && entry.result.deliveries.proxied?.state === 'pending'
      )
    }, 20_000)
    expect(sim.rules.messages.some((m) => m.content.includes('Leak check'))).toBe(true)

    const answers = [
      await api('getAlert', { id: ids[0] }),
      await api('queryHistory', {}),
      await api('exportHistory', { format: 'json', query: {} }),
      await api('exportHistory', { format: 'csv', query: {} }),
      await api('exportSettings', {}),
      await api('deliveryStatus'),
      await api('testWebhook', { runId: 'r', channel: 'wrong' }),
      await api('testWebhook', { runId: 'r', channel: 'proxied' }),
      await api('appInfo'),
    ]
    for (const a of answers) expect(leaks(a)).toEqual([])
    // The settings file holds the secrets (owner-only); nothing else in the data folder may.
    const files = readdirSync(dataDir, { recursive: true, encoding: 'utf8' })
      .map((f) => join(dataDir, f))
      .filter((f) => statSync(f).isFile() && !f.endsWith('config.json'))
    expect(files.some((f) => f.endsWith('history.db'))).toBe(true)
    for (const f of files)
      expect({ file: f, leaks: leaks(readFileSync(f, 'utf8')) }).toEqual({ file: f, leaks: [] })
    expect((statSync(join(dataDir, 'config.json')).mode & 0o777).toString(8)).toBe('600')
    expect(leaks(serve.output())).toEqual([])
  })

  it('in the test-webhook command output, also with --json and --curl', async () => {
    for (const extra of [
      [],
      ['--json'],
      ['--curl'],
      ['--proxy', `http://ops:${PROXY_PASSWORD}@127.0.0.1:1`],
    ]) {
      const r = await runCli([
        'test-webhook',
        sim.webhookUrl(WRONG_KEY),
        '--signature-key',
        SIGN,
        ...extra,
      ])
      expect(leaks(r.stdout + r.stderr)).toEqual([])
    }
    // Four CLI processes one after another: a loaded 2-core machine needs more than the default.
  }, 120_000)

  it('the settings export masks secrets unless asked, and an import of a masked export keeps them', async () => {
    const t = await (
      await import('../helpers/relay')
    ).startTestRelay({ channels: [{ name: 'c', signatureKey: SIGN }] })
    const { relay } = t
    try {
      const service = createApiService(relay, { mode: 'headless', version: 't' })
      const masked = await service.exportSettings({ includeSecrets: false })
      expect(leaks(masked.content)).toEqual([])
      expect((await service.exportSettings({ includeSecrets: true })).content).toContain(SIGN)
      await service.importSettings({ content: masked.content })
      expect(relay.settings.get().channels[0]!.signatureKey).toBe(SIGN)
    } finally {
      await t.close()
    }
  })
})
