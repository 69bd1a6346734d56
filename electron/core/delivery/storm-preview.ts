import type { Alert } from '../alerts/model'
import { channelWindows } from '../channels/limits'
import { blocksPerMessage, summaryLimit } from './storm'
import type { ChannelType } from '../channels/type-names'
import { composeNext } from '../messages/compose'
import { composeStormSummary } from '../messages/storm-message'
import { bodyContent } from '../channels/wecom/body'
import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { renderWeComHtml } from '../templates/wecom-markdown'
import { SlidingWindowLimiter } from './limiter'
import { MultiWindowLimiter } from './multi-limiter'
import { levelRank } from '../alerts/levels'
import { calmAfter, decideStorm, stillArriving } from './storm-plan'

/**
 * The studio's storm preview: the messages a channel would send for a storm, with their send
 * times as the robot's limits allow them (a simulated clock from the type's windows, never the
 * wall clock), decided by the same plan the engine follows. The storm arrives all at once or
 * spread over some seconds, as Alertmanager delivers one; a second channel on the same robot
 * (the critical alerts routed to it) shares the robot's one budget, the most severe first (#23).
 */

export interface StormPreviewInput {
  alerts: readonly Alert[]
  type: ChannelType
  format: MessageFormat
  template: string
  language?: TemplateLanguage
  timeZone?: string
  storm: { threshold: 'auto' | number; groupBy: string; details: boolean; gatherSeconds?: number }
  /** The alerts arrive evenly over this long (0: all at once). */
  arrivalMs?: number
  /** Critical alerts go to a second channel posting to the same robot. */
  sharedRobot?: boolean
  /** Messages to return at most (the rest are counted). */
  maxMessages?: number
}

export interface StormPreviewMessage {
  /** Milliseconds after the storm began to arrive. */
  atMs: number
  kind: 'summary' | 'details' | 'close'
  /** 0: this channel; 1: the channel the critical alerts go to, on the same robot. */
  channel: 0 | 1
  content: string
  html: string
  bytes: number
  /** Alerts the message names or counts (summary) or carries (details). */
  alerts: number
}

export interface StormPreview {
  messages: StormPreviewMessage[]
  /** Every message the storm takes, and when the last one goes. */
  total: number
  lastAtMs: number
  /** When every alert is named or counted (the summary, or the last details when no storm). */
  accountedAtMs: number
  /** When the last alert arrived. */
  arrivedAtMs: number
  storm: boolean
}

const MINUTE = 60_000

/** One simulated channel. */
interface Sim {
  index: 0 | 1
  arrivals: Array<{ alert: Alert; at: number }>
  queue: Array<{ alert: Alert; repeats: number; at: number; named: boolean }>
  picture: Alert[]
  told: number
  summaries: number[]
  active: boolean
  gatherUntil: number
  lastAt: number
  closed: boolean
  /** When every arrived alert was first named or sent. */
  accountedAt: number
}

