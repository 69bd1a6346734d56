/**
 * How the on-call state behaves in a storm: `node --import tsx scripts/oncall-storm.ts [seconds]`.
 * Feeds one new alert every 2 ms (as many small ingest requests would) into the relay's on-call
 * wiring with a growing firing set, and prints how many times oncall.json was written, how many
 * `oncall.changed` events the tray and window got, and how long the event loop was blocked.
 */
import fs, { mkdtempSync, rmSync, statSync, watch } from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay, performance } from 'node:perf_hooks'

import { finishAlert } from '../electron/core/alerts/model'
import { parseAlerts } from '../electron/core/alerts/sources'
import { RelayEvents } from '../electron/core/events'
import { createOnCall } from '../electron/core/oncall/wiring'

const seconds = Number(process.argv[2] ?? 5)

// Time spent blocking the event loop in file calls (sync writes) and in JSON.stringify (both).
let syncFileMs = 0
let stringifyMs = 0
for (const name of ['writeFileSync', 'renameSync', 'fsyncSync'] as const) {
  const real = fs[name] as (...args: unknown[]) => unknown
  ;(fs as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    const t = performance.now()
    try {
      return real(...args)
    } finally {
      syncFileMs += performance.now() - t
    }
  }
}
syncBuiltinESMExports()
const stringify = JSON.stringify
JSON.stringify = ((...args: Parameters<typeof stringify>) => {
  const t = performance.now()
  try {
    return stringify(...args)
  } finally {
    stringifyMs += performance.now() - t
  }
}) as typeof stringify
const dir = mkdtempSync(join(tmpdir(), 'oncall-storm-'))
const events = new RelayEvents()
let changed = 0
events.on('event', (e) => void (e.type === 'oncall.changed' && changed++))
let renames = 0
const watcher = watch(dir, (kind, name) => {
  if (kind === 'rename' && name === 'oncall.json') renames++
})
const { oncall } = createOnCall(dir, events)

function alert(i: number) {
  const now = new Date()
  const body = {
    version: '4',
    status: 'firing',
    receiver: 'relay',
    groupKey: '{}:{}',
    externalURL: 'http://127.0.0.1:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'NodeDown', severity: 'critical', instance: `node-${i}:9100` },
        annotations: { summary: `node-${i} stopped answering` },
        startsAt: now.toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: `fp-${i}`,
      },
    ],
  }
  const [draft] = parseAlerts(body, undefined, { itemsPath: '', fields: {} }, now)
  return { alert: finishAlert(draft!, now), targets: ['oncall'] }
}

const delay = monitorEventLoopDelay({ resolution: 1 })
delay.enable()
let inObserve = 0
let requests = 0
const started = performance.now()
const elu = performance.eventLoopUtilization()
await new Promise<void>((done) => {
  const tick = setInterval(() => {
    const next = [alert(requests++)]
    const t = performance.now()
    oncall.observe(next)
    inObserve += performance.now() - t
    if (t - started > seconds * 1000) {
      clearInterval(tick)
      done()
    }
  }, 2)
})
const busy = performance.eventLoopUtilization(elu).utilization
const t = performance.now()
await oncall.stop()
const stopMs = performance.now() - t
delay.disable()
// Let the watcher see the last rename.
await new Promise((r) => setTimeout(r, 100))
watcher.close()
const bytes = statSync(join(dir, 'oncall.json')).size
rmSync(dir, { recursive: true, force: true })

const ms = (n: number) => `${(n / 1e6).toFixed(1)} ms`
console.log(
  stringify(
    {
      seconds,
      requests,
      firing: oncall.active.size,
      fileKiB: Math.round(bytes / 1024),
      fileWrites: renames,
      changedEvents: changed,
      eventLoopBusy: `${(busy * 100).toFixed(1)} %`,
      observeTotalMs: Number(inObserve.toFixed(1)),
      syncFileMs: Number(syncFileMs.toFixed(1)),
      stringifyMs: Number(stringifyMs.toFixed(1)),
      loopDelayP99: ms(delay.percentile(99)),
      loopDelayMax: ms(delay.max),
      stopMs: Number(stopMs.toFixed(1)),
    },
    null,
    2,
  ),
)
