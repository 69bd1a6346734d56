import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { finishAlert } from '../electron/core/alerts/model'
import { parseAlerts } from '../electron/core/alerts/sources'
import { HistoryStore } from '../electron/core/history/history-store'
import { startSimulator } from '../electron/core/simulator/simulator-server'
import { oneChannel } from '../test/helpers/cli'
import {
  alertmanagerGroup,
  deliveredDigest,
  figure,
  ROOT,
  rssMiB,
  startServe,
  type Figure,
  type ScenarioResult,
} from './lib'

const YEAR_MS = 365 * 86_400_000
const load = () => loadavg()[0]!.toFixed(2)

/** Settings for a relay that keeps a big history: retention wide enough to keep it all. */
function settingsFor(webhookUrl: string) {
  return { ...oneChannel(webhookUrl), history: { maxAlerts: 5_000_000, maxAgeDays: 3650 } }
}

/**
 * A history of `n` Alertmanager alerts over the past year, 99% of them resolved (like a real
 * year), each delivered in a digest of 20 with its attempt: written by the relay's own store, a
 * thousand alerts a commit.
 */
export async function buildYear(dataDir: string, n: number): Promise<number> {
  const t = performance.now()
  const store = await HistoryStore.open({
    dir: join(dataDir, 'history'),
    maxAlerts: 5_000_000,
    maxAgeDays: 3650,
  })
  const start = Date.now() - YEAR_MS
  const step = YEAR_MS / n
  const pending: Array<Promise<unknown>> = []
  for (let batch = 0; batch < n / 20; batch++) {
    const alerts = parseAlerts(JSON.parse(alertmanagerGroup(20, batch)), 'alertmanager', {
      itemsPath: '',
      fields: {},
    }).map((d, i) => {
      const k = batch * 20 + i
      const alert = finishAlert(
        {
          ...d,
          status: k % 100 === 0 ? 'firing' : 'resolved',
          vars: {
            ...d.vars,
            alarm_target: `db-${k}`,
            alarm_summary: `Filesystem filling up ${(batch + i) % 100}`,
          },
        },
        new Date(start + k * step),
      )
      return { alert, targets: ['oncall'], skipped: [] }
    })
    const at = alerts.at(-1)!.alert.receivedAt
    const attempt = `att${batch}`
    // Queued, not awaited one by one: the store's group commit takes them fifty batches at a time.
    pending.push(
      store.addAlerts(alerts),
      store.addOutcome(
        deliveredDigest(
          attempt,
          at,
          alerts.map((a) => a.alert.id),
        ),
        alerts.map((a) => ({
          alertId: a.alert.id,
          channel: 'oncall',
          state: 'delivered' as const,
          at,
          via: 'digest' as const,
          attemptId: attempt,
        })),
      ),
    )
    if (pending.length >= 100) await Promise.all(pending.splice(0))
  }
  await Promise.all(pending)
  // As a relay that has run a while holds it: the search index's thread has caught up.
  await store.searchIndexed()
  await store.close()
  return performance.now() - t
}

/** The relay's line once the outbox left from before the start is queued again (none when empty). */
const REQUEUED = /delivery: re-queued \d+ pending delivery\(ies\) from the history in (\d+) ms/

/**
 * Median start (launch to the `alerts:` line) and RSS a second and a half later, of three starts
 * of `dataDir`. With `backlog`, each copy of `dataDir` has an outbox to queue again (the listener
 * answers meanwhile): RSS is read once that is done too, and `requeueMs` is how long it took.
 */
async function starts(
  dataDir: string,
  webhookUrl: string,
  backlog = false,
): Promise<{ ms: number; rss: number; requeueMs: number; load: string }> {
  const runs: Array<{ ms: number; rss: number; requeueMs: number }> = []
  const loads: string[] = []
  for (let i = 0; i < 3; i++) {
    loads.push(load())
    // Each start sends some of the backlog: every start begins from the same folder.
    const dir = backlog ? mkdtempSync(join(tmpdir(), 'relay-firing-copy-')) : dataDir
    if (backlog) cpSync(dataDir, dir, { recursive: true })
    const relay = await startServe(settingsFor(webhookUrl), {}, dir)
    await new Promise((r) => setTimeout(r, 1500))
    const t0 = performance.now()
    while (backlog && !REQUEUED.test(relay.output()) && performance.now() - t0 < 120_000)
      await new Promise((r) => setTimeout(r, 50))
    const requeueMs = Number(REQUEUED.exec(relay.output())?.[1] ?? NaN)
    runs.push({ ms: relay.readyMs, rss: rssMiB(relay.child.pid!) ?? NaN, requeueMs })
    await relay.stop()
    if (backlog) rmSync(dir, { recursive: true, force: true })
  }
  const mid = (k: 'ms' | 'rss' | 'requeueMs') => runs.map((r) => r[k]).sort((a, b) => a - b)[1]!
  return { ms: mid('ms'), rss: mid('rss'), requeueMs: mid('requeueMs'), load: loads.join('/') }
}

