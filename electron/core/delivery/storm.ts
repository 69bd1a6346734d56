import { CHANNEL_CAPABILITIES } from '../channels/capabilities'
import { CHANNEL_LIMITS } from '../channels/limits'
import { weComFormat } from '../channels/types'
import { renderFull, type DigestInput } from '../messages/digest'
import { composeStormSummary } from '../messages/storm'
import { uiLink } from '../messages/ui-links'
import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import type { Channel } from '../settings/schema'
import { queueMentionFollowUp, type ChannelRuntime } from './channel'
import type { WorkItem } from './queue'
import type { Robot } from './robots'
import { sendAlerts, sendExtra, type SendContext } from './send'
import { decideStorm, stormReserve, stormStarts, updateInterval } from './storm-plan'

/**
 * The engine's storm hook (#17): asked before each message of alerts whether the channel is in a
 * storm, it sends the summary (through the composer, `messages/storm.ts`), paces the details, or
 * says to wait. The decision itself is `storm-plan.ts`.
 */

/** One channel's storm between sends. */
interface StormRuntime {
  active: boolean
  /** When the oldest alert waiting at the start arrived: the History link starts there. */
  startedAt: number
  /** Alerts a sent (or sending) summary named, while details follow. */
  accounted: Set<string>
  /**
   * Every alert a summary of this storm has named, by id: the running total is its size, so a
   * summary composed again for a retry (summary only) does not count its alerts twice.
   */
  counted: Set<string>
  /**
   * "Summary only": the alerts of the storm's first summary. Sent again after a failure (they
   * return to the queue), it is still the first and rings the people on call.
   */
  ringing: WeakSet<WorkItem>
  summaryTimes: number[]
  wakeAt?: number
}

const runtimes = new WeakMap<ChannelRuntime, StormRuntime>()

function runtimeOf(ch: ChannelRuntime): StormRuntime {
  let rt = runtimes.get(ch)
  if (!rt) {
    rt = {
      active: false,
      startedAt: 0,
      accounted: new Set(),
      counted: new Set(),
      ringing: new WeakSet(),
      summaryTimes: [],
    }
    runtimes.set(ch, rt)
  }
  return rt
}

/** Ends the channel's storm once its backlog is gone: the next burst is a storm of its own. */
export function stormIdle(ch: ChannelRuntime): void {
  const rt = runtimes.get(ch)
  if (rt?.active && ch.queue.length === 0) runtimes.delete(ch)
}

/** When a waiting storm wants the pump again (0 when it is not waiting). */
export function stormWake(ch: ChannelRuntime): number {
  return runtimes.get(ch)?.wakeAt ?? 0
}

/** The byte limit of a summary: the type's own when it counts the body (DingTalk, Feishu). */
export function summaryLimit(cfg: Pick<Channel, 'type' | 'format'>): number {
  const own = CHANNEL_LIMITS[cfg.type]
  // A body-counted limit leaves room for the JSON around the content.
  if (own.maxBytes && own.bytesOf === 'body') return Math.floor(own.maxBytes * 0.8)
  return FORMAT_BYTE_LIMITS[weComFormat(cfg.format)]
}

/** How many full alert blocks one message carries, judged on `first` (the engine and the preview). */
export function blocksPerMessage(
  first: DigestInput,
  template: string,
  format: MessageFormat,
  opts: { language?: TemplateLanguage; timeZone?: string } = {},
): number {
  const block = renderFull(first, template, format, opts)
  return Math.max(1, Math.floor(FORMAT_BYTE_LIMITS[format] / (utf8Length(block) + 2)))
}

export interface StormHookInput {
  ch: ChannelRuntime
  cfg: Channel
  robot: Robot
  now: number
  windowMs: number
  timeZone?: string
  linkBaseUrl: string
  send: SendContext
  track: (p: Promise<void>) => void
  /** Every alert ready now that nothing holds (for "summary only": they leave with the summary). */
  takeReady: () => WorkItem[]
}

/**
 * Runs the storm step for the next message: 'normal' or 'details' (the engine sends its usual
 * message), 'taken' (a summary went), 'wait' (nothing may go yet; `stormWake` says when).
 */
