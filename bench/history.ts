import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finishAlert } from '../electron/core/alerts/model'
import { parseAlerts } from '../electron/core/alerts/sources'
import { HistoryStore } from '../electron/core/history/store'
import { alertmanagerGroup, figure, ROOT, type ScenarioResult } from './lib'

/** A history of `n` Alertmanager alerts, each delivered with one attempt. */
export async function buildHistory(n: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-bench-history-'))
  const store = await HistoryStore.open({ dir, maxAlerts: n * 2, maxAgeDays: 3650 })
  for (let batch = 0; batch < n / 20; batch++) {
    const alerts = parseAlerts(JSON.parse(alertmanagerGroup(20, batch)), 'alertmanager', {
      itemsPath: '',
      fields: {},
    }).map((d, i) => {
      const a = finishAlert({
        ...d,
        vars: {
          ...d.vars,
          alarm_target: `db-${batch * 20 + i}`,
          alarm_summary: `Filesystem filling up ${(batch + i) % 100}`,
        },
      })
      return { alert: a, targets: ['oncall'], skipped: [] }
    })
    await store.addAlerts(alerts)
    const at = new Date().toISOString()
    await store.addAttempt({
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
    })
    await store.setDeliveries(
      alerts.map((a) => ({
        alertId: a.alert.id,
        channel: 'oncall',
        state: 'delivered' as const,
        at,
        via: 'digest' as const,
        attemptId: `att${batch}`,
      })),
    )
  }
  await store.close()
  return dir
}

function child(dir: string, mode = ''): Record<string, number> {
  const out = execFileSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(ROOT, 'bench/history-child.ts'), dir, mode],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>
}

/** The local history at 100,000 alerts: cold start, a filtered query, text search, export, memory. */
export async function history(n = 100_000): Promise<ScenarioResult> {
  const dir = await buildHistory(n)
  const r = child(dir)
  const raw = child(dir, 'raw')
  return {
    scenario: 'history',
    description: `a local history of ${n.toLocaleString('en')} alerts (each with its delivery and attempt)`,
    figures: [
      figure('cold start (read, index)', r.openMs!, 'ms', {
        value: raw.rawParseMs!,
        name: 'read + JSON.parse only',
      }),
      figure(
        'memory held by the index',
        r.heapStoreMiB!,
        'MiB',
        undefined,
        `process RSS ${Math.round(r.rssMiB!)} MiB`,
      ),
      figure('filtered query (firing, critical, channel; first page)', r.queryMs!, 'ms'),
      figure('text search (first run, builds the search text)', r.searchMs!, 'ms'),
      figure('text search (again)', r.searchAgainMs!, 'ms'),
      figure(
        `CSV export (${r.filteredTotal} critical alerts)`,
        r.exportMs!,
        'ms',
        undefined,
        `${Math.round(r.exportBytes! / 1024)} KiB`,
      ),
    ],
    notes: [
      "Measured in a child process started with --expose-gc, after building the store with the relay's own HistoryStore.",
    ],
  }
}