/** A relay that received `n` distinct firing alerts (20 a request) and delivered them, stopped cleanly. */
async function firingFolder(n: number, webhookUrl: string): Promise<string> {
  const relay = await startServe(
    settingsFor(webhookUrl),
    {},
    mkdtempSync(join(tmpdir(), 'relay-firing-')),
  )
  let seq = 0
  const worker = async () => {
    while (seq * 20 < n) {
      const res = await fetch(relay.alerts, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: alertmanagerGroup(20, seq++),
      })
      if (res.status !== 202) throw new Error(`listener answered ${res.status}`)
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  await new Promise((r) => setTimeout(r, 3000))
  await relay.stop()
  return relay.dataDir
}

/**
 * The relay at scale, as a team's shared `serve` keeps it: start time and RSS with 100,000 and
 * 1,000,000 alerts of history and with 100,000 alerts firing, each against an empty start in
 * the same run; and History's first page and search at that size. A size of 0 skips that history.
 */
export async function scale(
  big = 1_000_000,
  mid = 100_000,
  firing = 100_000,
): Promise<ScenarioResult> {
  const sim = await startSimulator({ port: 0, keys: ['k'], rateLimit: 1_000_000 })
  const url = sim.webhookUrl('k')
  const figures: Figure[] = []
  const notes: string[] = []
  const dirs: string[] = []
  try {
    const empty = mkdtempSync(join(tmpdir(), 'relay-scale-'))
    dirs.push(empty)
    const base = await starts(empty, url)
    figures.push(
      figure('empty data folder: start', base.ms, 'ms', undefined, `load ${base.load}`),
      figure('empty data folder: RSS', base.rss, 'MiB'),
    )
    for (const n of [mid, big].filter((k) => k > 0)) {
      const dir = mkdtempSync(join(tmpdir(), 'relay-scale-'))
      dirs.push(dir)
      writeFileSync(join(dir, 'config.json'), JSON.stringify(settingsFor(url)))
      const l0 = load()
      const buildMs = await buildYear(dir, n)
      const r = await starts(dir, url)
      const label = n.toLocaleString('en')
      figures.push(
        figure(
          `${label} alerts of history: start`,
          r.ms,
          'ms',
          { value: base.ms, name: 'empty' },
          `target ≤ 2×; load ${r.load}`,
        ),
        figure(
          `${label} alerts of history: RSS`,
          r.rss,
          'MiB',
          { value: base.rss, name: 'empty' },
          'target < 200 MiB',
        ),
        figure(
          `${label} alerts of history: written by the store`,
          n / (buildMs / 1000),
          'alerts/s',
          undefined,
          `load ${l0}`,
        ),
      )
      if (n === big) {
        const q = JSON.parse(
          execFileSync(
            process.execPath,
            [
              '--expose-gc',
              '--import',
              'tsx',
              join(ROOT, 'bench/history-child.ts'),
              join(dir, 'history'),
              'noexport',
            ],
            { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
          )
            .trim()
            .split('\n')
            .at(-1)!,
        ) as Record<string, number>
        const ql = load()
        figures.push(
          figure(
            `${label}: History's first page`,
            q.firstPageMs!,
            'ms',
            undefined,
            `target < 50 ms; load ${ql}`,
          ),
          figure(
            `${label}: filtered first page (firing, critical, channel)`,
            q.queryMs!,
            'ms',
            undefined,
            'target < 50 ms',
          ),
          figure(
            `${label}: text search "db-4242"`,
            q.searchMs!,
            'ms',
            undefined,
            'target < 200 ms',
          ),
          figure(
            `${label}: text search "filling up 77"`,
            q.searchAgainMs!,
            'ms',
            undefined,
            'short words: checked row by row',
          ),
          figure(`${label}: detail of one alert`, q.detailMs!, 'ms'),
        )
      }
      rmSync(dir, { recursive: true, force: true })
      dirs.pop()
    }
    if (firing > 0) await firingStarts(firing, url, base, figures, dirs)
    notes.push(
      'Start: `serve` launched to its `alerts:` line, median of three; RSS from /proc a second and a half later. Load average (1 min) noted with each.',
      "History: Alertmanager alerts spread over the past year, 99% resolved, each delivered in a digest of 20 with its attempt, written through the relay's own HistoryStore.",
      'Firing: the relay itself received them (20 distinct alerts a request, 8 senders) and delivered them to the simulator, then stopped cleanly.',
    )
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
    await sim.close()
  }
  return {
    scenario: 'scale',
    description: 'start, memory and History at a million alerts',
    figures,
    notes,
  }
}

/** The start and RSS with `firing` alerts still to deliver, against the empty start `base`. */
async function firingStarts(
  firing: number,
  url: string,
  base: { ms: number; rss: number },
  figures: Figure[],
  dirs: string[],
): Promise<void> {
  const l1 = load()
  const fdir = await firingFolder(firing, url)
  dirs.push(fdir)
  const f = await starts(fdir, url, true)
  const label = firing.toLocaleString('en')
  figures.push(
    figure(
      `${label} alerts firing: start`,
      f.ms,
      'ms',
      { value: base.ms, name: 'empty' },
      `target ≤ 1.5×; load ${l1}, ${f.load}`,
    ),
    figure(
      `${label} alerts firing: RSS`,
      f.rss,
      'MiB',
      { value: base.rss, name: 'empty' },
      'target < 150 MiB; read once the outbox is queued again',
    ),
    figure(
      `${label} alerts firing: outbox queued again`,
      f.requeueMs,
      'ms',
      undefined,
      'after the `alerts:` line, while the listener answers',
    ),
  )
}
