import { execFileSync } from 'node:child_process'
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { finishAlert } from '../electron/core/alerts/model'
import { parseAlerts } from '../electron/core/alerts/sources'
import { IMPORTED_DIR } from '../electron/core/history/migrate-jsonl'
import { HistoryStore } from '../electron/core/history/history-store'
import type { HistoryRecord } from '../electron/core/history/records'
import { alertmanagerGroup, deliveredDigest, figure, ROOT, type ScenarioResult } from './lib'

const SEGMENT_BYTES = 8 * 1024 * 1024

/** The records the relay writes for one batch of 20 Alertmanager alerts, delivered as one digest. */
function batchRecords(batch: number): HistoryRecord[] {
  const alerts = parseAlerts(JSON.parse(alertmanagerGroup(20, batch)), 'alertmanager', {
    itemsPath: '',
    fields: {},
  }).map((d, i) => ({
    alert: finishAlert({
      ...d,
      vars: {
        ...d.vars,
        alarm_target: `db-${batch * 20 + i}`,
        alarm_summary: `Filesystem filling up ${(batch + i) % 100}`,
      },
    }),
    targets: ['oncall'],
    skipped: [],
  }))
  const at = new Date().toISOString()
  return [
    ...alerts.map((a) => ({ t: 'alert' as const, ...a })),
    {
      t: 'attempt',
      ...deliveredDigest(
        `att${batch}`,
        at,
        alerts.map((a) => a.alert.id),
      ),
    },
    ...alerts.map((a) => ({
      t: 'delivery' as const,
      alertId: a.alert.id,
      channel: 'oncall',
      state: 'delivered' as const,
      at,
      via: 'digest' as const,
      attemptId: `att${batch}`,
    })),
  ]
}

/**
 * A history of `n` Alertmanager alerts, each delivered with one digest attempt: written as the
 * JSON Lines segments of earlier versions (no fsync per batch), then opened once by the relay's
 * own HistoryStore, which imports them into its database (the first start after an upgrade) and
 * keeps them in `jsonl-imported/` (what `rawParse` reads).
 */
export async function buildHistory(n: number): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'relay-bench-history-')), 'history')
  mkdirSync(dir)
  let seq = 0
  let fd = -1
  let size = SEGMENT_BYTES
  for (let batch = 0; batch < n / 20; batch++) {
    if (size >= SEGMENT_BYTES) {
      if (fd !== -1) closeSync(fd)
      fd = openSync(join(dir, `segment-${String(++seq).padStart(6, '0')}.jsonl`), 'w')
      size = 0
    }
    const buf = Buffer.from(
      batchRecords(batch)
        .map((r) => `${JSON.stringify(r)}\n`)
        .join(''),
    )
    writeSync(fd, buf)
    size += buf.length
  }
  closeSync(fd)
  const t = performance.now()
  const store = await HistoryStore.open({ dir, maxAlerts: n * 2, maxAgeDays: 3650 })
  importMs.set(dir, performance.now() - t)
  // The search index is built after the import, by its own thread: measured with the rest.
  await store.searchIndexed()
  await store.close()
  return dir
}

/** How long each built history's one-time import took (ms). */
const importMs = new Map<string, number>()

/** The segments a history was imported from: where the JSON Lines of `buildHistory` are kept. */
export const segmentsOf = (dir: string) => join(dir, IMPORTED_DIR)

/** Reads and JSON.parses every line the history was imported from: the floor of any reader. */
export function rawParse(dir: string): number {
  const t = performance.now()
  for (const f of readdirSync(segmentsOf(dir)).sort())
    for (const line of readFileSync(join(segmentsOf(dir), f), 'utf8').split('\n'))
      if (line) JSON.parse(line)
  return performance.now() - t
}

/** Removes a history `buildHistory` made: each is hundreds of MiB of /tmp. */
export function removeHistory(dir: string): void {
  rmSync(dirname(dir), { recursive: true, force: true })
}

function child(dir: string, mode = ''): Record<string, number> {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/history-child.ts'), dir, mode],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>
}

/** Medians of three child runs (the machine is shared: one run proves little). */
function medianChild(dir: string, mode = ''): Record<string, number> {
  const runs = [child(dir, mode), child(dir, mode), child(dir, mode)]
  const out: Record<string, number> = {}
  for (const k of Object.keys(runs[0]!)) out[k] = runs.map((r) => r[k]!).sort((a, b) => a - b)[1]!
  return out
}

/** The local history at 100,000 alerts (and, when asked, 1,000,000): start, queries, detail, export, memory. */
export async function history(n = 100_000, big = 0): Promise<ScenarioResult> {
  const dir = await buildHistory(n)
  const r = medianChild(dir)
  const raw = [rawParse(dir), rawParse(dir), rawParse(dir)].sort((a, b) => a - b)[1]!
  const imported = importMs.get(dir)!
  removeHistory(dir)
  const figures = [
    figure(
      'cold start',
      r.openMs!,
      'ms',
      { value: raw, name: 'read + JSON.parse of the same records' },
      'target: under 1,000 ms',
    ),
    figure('one-time import from JSON Lines', imported, 'ms', {
      value: raw,
      name: 'read + JSON.parse of the same records',
    }),
    figure('JavaScript heap held by the store', r.heapStoreMiB!, 'MiB'),
    figure('process RSS after start', r.rssOpenMiB!, 'MiB', undefined, 'target: under 150 MiB'),
    figure(
      "History's first page (200 rows)",
      r.firstPageMs!,
      'ms',
      undefined,
      'target: under 50 ms',
    ),
    figure(
      'filtered query (firing, critical, channel; first page)',
      r.queryMs!,
      'ms',
      undefined,
      'target: under 50 ms',
    ),
    figure('text search (first run)', r.searchMs!, 'ms'),
    figure('text search (again)', r.searchAgainMs!, 'ms', undefined, 'target: under 150 ms'),
    figure('detail of one alert', r.detailMs!, 'ms', undefined, 'target: under 10 ms'),
    figure(
      `CSV export (${r.filteredTotal} critical alerts), streamed`,
      r.exportMs!,
      'ms',
      undefined,
      `RSS grew ${Math.round(r.exportRssGrowthMiB!)} MiB while streaming`,
    ),
  ]
  const notes = [
    "Measured in a child process started with --expose-gc (median of three), on the relay's own SQLite history, imported by its HistoryStore from the JSON Lines segments earlier versions wrote.",
  ]
  if (big) {
    const bigDir = await buildHistory(big)
    const b = child(bigDir)
    removeHistory(bigDir)
    const label = big.toLocaleString('en')
    figures.push(
      figure(`${label} alerts: cold start`, b.openMs!, 'ms'),
      figure(`${label} alerts: process RSS after start`, b.rssOpenMiB!, 'MiB'),
      figure(`${label} alerts: filtered query`, b.queryMs!, 'ms'),
      figure(`${label} alerts: text search`, b.searchAgainMs!, 'ms'),
      figure(`${label} alerts: detail of one alert`, b.detailMs!, 'ms'),
    )
  }
  return {
    scenario: 'history',
    description: `a local history of ${n.toLocaleString('en')} alerts (each with its delivery and attempt)`,
    figures,
    notes,
  }
}
