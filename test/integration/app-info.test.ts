import { writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { createRelay, type Relay } from '../../electron/core/app'
import { confBackend } from '../../electron/core/settings/conf-backend'
import { tempDir } from '../helpers/servers'

/** What appInfo tells the window about the simulator and a listener the command line pinned. */
describe('appInfo', () => {
  const open: Array<Relay | Server> = []
  afterEach(async () => {
    for (const x of open.splice(0))
      await ('delivery' in x ? x.close() : new Promise((r) => x.close(r)))
  })

  async function relayWith(simulatorPort: number, enabled = true) {
    const dataDir = tempDir('app-info-')
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        listener: { host: '127.0.0.1', port: 0 },
        simulator: { enabled, host: '127.0.0.1', port: simulatorPort },
      }),
    )
    const relay = await createRelay({ dataDir, createSettingsBackend: confBackend })
    open.push(relay)
    return { relay, api: createApiService(relay, { mode: 'headless', version: '1' }) }
  }

  it('says the simulator could not start, with the errno code and the sentence', async () => {
    // Someone else's process on the simulator's port: the seeded channel would reach it.
    const other = createServer((_, res) => res.end('{"errcode":0}'))
    open.push(other)
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r))
    const port = (other.address() as AddressInfo).port
    const { api } = await relayWith(port)
    const info = await api.appInfo()
    expect(info.simulator).toBeUndefined()
    expect(info.simulatorStatus).toEqual({
      state: 'failed',
      address: `127.0.0.1:${port}`,
      code: 'EADDRINUSE',
      // By its code, so the window words it in its language; the English as before.
      reason: expect.objectContaining({
        code: 'listen.inUse',
        text: `The WeCom simulator could not start: 127.0.0.1:${port} is already in use: stop the other program or change simulator.port in the settings.`,
      }),
    })
  })

  it('says the simulator runs, and where, or that it is off', async () => {
    const running = await relayWith(0)
    const info = await running.api.appInfo()
    expect(info.simulatorStatus).toEqual({ state: 'running', origin: info.simulator })
    expect(info.simulator).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const off = await relayWith(0, false)
    expect((await off.api.appInfo()).simulatorStatus).toEqual({ state: 'disabled' })
  })

  it('says whether the listener address was pinned by --listen', async () => {
    const { relay, api } = await relayWith(0, false)
    await relay.listener.start()
    expect((await api.appInfo()).listener).toMatchObject({ state: 'listening', pinned: false })
    await relay.listener.start({ host: '127.0.0.1', port: 0 })
    const pinned = (await api.appInfo()).listener
    expect(pinned).toMatchObject({ state: 'listening', pinned: true })
    expect(pinned.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
  })
})
