import autocannon from 'autocannon'
import { oneChannel } from '../test/helpers/cli'
import { startSimulator } from '../electron/core/simulator/simulator-server'
import { findAlertmanager, startAlertmanager } from './alertmanager'
import {
  alertmanagerApiBody,
  alertmanagerGroup,
  figure,
  startServe,
  type Figure,
  type ScenarioResult,
} from './lib'

type Load = { result: autocannon.Result; errors: Map<string, number> }

/** `connections` clients posting `body(seq)` to `url` for `seconds`. */
async function load(
  url: string,
  body: (seq: number) => string,
  connections: number,
  seconds: number,
): Promise<Load> {
  let seq = 0
  const errors = new Map<string, number>()
  const run = (
    autocannon as unknown as (
      o: autocannon.Options,
    ) => autocannon.Instance & Promise<autocannon.Result>
  )({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body(seq++) }) }],
  })
  run.on('reqError', (e: Error & { code?: string }) =>
    errors.set(e.code ?? e.message, (errors.get(e.code ?? e.message) ?? 0) + 1),
  )
  return { result: await run, errors }
}

/**
 * Listener ingest: Alertmanager-sized payloads (1 and 20 alerts) over loopback, persistence on,
 * next to a real Prometheus Alertmanager ingesting the same alerts through /api/v2/alerts.
 */
export async function ingest(
  opts: { seconds?: number; connections?: number[] } = {},
): Promise<ScenarioResult> {
  const seconds = opts.seconds ?? 10
  const notes: string[] = [
    `autocannon, ${seconds} s per payload size, connection count and server, loopback; every relay 202 waits for fdatasync.`,
  ]
  const figures: Figure[] = []
  const am = findAlertmanager()
  if ('skipped' in am) notes.push(am.skipped)
  const sim = await startSimulator({ port: 0, keys: ['bench-key'], rateLimit: 1_000_000 })
  const relay = await startServe(oneChannel(sim.webhookUrl('bench-key')))
  try {
    for (const [connections, size] of (opts.connections ?? [10, 64]).flatMap((c) =>
      [1, 20].map((n) => [c, n] as const),
    )) {
      const label = `${size}-alert payloads${connections === 10 ? '' : `, ${connections} connections`}`
      const { result, errors } = await load(
        relay.alerts,
        (seq) => alertmanagerGroup(size, seq),
        connections,
        seconds,
      )
      let base: autocannon.Result | undefined
      if ('path' in am) {
        const server = await startAlertmanager(am.path)
        try {
          base = (
            await load(
              `${server.url}/api/v2/alerts`,
              (seq) => alertmanagerApiBody(size, seq),
              connections,
              seconds,
            )
          ).result
        } finally {
          await server.stop()
        }
      }
      if (relay.child.exitCode !== null || relay.child.signalCode)
        notes.push(
          `The relay process exited (${relay.child.exitCode ?? relay.child.signalCode}) during the ${size}-alert run.`,
        )
      const trouble = relay
        .output()
        .split('\n')
        .filter(
          (l) => /error|warning|exception/i.test(l) && !/DEP0137|Closing file descriptor/.test(l),
        )
      if (trouble.length) notes.push(`The relay printed: ${trouble.slice(0, 5).join(' | ')}`)
      if (result.non2xx || result.errors) {
        const kinds = [...errors].map(([k, n]) => `${k} ×${n}`).join(', ')
        notes.push(
          `${label}: ${result.non2xx} non-2xx answers, ${result.errors} client errors${kinds ? ` (${kinds})` : ''}.`,
        )
      }
      const b = (v: number | undefined) =>
        v !== undefined ? { value: v, name: 'Alertmanager' } : undefined
      figures.push(
        figure(
          `${label}: requests/s`,
          result['2xx'] / seconds,
          'req/s',
          b(base && base['2xx'] / seconds),
        ),
        figure(
          `${label}: alerts/s`,
          (result['2xx'] * size) / seconds,
          'alerts/s',
          b(base && (base['2xx'] * size) / seconds),
        ),
        figure(`${label}: p50 latency`, result.latency.p50, 'ms', b(base?.latency.p50)),
        figure(
          `${label}: p99 latency`,
          result.latency.p99,
          'ms',
          b(base?.latency.p99),
          size === 1 && connections === 10 ? 'target: under 20 ms' : undefined,
        ),
      )
    }
  } finally {
    await relay.stop()
    await sim.close()
  }
  if ('path' in am)
    notes.push(
      'Baseline: Prometheus Alertmanager (Debian) on loopback, the same alerts posted to /api/v2/alerts under the same load; it keeps alerts in memory and snapshots them, while every relay 202 waits for fdatasync.',
    )
  return {
    scenario: 'ingest',
    description: 'Alertmanager webhook payloads posted to the listener',
    figures,
    notes,
  }
}
