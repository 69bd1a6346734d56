import { execFileSync } from 'node:child_process'
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { finishAlert } from '../electron/core/alerts/model'
import { parseAlerts } from '../electron/core/alerts/sources'
import { HistoryStore } from '../electron/core/history/store'
import type { HistoryRecord } from '../electron/core/history/records'
import { alertmanagerGroup, figure, ROOT, type ScenarioResult } from './lib'

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
      id: `att${batch}`,
      at,
      channel: 'oncall',
      robot: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
      alertIds: alerts.map((a) => a.alert.id),
      kind: 'digest',
      msgtype: 'markdown',
      content: 'digest',
      bytes: 6,
      httpStatus: 200,
      errcode: 0,
      errmsg: 'ok',
      latencyMs: 40,
      outcome: 'success',
      explanation: 'ok',
      retry: 0,
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
 * A history of `n` Alertmanager alerts, each delivered with one digest attempt: the segments the
 * relay writes, written directly (no fsync per batch, so a million alerts take a minute, not an
 * hour), then opened once by the relay's own HistoryStore and closed, which leaves its snapshot.
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
  const store = await HistoryStore.open({ dir, maxAlerts: n * 2, maxAgeDays: 3650 })
  await store.close()
  return dir
}

/** Removes a history `buildHistory` made (and its snapshot): each is hundreds of MiB of /tmp. */
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
  const raw = medianChild(dir, 'raw')
  const rebuilt = child(dir, 'rebuild')
  removeHistory(dir)
  const figures = [
    figure(
      'cold start (snapshot, then the tail)',
      r.openMs!,
      'ms',
      {
        value: raw.rawParseMs!,
        name: 'read + JSON.parse only',
      },
      'target: under 1,000 ms',
    ),
    figure('cold start without a snapshot (rebuild)', rebuilt.openMs!, 'ms', {
      value: raw.rawParseMs!,
      name: 'read + JSON.parse only',
    }),
    figure('memory held by the index', r.heapStoreMiB!, 'MiB'),
    figure('process RSS after start', r.rssOpenMiB!, 'MiB', undefined, 'target: under 150 MiB'),
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
    "Measured in a child process started with --expose-gc (median of three), on segments as the relay writes them, indexed by the relay's own HistoryStore (a clean stop leaves the snapshot a start reads).",
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
