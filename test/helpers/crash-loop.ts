import { once } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startSimulator } from '../../electron/core/simulator/simulator-server'
import { oneChannel, serveArgs, startCli } from './cli'

export interface CrashReport {
  /** The seed of the kill times: RELAY_CRASH_SEED=<seed> runs the same loop again. */
  seed: number
  rounds: number
  acknowledged: number
  delivered: number
  missing: number
  /** Alerts that arrived in more than one message (at-least-once across a kill). */
  duplicated: number
  /** Messages that repeated alerts: at most one per kill (the one on the wire). */
  repeatMessages: number
  /** Messages sent by a clean restart after everything was delivered (must be 0). */
  afterCleanRestart: number
  rejected45009: number
}

async function startServe(
  dataDir: string,
  windowMs: number,
): Promise<{ alerts: string; kill(signal: NodeJS.Signals): Promise<void> }> {
  const serve = await startCli(serveArgs(dataDir), /ui: http/, {
    RELAY_ROBOT_WINDOW_MS: String(windowMs),
  })
  return {
    alerts: /alerts: (\S+)/.exec(serve.output())![1]!,
    async kill(signal) {
      if (serve.child.exitCode !== null) return
      serve.child.kill(signal)
      await once(serve.child, 'exit')
    },
  }
}

/** The seed a crash loop uses: RELAY_CRASH_SEED when set (to repeat a failing run), else the clock. */
export function crashSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.RELAY_CRASH_SEED?.trim()
  if (!given) return Date.now() >>> 0
  if (!/^\d+$/.test(given))
    throw new Error(
      `RELAY_CRASH_SEED must be a whole number (the seed a crash loop printed), not "${given}".`,
    )
  return Number(given) >>> 0
}

/**
 * Kills `serve` with SIGKILL at a random moment of a storm, `rounds` times, restarting it each
 * time; then checks that every acknowledged alert reached the robot, and that a clean restart
 * sends nothing more.
 */
export async function crashLoop(
  rounds: number,
  perRound = 40,
  windowMs = 1000,
  seed = crashSeed(),
): Promise<CrashReport> {
  seed = seed >>> 0
  // Printed first, so a failing run can be repeated exactly (RELAY_CRASH_SEED).
  console.log(`crash loop: seed ${seed} (RELAY_CRASH_SEED=${seed} repeats these kill times)`)
  let state = seed
  const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32
  const sim = await startSimulator({
    port: 0,
    keys: ['crash-loop-robot'],
    rateLimit: 20,
    windowMs,
    keep: 100_000,
  })
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-crash-loop-'))
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify(
      oneChannel(sim.webhookUrl('crash-loop-robot'), { aggregate: { enabled: false } }),
    ),
  )
  const acked: string[] = []
  const token = (n: number) => `Loop-${String(n).padStart(5, '0')}-k`
  try {
    for (let round = 0; round < rounds; round++) {
      const relay = await startServe(dataDir, windowMs)
      const body = Array.from({ length: perRound }, (_, j) => ({
        title: token(acked.length + j),
        summary: 'v'.repeat(900),
      }))
      const res = await fetch(relay.alerts, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      if (res.status === 202) body.forEach((b) => acked.push(b.title))
      await new Promise((r) => setTimeout(r, 50 + random() * 1200))
      await relay.kill('SIGKILL')
    }
    const final = await startServe(dataDir, windowMs)
    // Storm summaries (#17) name alerts without delivering them: only per-alert messages count.
    const perAlert = () => sim.rules.messages.filter((m) => !m.content.includes('Alert storm'))
    const seen = () => {
      const counts = new Map<string, number>()
      for (const m of perAlert())
        for (const t of new Set(m.content.match(/Loop-\d{5}-k/g) ?? []))
          counts.set(t, (counts.get(t) ?? 0) + 1)
      return counts
    }
    const deadline = Date.now() + 60_000
    while (Date.now() < deadline && !acked.every((t) => seen().has(t)))
      await new Promise((r) => setTimeout(r, 100))
    await new Promise((r) => setTimeout(r, windowMs))
    await final.kill('SIGINT')
    const delivered = sim.rules.messages.length
    const again = await startServe(dataDir, windowMs)
    await new Promise((r) => setTimeout(r, windowMs + 500))
    await again.kill('SIGINT')
    const counts = seen()
    const repeated = new Set<number>()
    const first = new Map<string, number>()
    perAlert().forEach((m, i) => {
      for (const t of new Set(m.content.match(/Loop-\d{5}-k/g) ?? [])) {
        if (first.has(t)) repeated.add(i)
        else first.set(t, i)
      }
    })
    return {
      seed,
      rounds,
      acknowledged: acked.length,
      delivered: acked.filter((t) => counts.has(t)).length,
      missing: acked.filter((t) => !counts.has(t)).length,
      duplicated: [...counts.values()].filter((c) => c > 1).length,
      repeatMessages: repeated.size,
      afterCleanRestart: sim.rules.messages.length - delivered,
      rejected45009: sim.rules.stats()['45009'] ?? 0,
    }
  } finally {
    await sim.close()
  }
}
