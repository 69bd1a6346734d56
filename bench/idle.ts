import { readFileSync } from 'node:fs'
import { oneChannel } from '../test/helpers/cli'
import { startSimulator } from '../electron/core/simulator/simulator-server'
import { figure, rssMiB, startServe, type ScenarioResult } from './lib'

/** CPU time (user + system) a process has used, in ms, from /proc (Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 a second on Linux).
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/** The headless relay left alone: CPU it uses while nothing is due, and its memory. */
export async function idle(seconds = 20): Promise<ScenarioResult> {
  const sim = await startSimulator({ port: 0, keys: ['k'], rateLimit: 1_000_000 })
  const relay = await startServe(oneChannel(sim.webhookUrl('k')))
  try {
    // Past start-up work (first settings read, first snapshot…).
    await new Promise((r) => setTimeout(r, 3000))
    const pid = relay.child.pid!
    const before = cpuMs(pid)
    await new Promise((r) => setTimeout(r, seconds * 1000))
    const used = cpuMs(pid) - before
    return {
      scenario: 'idle',
      description: `wecom-alert-relay serve, headless, left alone for ${seconds} s`,
      figures: [
        figure(
          'idle CPU',
          (used / (seconds * 1000)) * 100,
          '% of a core',
          undefined,
          'target: about 0',
        ),
        figure('idle CPU time', used, 'ms'),
        figure('idle RSS', rssMiB(pid) ?? NaN, 'MiB', undefined, 'target: under 80 MiB'),
      ],
      notes: ['CPU from /proc/PID/stat (10 ms ticks), RSS from /proc/PID/status.'],
    }
  } finally {
    await relay.stop()
    await sim.close()
  }
}