/** Runs the storm through the plan on a simulated clock. */
export function previewStorm(input: StormPreviewInput): StormPreview {
  const { format, language } = input
  const windows = channelWindows(input.type)
  const minute = windows.find((w) => w.ms === MINUTE)?.max ?? Number.MAX_SAFE_INTEGER
  const limiter =
    windows.length > 1 ? new MultiWindowLimiter(windows) : new SlidingWindowLimiter(minute, MINUTE)
  const gatherMs = (input.storm.gatherSeconds ?? 0) * 1000
  const over = Math.max(0, input.arrivalMs ?? 0)
  const n = input.alerts.length
  const sims: Sim[] = [0, 1].map((index) => ({
    index: index as 0 | 1,
    arrivals: [],
    queue: [],
    picture: [],
    told: 0,
    summaries: [],
    active: false,
    gatherUntil: 0,
    lastAt: 0,
    closed: false,
    accountedAt: -1,
  }))
  input.alerts.forEach((alert, i) => {
    const to = input.sharedRobot && alert.vars.alarm_level === 'critical' ? 1 : 0
    sims[to]!.arrivals.push({ alert, at: n > 1 ? Math.round((over * i) / (n - 1)) : 0 })
  })
  // Blocks per message as the engine judges them.
  const first = input.alerts[0]
  const blocks = first
    ? blocksPerMessage({ alert: first, repeats: 0 }, input.template, format, { language })
    : Math.max(1, Math.floor(FORMAT_BYTE_LIMITS[format] / 3))
  const max = input.maxMessages ?? 40
  const out: StormPreviewMessage[] = []
  let total = 0
  let lastAtMs = 0
  let t = 0
  const emit = (
    sim: Sim,
    m: Omit<StormPreviewMessage, 'atMs' | 'html' | 'bytes' | 'channel'>,
  ): void => {
    limiter.record(t)
    total++
    lastAtMs = t
    if (out.length < max)
      out.push({
        ...m,
        channel: sim.index,
        atMs: t,
        html: renderWeComHtml(m.content, format),
        bytes: utf8Length(m.content),
      })
  }
  const summary = (sim: Sim, phase: 'first' | 'update' | 'over') =>
    composeStormSummary({
      alerts: sim.picture,
      format,
      language,
      // As the engine cuts it (storm.ts), the preview is what is sent.
      limit: summaryLimit({ type: input.type, format }),
      groupBy: input.storm.groupBy,
      details: input.storm.details ? 'follow' : 'held',
      phase,
      added: sim.picture.length - sim.told,
    })
  const urgency = (sim: Sim) => {
    let rank = Infinity
    for (const q of sim.queue) rank = Math.min(rank, levelRank(q.alert.vars.alarm_level ?? ''))
    return rank
  }

  /** One step of a channel at `t`: true when it sent; otherwise when it wants to look again. */
  const step = (sim: Sim): true | number => {
    if (!sim.queue.length) {
      if (!sim.active) return Infinity
      const calmAt = Math.max(sim.lastAt, sim.summaries.at(-1) ?? 0) + calmAfter(MINUTE)
      if (t < calmAt) return calmAt
      const s = summary(sim, 'over')
      sim.active = false
      sim.closed = true
      emit(sim, { kind: 'close', content: bodyContent(s.messages[0]!.body), alerts: s.accounted })
      return true
    }
    if (!sim.active && sim.gatherUntil > t) return sim.gatherUntil
    const q = sim.queue
    const view = {
      now: t,
      backlog: q.length + stillArriving(q.length, (k) => q[k]!.at, t, sim.lastAt, MINUTE, gatherMs),
      unaccounted: q.some((i) => !i.named) ? 1 : 0,
      available: limiter.available(t),
      limit: minute,
      blocks,
      threshold: input.storm.threshold,
      active: sim.active,
      summaries: sim.summaries.filter((s) => s > t - MINUTE),
      newestAt: sim.lastAt,
      windowMs: MINUTE,
      details: input.storm.details,
    }
    const d = q.length < 2 && !sim.active ? { kind: 'normal' as const } : decideStorm(view)
    if (d.kind === 'wait') return Math.max(t + 1, d.until)
    if (d.kind === 'summary') {
      const fresh = q.filter((i) => !i.named)
      for (const i of fresh) i.named = true
      sim.picture.push(...fresh.map((i) => i.alert))
      const s = summary(sim, sim.active ? 'update' : 'first')
      sim.active = true
      sim.told = sim.picture.length
      sim.summaries.push(t)
      emit(sim, { kind: 'summary', content: bodyContent(s.messages[0]!.body), alerts: s.accounted })
      if (sim.accountedAt < 0 && !q.some((i) => !i.named) && !sim.arrivals.length)
        sim.accountedAt = t
      if (!input.storm.details) sim.queue = []
      return true
    }
    const built = composeNext(
      q,
      // DingTalk and Feishu pack to their own limit, as delivery does (#12).
      { format, template: input.template, language, type: input.type, channelFormat: format },
      { timeZone: input.timeZone },
    )
    emit(sim, {
      kind: 'details',
      content: bodyContent(built.messages[0]!.body),
      alerts: built.count,
    })
    sim.queue = q.slice(built.count)
    if (!sim.queue.length && !sim.arrivals.length && sim.accountedAt < 0) sim.accountedAt = t
    return true
  }

  // A bound on the loop: every step sends or moves the clock to a later event.
  for (let guard = 0; guard < 100_000; guard++) {
    for (const sim of sims)
      while (sim.arrivals.length && sim.arrivals[0]!.at <= t) {
        const a = sim.arrivals.shift()!
        if (!sim.queue.length && !sim.active && gatherMs > 0) sim.gatherUntil = a.at + gatherMs
        sim.queue.push({ alert: a.alert, repeats: 0, at: a.at, named: false })
        sim.lastAt = a.at
      }
    const nextArrival = Math.min(...sims.map((s) => s.arrivals[0]?.at ?? Infinity))
    if (limiter.available(t) === 0) {
      t = Math.min(limiter.nextFree(t), nextArrival)
      continue
    }
    // The robot goes to the channel with the most severe alert waiting.
    const order = [...sims].sort((a, b) => urgency(a) - urgency(b))
    let next = nextArrival
    let sent = false
    for (const sim of order) {
      const r = step(sim)
      if (r === true) {
        sent = true
        break
      }
      next = Math.min(next, r)
    }
    if (sent) continue
    if (next === Infinity) break
    t = Math.max(t + 1, next)
  }
  const accounted = sims.filter((s) => s.arrivals.length + s.queue.length || s.accountedAt >= 0)
  return {
    messages: out,
    total,
    lastAtMs,
    accountedAtMs: Math.max(0, ...accounted.map((s) => s.accountedAt)),
    arrivedAtMs: n > 1 ? over : 0,
    storm: sims.some((s) => s.summaries.length > 0),
  }
}

const LEVELS = ['critical', 'warning', 'info']

/**
 * `count` alerts across `names` names made from one sample: levels varied per name, a run of
 * targets per name, every seventh already resolved — a storm as senders produce them.
 */
export function stormAlerts(sample: Alert, count: number, names: number): Alert[] {
  const base = sample.vars.alarm_name || 'Alert'
  return Array.from({ length: count }, (_, i) => {
    const n = i % names
    const level = LEVELS[n % LEVELS.length]!
    return {
      ...sample,
      id: `${sample.id}-${i}`,
      status: i % 7 === 6 ? 'resolved' : 'firing',
      vars: {
        ...sample.vars,
        alarm_name: names > 1 ? `${base}${n + 1}` : base,
        alarm_level: level,
        alarm_level_raw: level,
        alarm_target: `host-${Math.floor(i / names) + 1}`,
      },
    }
  })
}
