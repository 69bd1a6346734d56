import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import type { RelayEvent } from '../../../electron/core/events'
import { startSimulator, type Simulator } from '../../../electron/core/simulator/simulator-server'
import { tempDir } from '../../helpers/servers'
import { createElectronDouble, type ElectronDouble } from './electron-double'
import { endShell, KEY, openPage, startShell, writeSettings } from './harness'

// The desktop window's side of the event stream: the real shell and preload over the double,
// the renderer's own client (renderer/src/api.ts) on the bridge.

const alertmanager = readFileSync(
  new URL('../../fixtures/alertmanager-group.json', import.meta.url),
  'utf8',
)

let sim: Simulator
let double: ElectronDouble

beforeEach(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY] })
  const dataDir = tempDir('relay-shell-')
  writeSettings(dataDir, sim.webhookUrl(KEY))
  vi.stubEnv('RELAY_DATA_DIR', dataDir)
  vi.stubEnv('XDG_CONFIG_HOME', `${dataDir}/xdg`)
  double = createElectronDouble()
})

afterEach(() => endShell(double, sim))

it('hands the first page an event sent between its read and its components subscribing', async () => {
  expect(await startShell(double)).toBe(true)
  const bridge = await openPage(double)
  vi.stubGlobal('window', { relay: bridge })
  vi.stubGlobal('location', { hash: '' })
  // first-load.ts asks for the first page as it loads; the window's client hands out its answers.
  const { createClient } = await import('../../../renderer/src/api')
  const { endFirstLoad, withFirstLoad } = await import('../../../renderer/src/first-load')
  const client = withFirstLoad(createClient())
  const before = await client.listActive({ groupBy: 'name' })
  expect(before.total).toBe(0)

  // The relay announces the alert (right after its 202, before it serves anything else) while React still starts.
  const info = await client.appInfo()
  const res = await fetch(`${info.listener.address}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: alertmanager,
  })
  expect(res.status).toBe(202)
  const { ids } = (await res.json()) as { ids: string[] }

  // Now the first render's components subscribe, and its effects end the first load.
  const seen: RelayEvent[] = []
  client.onEvent((e) => seen.push(e))
  endFirstLoad()
  expect(seen.find((e) => e.type === 'alert.received')).toMatchObject({ ids })
})
