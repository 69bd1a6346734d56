// Runs in its own process (node --expose-gc) so that memory figures are this store's alone.
import { createWriteStream, rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { pipeline } from 'node:stream/promises'
import { HistoryStore } from '../electron/core/history/history-store'

const dir = process.argv[2]!
const mode = process.argv[3] ?? ''
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

/** The median of `n` runs of `fn`, in ms (the machine is shared: one run proves little). */
async function median(n: number, fn: () => unknown): Promise<number> {
  const runs: number[] = []
  for (let i = 0; i < n; i++) runs.push((await time(fn))[1])
  return runs.sort((a, b) => a - b)[n >> 1]!
}

{
  // `noexport`: no export (a million alerts take a while to export, and the figure scales linearly).
  const heap0 = heap()
  const [store, openMs] = await time(() =>
    HistoryStore.open({ dir, maxAlerts: 2_000_000, maxAgeDays: 3650 }),
  )
  const heapStore = heap() - heap0
  const rssOpen = rss()
  const [, firstPageFirstMs] = await time(() => store.query({ limit: 200 }))
  const firstPageMs = await median(5, () => store.query({ limit: 200 }))
  const filter = { status: 'firing', level: 'critical', channel: 'oncall', limit: 100 } as const
  const [filtered, queryFirstMs] = await time(() => store.query(filter))
  const queryMs = await median(5, () => store.query(filter))
  const [searched, searchMs] = await time(() => store.query({ text: 'db-4242', limit: 100 }))
  const searchAgainMs = await median(5, () => store.query({ text: 'filling up 77', limit: 100 }))
  const ids = store
    .query({ limit: 1000, offset: Math.floor(store.size / 2) })
    .items.map((e) => e.alert.id)
  const detailMs = (await median(3, () => ids.forEach((id) => store.get(id)))) / ids.length
  // Export to a file, as the window's download does: memory is sampled while it streams.
  let peak = rss()
  const before = peak
  const out = join(dir, '..', `export-${process.pid}.csv`)
  const [, exportMs] = await time(async () => {
    if (mode === 'noexport') return
    const stream = store.exportStream('csv', { level: 'critical' }, [])
    stream.on('data', () => (peak = Math.max(peak, rss())))
    await pipeline(stream, createWriteStream(out))
  })
  rmSync(out, { force: true })
  console.log(
    JSON.stringify({
      size: store.size,
      openMs,
      firstPageFirstMs,
      firstPageMs,
      heapStoreMiB: heapStore,
      rssOpenMiB: rssOpen,
      rssMiB: rss(),
      queryFirstMs,
      queryMs,
      filteredTotal: filtered.total,
      searchMs,
      searchAgainMs,
      searchTotal: searched.total,
      detailMs,
      exportMs,
      exportRssGrowthMiB: peak - before,
    }),
  )
  await store.close()
}