export function stormStep(x: StormHookInput): 'normal' | 'details' | 'taken' | 'wait' {
  const { ch, cfg, now } = x
  const rt = runtimeOf(ch)
  rt.wakeAt = undefined
  const items = ch.queue.items
  if (items.length < 2 && !rt.active) return 'normal'
  const live = ch.pool.robots.filter((r) => !r.broken)
  const limit = live.reduce((n, r) => Math.min(Number.MAX_SAFE_INTEGER, n + r.limiter.limit), 0)
  const available = live.reduce(
    (n, r) =>
      Math.min(
        Number.MAX_SAFE_INTEGER,
        n + (r.pausedUntil > now ? 0 : Math.max(0, r.limiter.limit - r.limiter.used(now))),
      ),
    0,
  )
  const view = {
    now,
    backlog: items.length,
    unaccounted: 0,
    available,
    limit,
    blocks: 1,
    threshold: cfg.storm.threshold,
    active: rt.active,
    summaries: rt.summaryTimes.filter((t) => t > now - x.windowMs),
    newestAt: items.at(-1)?.enqueuedAt ?? now,
    windowMs: x.windowMs,
    details: cfg.storm.details,
  }
  if (!rt.active) {
    // No automatic storms without a budget to judge (HTTP without a limit, a tiny robot): the
    // common case returns before any work. Rendering a block costs a little: only when needed.
    if (!stormStarts({ ...view, blocks: Number.MAX_SAFE_INTEGER, available: 0 })) return 'normal'
    view.blocks = blocksPerMessage(
      { alert: items[0]!.entry.alert, repeats: items[0]!.repeats },
      cfg.template ?? '',
      weComFormat(cfg.format),
      { language: cfg.language, timeZone: x.timeZone },
    )
    if (!stormStarts(view)) return 'normal'
  }
  // Only whether one is left matters. New arrivals are at the end: scanning from there finds one
  // at once while a storm is fed, instead of walking a backlog of thousands on every request.
  for (let k = items.length - 1; k >= 0; k--) {
    const i = items[k]!
    if (!i.inFlight && !rt.accounted.has(i.entry.alert.id)) {
      view.unaccounted = 1
      break
    }
  }
  const d = decideStorm(view)
  if (d.kind === 'normal' || d.kind === 'details') return d.kind
  if (d.kind === 'wait') {
    const reserve = stormReserve(limit)
    const freed = Math.min(
      ...live.map((r) => freeAt(r, now, reserve + 1, updateInterval(x.windowMs))),
    )
    rt.wakeAt = Math.max(now + 5, Math.min(d.until, freed))
    return 'wait'
  }
  if (!rt.active) {
    rt.active = true
    rt.startedAt = items.reduce(
      (t, i) => Math.min(t, Date.parse(i.entry.alert.receivedAt) || now),
      now,
    )
    rt.accounted.clear()
    rt.counted.clear()
    rt.ringing = new WeakSet()
    rt.summaryTimes = []
  }
  // Nothing to summarise after all (every ready alert held by a mute): the usual path decides.
  return sendSummary(x, rt) ? 'taken' : 'normal'
}

/** When the robot will have `n` sends free in its longest window (a short window aside). */
function freeAt(r: Robot, now: number, n: number, fallback: number): number {
  if (n > r.limiter.limit) return now + fallback
  const used = r.limiter.used(now)
  if (used + n <= r.limiter.limit) return now
  const at = r.limiter.times()[used + n - r.limiter.limit - 1]
  return at === undefined ? now + fallback : at + r.limiter.windowMs + 1
}

/** Sends the summary of the alerts no summary has named; false when there were none. */
function sendSummary(x: StormHookInput, rt: StormRuntime): boolean {
  const { ch, cfg, now } = x
  const details = cfg.storm.details
  // "Summary only": the alerts leave the queue with the summary (delivered via the summary).
  const items = details
    ? ch.queue.items.filter((i) => !i.inFlight && !rt.accounted.has(i.entry.alert.id))
    : x.takeReady()
  if (!items.length) return false
  // "Summary only" sends the same alerts again after a failed summary (they return to the queue):
  // the total counts distinct alerts, not summaries composed.
  for (const i of items) rt.counted.add(i.entry.alert.id)
  const total = rt.counted.size
  const first = !rt.summaryTimes.length || items.some((i) => rt.ringing.has(i))
  if (!details && !rt.summaryTimes.length) for (const i of items) rt.ringing.add(i)
  const built = composeStormSummary({
    alerts: items.map((i) => i.entry.alert),
    format: weComFormat(cfg.format),
    language: cfg.language,
    limit: summaryLimit(cfg),
    groupBy: cfg.storm.groupBy,
    details: details ? 'follow' : 'held',
    historyLink: uiLink(x.linkBaseUrl, 'history', undefined, {
      channel: ch.name,
      from: new Date(rt.startedAt).toISOString(),
    }),
    total: rt.summaryTimes.length ? total : undefined,
    // The first summary mentions the people on call; updates do not ring them again.
    ...(first ? { mentionMobiles: cfg.mentionMobiles, mentionUserIds: cfg.mentionUserIds } : {}),
  })
  rt.summaryTimes.push(now)
  if (!details) {
    for (const i of items) i.inFlight = true
    x.track(sendAlerts(x.send, ch, cfg, x.robot, items, 'summary', built.messages))
    return true
  }
  for (const i of items) rt.accounted.add(i.entry.alert.id)
  const extra = {
    kind: 'summary' as const,
    title: built.title,
    body: built.messages[0]!.body,
    content: built.content,
    alertIds: items.map((i) => i.entry.alert.id),
    attempts: 0,
    nextAttemptAt: now,
    inFlight: true,
  }
  ch.queue.extras.push(extra)
  // Markdown's mobiles (and Markdown v2's every mention) ride in a text follow-up, sent next.
  if (CHANNEL_CAPABILITIES[cfg.type].mentionFollowUp)
    queueMentionFollowUp(ch, built.messages[1], extra.alertIds, now)
  x.track(sendExtra(x.send, ch, cfg, x.robot, extra))
  return true
}
