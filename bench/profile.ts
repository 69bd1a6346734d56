import autocannon from 'autocannon'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { oneChannel } from '../test/helpers/cli'
import { startSimulator } from '../electron/core/simulator/simulator-server'
import { alertmanagerGroup, ROOT, startServe } from './lib'

/**
 * `node --import tsx bench/profile.ts [alerts:connections …] [seconds] [--plain]`: loads the built
 * relay the way the ingest scenario does (its phases in order on one relay by default), with
 * `--cpu-prof`, and leaves the profile in bench/results/profile/. `--plain` runs without the
 * profiler: the relay's own figures, to compare two builds under the same load.
 */
const args = process.argv.slice(2)
const seconds = Number(args.find((a) => /^\d+$/.test(a)) ?? 10)
const phases = (
  args.filter((a) => a.includes(':')).length
    ? args.filter((a) => a.includes(':'))
    : ['1:10', '20:10', '1:64', '20:64']
).map((p) => p.split(':').map(Number) as [number, number])
const dir = join(ROOT, 'bench', 'results', 'profile')
mkdirSync(dir, { recursive: true })
const sim = await startSimulator({ port: 0, keys: ['bench-key'], rateLimit: 1_000_000 })
const relay = await startServe(
  oneChannel(sim.webhookUrl('bench-key')),
  {},
  undefined,
  args.includes('--plain') ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`],
)
/**
 * CPU time (user + system) the relay has used, ms: steadier than req/s on a busy machine. The
 * whole process, or its main thread (the event loop, whose time is what limits ingest).
 */
const cpuMs = (thread = false) => {
  const pid = relay.child.pid
  const file = thread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`
  const f = readFileSync(file, 'utf8').split(') ')[1]!.split(' ')
  return (Number(f[11]) + Number(f[12])) * 10
}
let seq = 0
for (const [size, connections] of phases) {
  const cpuBefore = cpuMs()
  const mainBefore = cpuMs(true)
  const result = await (
    autocannon as unknown as (o: autocannon.Options) => Promise<autocannon.Result>
  )({
    url: relay.alerts,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: alertmanagerGroup(size, seq++) }) }],
  })
  const perRequest = (ms: number) => Math.round((ms * 1000) / Math.max(1, result['2xx']))
  console.log(
    `${size}-alert, ${connections} conns: ${result['2xx'] / seconds} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non2xx ${result.non2xx}, relay CPU ${perRequest(cpuMs() - cpuBefore)} µs per request, ${perRequest(cpuMs(true) - mainBefore)} µs of it on the main thread`,
  )
}
await relay.stop()
await sim.close()
if (!args.includes('--plain')) console.log(`profile in ${dir}`)
