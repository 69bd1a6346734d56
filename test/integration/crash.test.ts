import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startSimulator, type Simulator } from '../../electron/core/simulator/server'
import { startCli } from '../helpers/cli'
import { tempDir } from '../helpers/servers'
import { waitFor } from '../helpers/relay'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ port: 0, keys: ['crash-robot-key'], rateLimit: 20, windowMs: 1000 })
})
afterAll(() => sim.close())

function configFor(dataDir: string): void {
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      simulator: { enabled: false },
      channels: [
        {
          name: 'oncall',
          webhookUrl: sim.webhookUrl('crash-robot-key'),
          aggregate: { enabled: false },
        },
      ],
      defaultChannels: ['oncall'],
    }),
  )
}

const serve = (dataDir: string) =>
  startCli(
    ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0', '--ui', '127.0.0.1:0'],
    /ui: http/,
    { RELAY_ROBOT_WINDOW_MS: '1000' },
  )

describe('crash safety', () => {
  it('an alert acknowledged with 202 survives SIGKILL and is delivered after the restart', async () => {
    const dataDir = tempDir('relay-crash-')
    configFor(dataDir)
    sim.rules.clear()
    sim.faults.add({ fault: { kind: 'delay', ms: 10_000 }, times: 1 }) // the first send hangs: the kill lands mid-send
    const first = await serve(dataDir)
    const alerts = /alerts: (\S+)/.exec(first.output())![1]!
    const res = await fetch(alerts, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Survives the crash', severity: 'critical' }),
    })
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))
    expect(sim.rules.messages).toHaveLength(0)

    const second = await serve(dataDir)
    try {
      await waitFor(
        () => sim.rules.messages.some((m) => m.content.includes('Survives the crash')),
        20_000,
        'redelivery after restart',
      )
      const history = await (async () => {
        // The restarted relay's history holds the alert under the id the first one acknowledged.
        const { HistoryStore } = await import('../../electron/core/history/store')
        await second.stop()
        const h = await HistoryStore.open({ dir: join(dataDir, 'history') })
        const entry = h.get(ids[0]!)
        await h.close()
        return entry
      })()
      expect(history?.alert.vars.alarm_name).toBe('Survives the crash')
      expect(history?.deliveries.oncall?.state).toBe('delivered')
    } finally {
      await second.stop()
    }
  })
})
