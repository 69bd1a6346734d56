import { performance } from 'node:perf_hooks'
import type { ChannelInput } from '../electron/core/settings/schema'
import { startTestRelay, waitFor, type TestRelay } from '../test/helpers/relay'
import {
  burst,
  completeSummary,
  isPing,
  namesIn,
  postBurst,
  receivedAt,
} from '../test/helpers/storm-burst'
import { figure, type Figure, type ScenarioResult } from './lib'

/**
 * `npm run bench -- storm-burst` (#23): the storm of the issue, as Alertmanager delivers one (300
 * alerts under 12 names, a request every 100 ms over 3 s) against the simulator with WeCom's real
 * window (20 a minute), watched for the first minute. One channel with an @mention, and two
 * channels on one robot (critical routed to one). The baseline is the same relay with the gather
 * window off (`storm.gatherSeconds: 0`), measured in the same run. Then the latency of a lone
 * alert with the gather window on and off.
 */

const MINUTE = 60_000

interface Run {
  /** From the last post to the message that states the total and names all 12 (one channel), or names all critical alerts (two channels). */
  toSummaryMs: number
  before: number
  pings: number
  rejected45009: number
  messages: number
}

async function runBurst(gatherSeconds: number, shared: boolean): Promise<Run> {
  const storm = { gatherSeconds }
  const channels: Array<Partial<ChannelInput> & { name: string }> = shared
    ? [
        { name: 'oncall', format: 'markdown', mentionMobiles: ['13800001111'], storm },
        { name: 'team', format: 'markdown', storm },
      ]
    : [{ name: 'oncall', format: 'markdown', mentionMobiles: ['13800001111'], storm }]
  const t: TestRelay = await startTestRelay({
    channels,
    ...(shared
      ? {
          settings: {
            routes: [{ match: { alarm_level: 'critical' }, channels: ['oncall'] }],
            defaultChannels: ['team'],
          },
        }
      : {}),
    sim: { rateLimit: 20, windowMs: MINUTE, keep: 10_000 },
  })
  try {
    const { requests, names, critical } = burst(`bench-${gatherSeconds}-${shared}`)
    const { first, last } = await postBurst((b) => t.post('/alerts', b), requests)
    await waitFor(() => Date.now() >= first + MINUTE, MINUTE + 10_000, 'the first minute')
    const messages = t.sim.rules.messages.filter((m) => receivedAt(m) <= first + MINUTE)
    const target = shared
      ? messages.findIndex((m) => namesIn(m, critical).length === critical.length)
      : messages.findIndex((m) => completeSummary(m, names))
    return {
      toSummaryMs: target === -1 ? Number.NaN : receivedAt(messages[target]!) - last,
      before: target === -1 ? messages.length : target,
      pings: messages.filter(isPing).length,
      rejected45009: t.sim.rules.stats()['45009'] ?? 0,
      messages: messages.length,
    }
  } finally {
    await t.close()
  }
}

const pct = (xs: number[], p: number) =>
  xs.slice().sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]!

/** A lone alert to a quiet channel, `n` times: POST until the robot has it. */
async function loneLatency(gatherSeconds: number, n: number): Promise<number[]> {
  const t = await startTestRelay({
    channels: [{ name: 'oncall', aggregate: { enabled: false }, storm: { gatherSeconds } }],
    sim: { rateLimit: 1_000_000, windowMs: MINUTE },
  })
  const times: number[] = []
  try {
    for (let i = 0; i < n; i++) {
      const token = `Lone-${gatherSeconds}-${i}-x`
      const t0 = performance.now()
      const res = await t.post('/alerts', { title: token, severity: 'critical' })
      if (res.status !== 202) throw new Error(`The listener answered ${res.status}.`)
      await waitFor(() => t.sim.rules.messages.some((m) => m.content.includes(token)), 10_000)
      times.push(performance.now() - t0)
    }
  } finally {
    await t.close()
  }
  return times
}

export async function stormBurst(loneSamples = 20): Promise<ScenarioResult> {
  const figures: Figure[] = []
  const notes: string[] = []
  for (const shared of [false, true]) {
    const on = await runBurst(1.5, shared)
    const off = await runBurst(0, shared)
    const label = shared ? 'two channels on one robot' : 'one channel'
    const base = (value: number) => ({ value, name: 'gather window off' })
    const what = shared
      ? 'last post to the first message naming every critical alert'
      : 'last post to the summary stating the total and all 12 names'
    figures.push(
      figure(
        `${label}: ${what}`,
        Number.isNaN(on.toSummaryMs) ? MINUTE : on.toSummaryMs,
        'ms',
        Number.isNaN(off.toSummaryMs) ? undefined : base(off.toSummaryMs),
        Number.isNaN(on.toSummaryMs)
          ? 'not within the first minute'
          : 'target: ≤ 5000 ms; negative: before the last post',
      ),
      figure(
        `${label}: messages before it`,
        on.before,
        'messages',
        base(off.before),
        'target: ≤ 3',
      ),
      figure(`${label}: pings in the first minute`, on.pings, 'pings', base(off.pings)),
      figure(
        `${label}: 45009 answers`,
        on.rejected45009,
        'answers',
        base(off.rejected45009),
        'target: 0',
      ),
      figure(`${label}: messages in the first minute`, on.messages, 'messages', base(off.messages)),
    )
    if (Number.isNaN(off.toSummaryMs))
      notes.push(`${label}, gather window off: no such message within the first minute.`)
  }
  const on = await loneLatency(1.5, loneSamples)
  const off = await loneLatency(0, loneSamples)
  const base = (value: number) => ({ value, name: 'gather window off' })
  figures.push(
    figure(
      'lone alert, gather window on (1.5 s): p50',
      pct(on, 50),
      'ms',
      base(pct(off, 50)),
      'target: ≈ 2000 ms or less',
    ),
    figure('lone alert, gather window on (1.5 s): p99', pct(on, 99), 'ms', base(pct(off, 99))),
  )
  notes.push(
    `Lone alerts: ${loneSamples} each, one at a time to a quiet channel, from POST until the simulator has the message.`,
  )
  return {
    scenario: 'storm-burst',
    description:
      '300 alerts under 12 names over 3 s (a request every 100 ms), WeCom’s 20 a minute, watched for a minute; the gather window on vs off',
    figures,
    notes,
  }
}
