import { spawn, type ChildProcess } from 'node:child_process'
import { serveArgs } from '../test/helpers/cli'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, freemem, release, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface Figure {
  name: string
  value: number
  unit: string
  baseline?: number
  baselineName?: string
  /** value / baseline, when both exist. */
  ratio?: number
  note?: string
}

export interface ScenarioResult {
  scenario: string
  /** When it was measured (set by the runner). */
  date?: string
  description: string
  figures: Figure[]
  notes: string[]
}

export function figure(
  name: string,
  value: number,
  unit: string,
  baseline?: { value: number; name: string },
  note?: string,
): Figure {
  const f: Figure = { name, value: round(value), unit }
  if (baseline && Number.isFinite(baseline.value) && baseline.value !== 0) {
    f.baseline = round(baseline.value)
    f.baselineName = baseline.name
    f.ratio = round(value / baseline.value)
  }
  if (note) f.note = note
  return f
}

export const round = (n: number) => (Math.abs(n) >= 100 ? Math.round(n) : Math.round(n * 100) / 100)

export function machine(): Record<string, string | number> {
  return {
    node: process.version,
    os: `${process.platform} ${release()}`,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiB: Math.round(freemem() / 2 ** 30),
  }
}

export interface ServeProcess {
  child: ChildProcess
  alerts: string
  ui: string
  readyMs: number
  /** Everything the process printed (stdout and stderr), for reports of trouble. */
  output(): string
  stop(): Promise<void>
}

/** Starts the built relay (`bin/wecom-alert-relay.js serve`) with a fresh data folder and the given settings. */
export async function startServe(
  settings: unknown,
  env: NodeJS.ProcessEnv = {},
  /** A data folder of the caller's, kept; by default a fresh one, removed by `stop()`. */
  given?: string,
  /** Node options for the relay (`--cpu-prof` is refused in NODE_OPTIONS). */
  nodeArgs: string[] = [],
): Promise<ServeProcess & { dataDir: string }> {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'relay-bench-'))
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(settings))
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(ROOT, 'bin/wecom-alert-relay.js'), ...serveArgs(dataDir)],
    { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let out = ''
  let alertsAt = 0
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d
      if (!alertsAt && /alerts: /.test(out)) alertsAt = performance.now()
      if (/ui: http/.test(out)) resolve()
    })
    child.stderr!.on('data', (d) => (out += d))
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)))
  })
  return {
    child,
    dataDir,
    alerts: /alerts: (\S+)/.exec(out)![1]!,
    ui: /ui: (\S+)/.exec(out)![1]!,
    readyMs: alertsAt - started,
    output: () => out,
    async stop() {
      if (child.exitCode === null && !child.signalCode) {
        child.kill('SIGINT')
        await once(child, 'exit')
      }
      // Each run's history is hundreds of MiB: the shared /tmp filled up with them.
      if (!given) rmSync(dataDir, { recursive: true, force: true })
    },
  }
}

/** Resident memory of a process, from /proc (Linux). */
export function rssMiB(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1])
    return kb ? kb / 1024 : undefined
  } catch {
    return undefined
  }
}

/** Alert `i` of group `seq`, in the fields Prometheus gives every alert. */
export function benchAlert(i: number, seq: number) {
  return {
    labels: {
      alertname: `Bench${seq}`,
      severity: 'critical',
      instance: `db-${i}:9100`,
      job: 'node',
    },
    annotations: { summary: 'Disk almost full', description: `/data is ${90 + (i % 10)}% full` },
    startsAt: new Date().toISOString(),
    generatorURL: 'http://prometheus:9090/graph?g0.expr=node_filesystem_avail_bytes',
  }
}

/** `n` bench alerts as Alertmanager's webhook posts them (version 4). */
export function alertmanagerGroup(n: number, seq: number): string {
  return JSON.stringify({
    version: '4',
    groupKey: `{}:{alertname="Bench${seq}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'relay',
    groupLabels: { alertname: `Bench${seq}` },
    commonLabels: { alertname: `Bench${seq}`, severity: 'critical' },
    commonAnnotations: { summary: 'Disk almost full' },
    externalURL: 'http://alertmanager:9093',
    alerts: Array.from({ length: n }, (_, i) => ({
      ...benchAlert(i, seq),
      status: 'firing',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: `${seq.toString(16)}${i.toString(16).padStart(4, '0')}`,
    })),
  })
}

/** The same alerts as Alertmanager's own API v2 takes them (the ingest baseline). */
export function alertmanagerApiBody(n: number, seq: number): string {
  return JSON.stringify(Array.from({ length: n }, (_, i) => benchAlert(i, seq)))
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2) + '\n')
}

/** A digest attempt the robot accepted, as the history records one: the benches' stock delivery. */
export function deliveredDigest(id: string, at: string, alertIds: string[]) {
  return {
    id,
    at,
    channel: 'oncall',
    robot: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
    alertIds,
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
  } as const
}
