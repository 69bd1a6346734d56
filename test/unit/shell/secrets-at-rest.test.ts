import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createRelay } from '../../../electron/core/app'
import { confBackend } from '../../../electron/core/settings/conf-backend'
import { startSimulator, type Simulator } from '../../../electron/core/simulator/simulator-server'
import { tempDir } from '../../helpers/servers'
import { createElectronDouble, KeyStore, type ElectronDouble } from './electron-double'
import { KEY, openPage, quitShell, endShell, startShell, writeSettings } from './harness'

// Secrets at rest: sealed with (the double's) safeStorage by the real shell, read back by it,
// migrated both ways, and a sealed file never lost where it cannot be opened.

const EXTRA_KEY = 'shell-extra-key-0002'
const SIGNATURE = 'SEC-signature-key-0123456789'
const PROXY_PASSWORD = 'proxy-password-4567'
const TOKEN = 'listener-token-abcdef-123456'

let sim: Simulator
let dataDir: string
let double: ElectronDouble
const configPath = () => join(dataDir, 'config.json')
const fileText = () => readFileSync(configPath(), 'utf8')
const oneSentence = (s: string) => expect(s.split(/[.!?]\s+(?=[A-Z])/)).toEqual([s])

beforeEach(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY, EXTRA_KEY] })
  dataDir = tempDir('relay-secrets-')
  writeSettings(dataDir, sim.webhookUrl(KEY), {
    listener: { host: '127.0.0.1', port: 0, token: TOKEN },
    channels: [
      {
        name: 'oncall',
        webhookUrl: sim.webhookUrl(KEY),
        extraWebhookUrls: [sim.webhookUrl(EXTRA_KEY)],
      },
      {
        name: 'signed',
        webhookUrl: sim.webhookUrl(KEY),
        signatureKey: SIGNATURE,
        proxy: `http://relay:${PROXY_PASSWORD}@127.0.0.1:3128`,
        enabled: false,
      },
    ],
  })
  vi.stubEnv('RELAY_DATA_DIR', dataDir)
  double = createElectronDouble()
})

afterEach(() => endShell(double, sim))

/** Quits, then starts the app again on the same data folder with `keyStore`. */
async function restart(keyStore: KeyStore): Promise<void> {
  await quitShell(double)
  double = createElectronDouble({ keyStore })
  expect(await startShell(double)).toBe(true)
}

describe('secrets at rest in the app', () => {
  it('seals webhook keys, signature keys, proxy passwords and the token, and still sends with them', async () => {
    expect(await startShell(double)).toBe(true)
    const text = fileText()
    for (const secret of [KEY, EXTRA_KEY, SIGNATURE, PROXY_PASSWORD, TOKEN])
      expect(text).not.toContain(secret)
    const file = JSON.parse(text) as {
      listener: { token: unknown; port: number }
      channels: Array<Record<string, unknown>>
    }
    const sealed = { $enc: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) as string }
    expect(file.listener).toMatchObject({ token: sealed, port: 0 })
    expect(file.channels[0]).toMatchObject({
      name: 'oncall',
      webhookUrl: sealed,
      extraWebhookUrls: [sealed],
      signatureKey: '',
    })
    expect(file.channels[1]).toMatchObject({ signatureKey: sealed, proxy: sealed })
    expect(statSync(configPath()).mode & 0o777).toBe(0o600)

    const page = await openPage(double)
    await page.sendTestAlert({})
    // After the gather window of a quiet channel (1.5 s, #23).
    await vi.waitFor(
      () => expect(new Set(sim.rules.messages.map((m) => m.key))).toEqual(new Set([KEY])),
      { timeout: 5000 },
    )
    // A change saved from the window is sealed too.
    await page.updateSettings({ patch: { app: { language: 'zh' } } })
    expect(fileText()).not.toContain(KEY)
    expect(JSON.parse(fileText())).toMatchObject({ app: { language: 'zh' } })
  })

  it('moves a plain file to sealed once encryption becomes available', async () => {
    const keyStore = new KeyStore(false)
    double = createElectronDouble({ keyStore })
    expect(await startShell(double)).toBe(true)
    expect(fileText()).toContain(KEY)

    keyStore.available = true
    await restart(keyStore)
    expect(fileText()).not.toContain(KEY)
    const settings = await (await openPage(double)).exportSettings({ includeSecrets: true })
    expect(settings.content).toContain(sim.webhookUrl(KEY))
    expect(settings.content).toContain(TOKEN)
  })

  it('keeps the plain owner-only file where Linux has no secret store (basic_text)', async () => {
    double = createElectronDouble({ keyStore: new KeyStore(true, 'basic_text') })
    expect(await startShell(double)).toBe(true)
    if (process.platform === 'linux') expect(fileText()).toContain(KEY)
    else expect(fileText()).not.toContain(KEY)
  })
})

describe('a sealed file where it cannot be opened', () => {
  let sealedText: string

  beforeEach(async () => {
    expect(await startShell(double)).toBe(true)
    await quitShell(double)
    sealedText = fileText()
    expect(sealedText).not.toContain(KEY)
  })

  const keptFile = () => {
    const kept = readdirSync(dataDir).filter((f) => /^config\.encrypted-.+\.json$/.test(f))
    expect(kept).toHaveLength(1)
    expect(readFileSync(join(dataDir, kept[0]!), 'utf8')).toBe(sealedText)
    return join(dataDir, kept[0]!)
  }

  it('the app without its key store: keeps the file, says so in one sentence, starts with defaults', async () => {
    double = createElectronDouble({ keyStore: new KeyStore(false) })
    expect(await startShell(double)).toBe(true)
    const info = await (await openPage(double)).appInfo()
    // Defaults bind the default ports: another relay running on this machine adds its own warning.
    const about = info.warnings.map((w) => w.text).filter((w) => w.includes(keptFile()))
    expect(about).toHaveLength(1)
    const [warning] = about
    oneSentence(warning!)
    expect(warning).toContain(keptFile())
    expect(warning).toMatch(/locked or missing/)
    const channels = await (await openPage(double)).listChannels()
    expect(channels.map((c) => c.name)).not.toContain('oncall')
  })

  it('another machine or account: the same, with the reason', async () => {
    double = createElectronDouble({ keyStore: new KeyStore(true) })
    expect(await startShell(double)).toBe(true)
    const [warning] = (await (await openPage(double)).appInfo()).warnings.map((w) => w.text)
    oneSentence(warning!)
    expect(warning).toMatch(/cannot decrypt them here/)
    expect(warning).toContain(keptFile())
  })

  it('`serve` (no Electron): the same, and a plain file stays readable there', async () => {
    const relay = await createRelay({
      dataDir,
      createSettingsBackend: confBackend,
      withSimulator: false,
    })
    try {
      expect(relay.warnings).toHaveLength(1)
      const warning = relay.warnings[0]!.text
      oneSentence(warning)
      expect(relay.warnings[0]!.code).toBe('start.sealed')
      expect(warning).toMatch(/only the desktop app can open/)
      expect(warning).toContain(keptFile())
    } finally {
      await relay.close()
    }
    writeSettings(dataDir, sim.webhookUrl(KEY))
    const plain = await createRelay({
      dataDir,
      createSettingsBackend: confBackend,
      withSimulator: false,
    })
    try {
      expect(plain.warnings).toEqual([])
      expect(plain.settings.get().channels[0]!.webhookUrl).toBe(sim.webhookUrl(KEY))
      expect(fileText()).toContain(KEY)
    } finally {
      await plain.close()
    }
  })
})
