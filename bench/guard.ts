import autocannon from 'autocannon'
import { once } from 'node:events'
import { readdirSync, readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { startSimulator } from '../electron/core/simulator/server'
import { HistoryStore } from '../electron/core/history/store'
import { oneChannel } from '../test/helpers/cli'
import { buildHistory, rawParse, removeHistory, segmentsOf } from './history'
import { alertmanagerGroup, startServe } from './lib'

/**
 * Short forms of the history and ingest scenarios for `npm test`: each gives a ratio to a baseline
 * measured in the same run on the same data, so a slow or busy machine moves both sides.
 */

const ms = (fn: () => unknown): number => {
  const t = performance.now()
  fn()
  return performance.now() - t
}
/**
 * The fastest of several runs: on a busy machine (CI runs this beside other tests) noise only ever
 * adds time, so the minimum is the steadiest estimate of what the code itself costs.
 */
const best = (xs: number[]) => Math.min(...xs)
const times = (n: number, fn: () => unknown) => best(Array.from({ length: n }, () => ms(fn)))

export interface HistoryRatios {
  /** Start / parsing the whole history. */
  start: number
  /** Filtered first page / parsing the whole history. */
  query: number
  /** Text search / parsing the whole history. */
  search: number
  /** Detail of one alert / parsing one alert's line. */
  detail: number
}

export async function historyRatios(n = 20_000): Promise<HistoryRatios> {
  const dir = await buildHistory(n)
  const raw = best([rawParse(dir), rawParse(dir), rawParse(dir)])
  const opens: number[] = []
  let store!: HistoryStore
  for (let i = 0; i < 3; i++) {
    const t = performance.now()
    store = await HistoryStore.open({ dir, maxAlerts: n * 2, maxAgeDays: 3650 })
    opens.push(performance.now() - t)
    if (i < 2) await store.close()
  }
  const query = times(9, () =>
    store.query({ status: 'firing', level: 'critical', channel: 'oncall' }),
  )
  const search = times(9, () => store.query({ text: 'filling up 7' }))
  const ids = store.query({ limit: 500, offset: n / 2 }).items.map((e) => e.alert.id)
  const line = readFileSync(
    join(segmentsOf(dir), readdirSync(segmentsOf(dir)).sort()[0]!),
    'utf8',
  ).split('\n')[0]!
  const parseOne = times(5, () => ids.forEach(() => JSON.parse(line)))
  const detail = times(5, () => ids.forEach((id) => store.get(id)))
  await store.close()
  removeHistory(dir)
  return {
    start: best(opens) / raw,
    query: query / raw,
    search: search / raw,
    detail: detail / parseOne,
  }
}

/** A trivial listener: parse the JSON, append it, fdatasync (group commit), answer 202. */
async function trivialServer(): Promise<{ url: string; close(): Promise<void> }> {
  const file = await open(join(mkdtempSync(join(tmpdir(), 'relay-guard-')), 'log'), 'a')
  let queue: Array<{ line: string; done: () => void }> = []
  let busy = false
  const drain = async () => {
    if (busy) return
    busy = true
    while (queue.length) {
      const batch = queue
      queue = []
      await file.write(batch.map((w) => w.line).join(''))
      await file.datasync()
      for (const w of batch) w.done()
    }
    busy = false
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
      queue.push({
        line: `${JSON.stringify(body)}\n`,
        done: () => {
          res.writeHead(202, { 'content-type': 'application/json' })
          res.end('{"accepted":1}')
        },
      })
      void drain()
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/alerts`,
    async close() {
      server.closeAllConnections()
      await new Promise((r) => server.close(r))
      while (busy || queue.length) await new Promise((r) => setTimeout(r, 5))
      await file.close()
    },
  }
}

async function rate(url: string, seconds: number): Promise<number> {
  let seq = 0
  const result = await (
    autocannon as unknown as (o: autocannon.Options) => Promise<autocannon.Result>
  )({
    url,
    method: 'POST',
    connections: 10,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: alertmanagerGroup(1, seq++) }) }],
  })
  return result['2xx'] / seconds
}

/** The relay's 1-alert ingest rate / a trivial Node server's that also fdatasyncs every answer. */
export async function ingestRatio(seconds = 3): Promise<{ relay: number; trivial: number }> {
  const sim = await startSimulator({ port: 0, keys: ['guard-key'], rateLimit: 1_000_000 })
  const relay = await startServe(oneChannel(sim.webhookUrl('guard-key')))
  const trivial = await trivialServer()
  try {
    // Interleaved, so that a change in the machine's load hits both.
    const r1 = await rate(relay.alerts, seconds)
    const t1 = await rate(trivial.url, seconds)
    const r2 = await rate(relay.alerts, seconds)
    const t2 = await rate(trivial.url, seconds)
    return { relay: (r1 + r2) / 2, trivial: (t1 + t2) / 2 }
  } finally {
    await trivial.close()
    await relay.stop()
    await sim.close()
  }
}
