import autocannon from 'autocannon'
import { startSimulator } from '../electron/core/simulator/server'
import { alertmanagerGroup, figure, startServe, type ScenarioResult } from './lib'

/** Listener ingest: Alertmanager-sized payloads over loopback, persistence (fsync) on. */
export async function ingest(
  opts: { seconds?: number; connections?: number } = {},
): Promise<ScenarioResult> {
  const seconds = opts.seconds ?? 10
  const connections = opts.connections ?? 10
  const sim = await startSimulator({ port: 0, keys: ['bench-key'], rateLimit: 1_000_000 })
  const relay = await startServe({
    simulator: { enabled: false },
    channels: [{ name: 'bench', webhookUrl: sim.webhookUrl('bench-key') }],
    defaultChannels: ['bench'],
  })
  const figures = []
  const notes: string[] = [
    `autocannon, ${connections} connections, ${seconds} s per payload size, loopback; every 202 is after fdatasync.`,
  ]
  try {
    for (const size of [1, 20]) {
      let seq = 0
      const errors = new Map<string, number>()
      const run = (
        autocannon as unknown as (
          o: autocannon.Options,
        ) => autocannon.Instance & Promise<autocannon.Result>
      )({
        url: relay.alerts,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        setupClient: (client) => client.setBody(alertmanagerGroup(size, seq++)),
        requests: [{ setupRequest: (req) => ({ ...req, body: alertmanagerGroup(size, seq++) }) }],
      })
      run.on('reqError', (e: Error & { code?: string }) =>
        errors.set(e.code ?? e.message, (errors.get(e.code ?? e.message) ?? 0) + 1),
      )
      const result = await run
      const ok = result['2xx']
      if (result.non2xx || result.errors)
        notes.push(
          `${size}-alert payloads: ${result.non2xx} non-2xx answers, ${result.errors} errors.`,
        )
      figures.push(
        figure(`${size}-alert payloads: requests/s`, ok / seconds, 'req/s'),
        figure(`${size}-alert payloads: alerts/s`, (ok * size) / seconds, 'alerts/s'),
        figure(`${size}-alert payloads: p50 latency`, result.latency.p50, 'ms'),
        figure(`${size}-alert payloads: p99 latency`, result.latency.p99, 'ms'),
      )
    }
  } finally {
    await relay.stop()
    await sim.close()
  }
  return {
    scenario: 'ingest',
    description: 'Alertmanager webhook payloads posted to the listener',
    figures,
    notes,
  }
}
