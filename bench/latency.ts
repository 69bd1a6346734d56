import { performance } from 'node:perf_hooks'
import { oneChannel } from '../test/helpers/cli'
import { startSimulator } from '../electron/core/simulator/simulator-server'
import { figure, startServe, type ScenarioResult } from './lib'

const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!

/**
 * End-to-end latency: `n` alerts posted one after another to an idle relay, each timed from the
 * POST until the simulated robot has the message (the next is posted once it arrived).
 */
export async function latency(n = 1000): Promise<ScenarioResult> {
  const sim = await startSimulator({ port: 0, keys: ['lat-key'], rateLimit: 1_000_000 })
  // The robot's 20 a minute, in a 50 ms window: one alert at a time never meets the cap.
  const relay = await startServe(
    // The engine's own latency: without the gather window, which holds a quiet channel's first
    // message on purpose (`npm run bench -- storm-burst` measures it).
    oneChannel(sim.webhookUrl('lat-key'), {
      aggregate: { enabled: false },
      storm: { gatherSeconds: 0 },
    }),
    { RELAY_ROBOT_WINDOW_MS: '50' },
  )
  const arrived = new Map<string, () => void>()
  const messages = sim.rules.messages
  const push = messages.push.bind(messages)
  // Resolves the waiting alert the moment the simulator stores its message.
  messages.push = (...items) => {
    const now = push(...items)
    for (const m of items) {
      const token = /Latency-\d+-x/.exec(m.content)?.[0]
      if (token) arrived.get(token)?.()
    }
    return now
  }
  const times: number[] = []
  const acks: number[] = []
  try {
    for (let i = 0; i < n; i++) {
      const token = `Latency-${i}-x`
      const reached = new Promise<void>((r) => arrived.set(token, r))
      const t = performance.now()
      const res = await fetch(relay.alerts, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: token, severity: 'critical' }),
      })
      acks.push(performance.now() - t)
      if (res.status !== 202) throw new Error(`listener answered ${res.status}`)
      await reached
      times.push(performance.now() - t)
      arrived.delete(token)
    }
  } finally {
    await relay.stop()
    await sim.close()
  }
  return {
    scenario: 'latency',
    description: `${n.toLocaleString('en')} alerts posted one at a time to an idle relay, until the robot has each`,
    figures: [
      figure('POST to the robot: p50', pct(times, 50), 'ms', undefined, 'target: under 30 ms'),
      figure('POST to the robot: p99', pct(times, 99), 'ms', undefined, 'target: under 100 ms'),
      figure('POST to the 202: p50', pct(acks, 50), 'ms'),
      figure('POST to the 202: p99', pct(acks, 99), 'ms'),
    ],
    notes: [
      "Simulator on loopback with the robots' rate window shortened to 50 ms (RELAY_ROBOT_WINDOW_MS), aggregation off: the figure is the relay's own path (store with fdatasync, route, render, send).",
    ],
  }
}
