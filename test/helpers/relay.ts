import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { createApiService } from '../../electron/core/api/service'
import { createRelay, type Relay, type RelayOptions } from '../../electron/core/app'
import { startUiServer, type UiServer } from '../../electron/headless/api-server'
import { rendererDir } from '../../electron/headless/package-root'
import { confBackend } from '../../electron/core/settings/conf-backend'
import type { ChannelInput, SettingsInput } from '../../electron/core/settings/schema'
import {
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../../electron/core/simulator/simulator-server'
import { tempDir } from './servers'

export interface TestRelay {
  relay: Relay
  sim: Simulator
  dataDir: string
  /** `http://127.0.0.1:PORT` of the listener. */
  origin: string
  post(path: string, body: unknown, init?: RequestInit): Promise<Response>
  close(): Promise<void>
}

/**
 * A relay in this process with its own data folder, listener on port 0, and its own simulator on
 * port 0 as the robot(s) of its channels. `channel` settings are merged into each channel.
 */
export async function startTestRelay(
  opts: {
    keys?: string[]
    channels?: Array<Partial<ChannelInput> & { name: string; keys?: string[] }>
    settings?: Partial<SettingsInput>
    sim?: SimulatorOptions
    delivery?: RelayOptions['delivery']
    senders?: RelayOptions['senders']
    dataDir?: string
  } = {},
): Promise<TestRelay> {
  const keys = opts.keys ?? ['robot-key-0001']
  const sim = await startSimulator({
    port: 0,
    keys: [...keys, ...(opts.channels ?? []).flatMap((c) => c.keys ?? [])],
    ...opts.sim,
  })
  const dataDir = opts.dataDir ?? tempDir('relay-test-')
  const channels = (opts.channels ?? [{ name: 'oncall' }]).map(({ keys: channelKeys, ...c }) => {
    const [first, ...rest] = channelKeys ?? keys
    return {
      webhookUrl: sim.webhookUrl(first),
      extraWebhookUrls: rest.map((k) => sim.webhookUrl(k)),
      ...c,
    }
  })
  const settings: SettingsInput = {
    listener: { host: '127.0.0.1', port: 0 },
    simulator: { enabled: false },
    channels,
    defaultChannels: [channels[0]!.name],
    ...opts.settings,
  }
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(settings))
  const relay = await createRelay({
    dataDir,
    createSettingsBackend: confBackend,
    withSimulator: false,
    delivery: opts.delivery,
    senders: opts.senders,
  })
  await relay.listener.start()
  const origin = relay.listener.origin!
  return {
    relay,
    sim,
    dataDir,
    origin,
    post: (path, body, init = {}) =>
      fetch(`${origin}${path}`, {
        method: 'POST',
        headers:
          typeof body === 'string'
            ? { 'content-type': 'text/plain' }
            : { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...init,
      }),
    async close() {
      await relay.close()
      await sim.close()
    },
  }
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v) return v as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

/** The headless window API over a test relay, as `serve` runs it, with a known token. */
export function startTestUi(t: TestRelay, token: string, version = 'test'): Promise<UiServer> {
  return startUiServer({
    rendererDir: rendererDir(),
    host: '127.0.0.1',
    port: 0,
    service: createApiService(t.relay, { mode: 'headless', version }),
    events: t.relay.events,
    token,
  })
}
