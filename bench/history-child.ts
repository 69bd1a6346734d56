// Runs in its own process (node --expose-gc) so that memory figures are this store's alone.
import { createReadStream } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { performance } from 'node:perf_hooks'
import { HistoryStore } from '../electron/core/history/store'

const dir = process.argv[2]!
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const rss = () => process.memoryUsage().rss / 2 ** 20
const heap = () => {
  gc()
  return process.memoryUsage().heapUsed / 2 ** 20
}

async function time<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now()
  const r = await fn()
  return [r, performance.now() - t]
}

const mode = process.argv[3]
if (mode === 'raw') {
  // Baseline: read and JSON.parse every line, nothing else.
  const [, ms] = await time(async () => {
    let n = 0
    for (const f of (await readdir(dir)).sort())
      for await (const line of createInterface({ input: createReadStream(join(dir, f)) }))
        if (line) n += JSON.parse(line) ? 1 : 0
    return n
  })
  console.log(JSON.stringify({ rawParseMs: ms }))
} else {
  const heap0 = heap()
  const [store, openMs] = await time(() =>
    HistoryStore.open({ dir, maxAlerts: 200_000, maxAgeDays: 3650 }),
  )
  const heapStore = heap() - heap0
  const [filtered, queryMs] = await time(() =>
    store.query({ status: 'firing', level: 'critical', channel: 'oncall', limit: 100 }),
  )
  const [searched, searchMs] = await time(() => store.query({ text: 'db-4242', limit: 100 }))
  const [, searchAgainMs] = await time(() => store.query({ text: 'filling up 77', limit: 100 }))
  const [csv, exportMs] = await time(() => store.export('csv', { level: 'critical' }, []))
  console.log(
    JSON.stringify({
      size: store.size,
      openMs,
      heapStoreMiB: heapStore,
      rssMiB: rss(),
      queryMs,
      filteredTotal: filtered.total,
      searchMs,
      searchAgainMs,
      searchTotal: searched.total,
      exportMs,
      exportBytes: csv.length,
    }),
  )
  await store.close()
}
