import { execFileSync } from 'node:child_process'
import { oneChannel } from '../test/helpers/cli'
import { performance } from 'node:perf_hooks'
import { startSimulator } from '../electron/core/simulator/simulator-server'
import { alertmanagerGroup, figure, rssMiB, startServe, type ScenarioResult } from './lib'

/** Headless start: launch to the `alerts:` line; idle RSS; RSS after 100,000 alerts. */
export async function startup(alerts = 100_000): Promise<ScenarioResult> {
  const t = performance.now()
  execFileSync(process.execPath, ['-e', ''])
  const nodeStartMs = performance.now() - t
  const sim = await startSimulator({ port: 0, keys: ['k'], rateLimit: 1_000_000 })
  const relay = await startServe(oneChannel(sim.webhookUrl('k')))
  try {
    await new Promise((r) => setTimeout(r, 1000))
    const idle = rssMiB(relay.child.pid!)
    let seq = 0
    const worker = async () => {
      while (seq * 20 < alerts) {
        const body = alertmanagerGroup(20, seq++)
        const res = await fetch(relay.alerts, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
        if (res.status !== 202) throw new Error(`listener answered ${res.status}`)
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    await new Promise((r) => setTimeout(r, 2000))
    const loaded = rssMiB(relay.child.pid!)
    return {
      scenario: 'startup',
      description: 'wecom-alert-relay serve, headless',
      figures: [
        figure('launch to the alerts: line', relay.readyMs, 'ms', {
          value: nodeStartMs,
          name: 'node -e "" (bare Node start)',
        }),
        figure('idle RSS', idle ?? NaN, 'MiB'),
        figure(
          `RSS after ${alerts.toLocaleString('en')} alerts`,
          loaded ?? NaN,
          'MiB',
          undefined,
          'history index, outbox (20 messages/min: still queued) and delivery state',
        ),
      ],
      notes: ['RSS read from /proc/PID/status (Linux).'],
    }
  } finally {
    await relay.stop()
    await sim.close()
  }
}
