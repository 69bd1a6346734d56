import { afterEach, describe, expect, it } from 'vitest'
import { diskFull } from '../helpers/disk-full'
import { trayState, trayTooltip } from '../../electron/core/shell/tray-model'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { tempDir } from '../helpers/servers'

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/**
 * The disk fills up between accepting an alert and recording its delivery: every history write
 * after the alert's fails as SQLite fails on a full disk.
 */
async function relayWhoseDiskFillsAfterIntake(): Promise<TestRelay> {
  const relay = await startTestRelay({
    dataDir: tempDir('relay-fills-'),
    channels: [{ name: 'oncall', aggregate: { enabled: false } }],
  })
  const history = relay.relay.history
  history.setDeliveries = () => Promise.reject(diskFull())
  history.addOutcome = () => Promise.reject(diskFull())
  return relay
}

describe('the disk fills up while sending', () => {
  it('healthz, the delivery status and the tray say so, with what a restart would do', async () => {
    t = await relayWhoseDiskFillsAfterIntake()
    const res = await t.post('/alerts', { title: 'DiskFullWhileSending' })
    expect(res.status).toBe(202)
    await waitFor(() => t!.sim.rules.messages.length === 1, 10_000, 'the delivery')

    // Before: 200 {"status":"ok"} while nothing could be recorded.
    const health = await waitFor(
      async () => {
        const r = await fetch(`${t!.origin}/healthz`)
        return r.status === 503
          ? ((await r.json()) as { status: string; error: string })
          : undefined
      },
      5_000,
      '/healthz to report the storage problem',
    )
    expect(health.error).toMatch(
      /^The relay cannot write to its data folder \(ENOSPC.*\): free disk space\b.*\.$/,
    )

    const status = t.relay.delivery.status()
    expect(status.storage?.text).toBe(health.error)
    expect(status.storage?.code).toBe('storage.failingOne')
    // The clean-restart promise cannot hold for what could not be recorded: said precisely.
    expect(status.storage?.text).toContain('1 delivered alert is not recorded as delivered')
    expect(status.storage?.text).toContain('a restart before then sends it again')

    const tray = {
      delivery: status,
      listener: t.relay.listener.status(),
      firing: [],
      startAtLogin: false,
      language: 'en' as const,
    }
    expect(trayState(tray)).toBe('failing')
    expect(trayTooltip(tray)).toContain('Cannot save to disk')
  })

  it('once the disk has room again, what it refused is recorded, and a clean restart sends nothing twice', async () => {
    const dataDir = tempDir('relay-recovers-')
    t = await startTestRelay({
      dataDir,
      channels: [{ name: 'oncall', aggregate: { enabled: false } }],
    })
    // The disk is full for delivery records only (alerts were stored before it filled up).
    const history = t.relay.history
    const real = { set: history.setDeliveries.bind(history), add: history.addOutcome.bind(history) }
    let full = true
    history.setDeliveries = (...a) => (full ? Promise.reject(diskFull()) : real.set(...a))
    history.addOutcome = (...a) => (full ? Promise.reject(diskFull()) : real.add(...a))

    const [id] = (
      (await (await t.post('/alerts', { title: 'SentWhileFull' })).json()) as {
        ids: string[]
      }
    ).ids
    await waitFor(() => t!.sim.rules.messages.length === 1, 10_000, 'the delivery')
    await waitFor(() => t!.relay.delivery.status().storage, 5_000, 'the storage sentence')
    expect(history.get(id!)!.deliveries.oncall?.state).not.toBe('delivered')

    full = false
    const sim = t.sim
    await t.relay.close()
    t = undefined
    await sim.close()

    t = await startTestRelay({
      dataDir,
      channels: [{ name: 'oncall', aggregate: { enabled: false } }],
    })
    expect(t.relay.history.get(id!)!.deliveries.oncall?.state).toBe('delivered')
    // Before: the restarted relay found the alert pending and sent it again. An alert posted
    // after the restart arrives alone: anything re-queued at start would have gone before it.
    await t.post('/alerts', { title: 'AfterTheRestart' })
    await waitFor(() => t!.sim.rules.messages.length > 0, 10_000, 'the alert after the restart')
    expect(t.sim.rules.messages.map((m) => m.content)).toEqual([
      expect.stringContaining('AfterTheRestart'),
    ])
    expect(t.sim.rules.messages[0]!.content).not.toContain('SentWhileFull')
    expect(t.relay.delivery.status().storage).toBeUndefined()
  })

  it('a healthy relay answers 200 on /healthz and has no storage sentence', async () => {
    t = await startTestRelay()
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200)
    expect(t.relay.delivery.status().storage).toBeUndefined()
  })
})
