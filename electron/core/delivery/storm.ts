import { channelFacts } from '../channels/catalog'
import { summaryByteLimit } from '../channels/limits'
import { weComFormat } from '../channels/type-names'
import { renderFull, type DigestInput } from '../messages/digest'
import { composeStormSummary } from '../messages/storm-message'
import { StormPicture } from '../messages/storm-groups'
import { uiLink } from '../messages/ui-links'
import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import type { Channel } from '../settings/schema'
import { queueMentionFollowUp, type ChannelRuntime } from './channel'
import { isWhole, type AlertBrief, type ExtraMessage, type WorkItem } from './queue'
import type { Robot } from './robots'
import type { WaitingGroup } from './outbox-window'
import { sendAlerts, sendExtra, type SendContext } from './send'
import {
  calmAfter,
  canStorm,
  decideStorm,
  stillArriving,
  stormReserve,
  stormStarts,
  updateInterval,
} from './storm-plan'

/**
 * The engine's storm hook (#17): asked before each message of alerts whether the channel is in a
 * storm, it sends the summary (through the composer, `messages/storm-message.ts`), paces the details, or
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
   * Every alert of the storm so far, by what makes it the same alert (a resolution replaces the
   * alert it resolves), counted in its group: what every summary restates, so a summary composed
   * again for a retry counts nothing twice. Read from the queue's brief of each (a backlog
   * recovered at start is never loaded whole for it), or from the whole alert when the channel
   * groups by a label the brief lacks. Grouped by the label the storm began with.
   */
  picture: StormPicture
  /**
   * How many alerts the last summary counted, the picture's and those waiting on disk (what the
   * next one says is new).
   */
  told: number
  /** The names (groups) firing when the people on call were last rung: an update rings again only for a new one. */
  rung: Set<string>
  /**
   * "Summary only": the alerts of the storm's first summary. Sent again after a failure (they
   * return to the queue), it is still the first and rings the people on call.
   */
  ringing: WeakSet<WorkItem>
  summaryTimes: number[]
  wakeAt?: number
}

/** When a channel's alerts arrive: the last arrival, and the gather window a quiet channel opened. */
interface Arrivals {
  lastAt: number
  gatherUntil: number
}

const runtimes = new WeakMap<ChannelRuntime, StormRuntime>()
const arrivals = new WeakMap<ChannelRuntime, Arrivals>()
/** The last storm mention on a robot, and whom it rang: one ping per robot per update (#23). */
const robotPings = new WeakMap<Robot, { at: number; who: Set<string> }>()

function runtimeOf(ch: ChannelRuntime): StormRuntime {
  let rt = runtimes.get(ch)
  if (!rt) {
    rt = {
      active: false,
      startedAt: 0,
      accounted: new Set(),
      picture: new StormPicture(),
      told: 0,
      rung: new Set(),
      ringing: new WeakSet(),
      summaryTimes: [],
    }
    runtimes.set(ch, rt)
  }
  return rt
}

function arrivalsOf(ch: ChannelRuntime): Arrivals {
  let a = arrivals.get(ch)
  if (!a) {
    a = { lastAt: 0, gatherUntil: 0 }
    arrivals.set(ch, a)
  }
  return a
}

/** The same alert across its firing and resolved notifications. */
const pictureKey = (a: AlertBrief) =>
  a.fingerprint ||
  [a.vars.alarm_name, a.vars.alarm_target, a.vars.alarm_level].join('\u0000') ||
  a.id

/**
 * Counts a queued alert in the storm's picture: from its brief, or from the whole alert when the
 * picture is grouped by a label the brief lacks.
 */
function pictured(picture: StormPicture, i: WorkItem): void {
  picture.set(pictureKey(i.brief), picture.label && !isWhole(i.brief) ? i.entry.alert : i.brief)
}

/**
 * Notes an alert queued on the channel (not one recovered after a restart). The first alert of a
 * quiet channel opens its gather window: its message waits `gatherMs` for the rest of a burst,
 * so the storm decision sees the burst whole instead of its first request.
 */
export function stormArrived(ch: ChannelRuntime, cfg: Channel, now: number): void {
  const a = arrivalsOf(ch)
  a.lastAt = now
  const gatherMs = cfg.storm.gatherSeconds * 1000
  const quiet = ch.queue.length === 1 && !ch.onDisk && !runtimes.get(ch)?.active
  if (!quiet || gatherMs <= 0) return
  // A channel that can never be in a storm (an HTTP endpoint without a limit) has nothing to judge.
  const limit = ch.pool.robots.reduce(
    (n, r) => Math.min(Number.MAX_SAFE_INTEGER, n + r.limiter.limit),
    0,
  )
  if (canStorm(limit, cfg.storm.threshold)) a.gatherUntil = now + gatherMs
}

/**
 * Whether the channel holds its first message in a gather window that ends by `until`: on a
 * shared robot it is about to want the robot, and the more urgent channel must not lose its turn
 * by a few milliseconds.
 */
export function gatheringUntil(ch: ChannelRuntime, until: number): boolean {
  const at = arrivals.get(ch)?.gatherUntil ?? 0
  return at > 0 && at <= until
}

/** When a waiting storm (or a gathering channel) wants the pump again (0 when it is not waiting). */
export function stormWake(ch: ChannelRuntime): number {
  return runtimes.get(ch)?.wakeAt ?? 0
}

/** The byte limit of a summary: the type's own when it counts the body (DingTalk, Feishu). */
export function summaryLimit(cfg: Pick<Channel, 'type' | 'format'>): number {
  return summaryByteLimit(cfg.type, cfg.format)
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
  /**
   * The channel's alerts waiting in the outbox on disk, counted alike by what a summary grouped by
   * `label` reads of them (none when its queue holds its whole backlog; undefined while they are
   * being counted: the summary waits for it).
   */
  waiting?: (label: string) => WaitingGroup[] | undefined
}

/**
 * Runs the storm step for the next message: 'normal' or 'details' (the engine sends its usual
 * message, without mentions for details), 'taken' (a summary went), 'wait' (nothing may go yet;
 * `stormWake` says when).
 */
export function stormStep(x: StormHookInput): 'normal' | 'details' | 'taken' | 'wait' {
  const { ch, cfg, now } = x
  const rt = runtimeOf(ch)
  rt.wakeAt = undefined
  const arr = arrivalsOf(ch)
  // A quiet channel's first message waits for the rest of a burst (the gather window).
  if (!rt.active && arr.gatherUntil > now) {
    rt.wakeAt = arr.gatherUntil
    return 'wait'
  }
  arr.gatherUntil = 0
  const items = ch.queue.items
  if (!items.length || (items.length + ch.onDisk < 2 && !rt.active)) return 'normal'
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
  const newestAt = Math.max(arr.lastAt, items.at(-1)?.enqueuedAt ?? 0) || now
  const view = {
    now,
    backlog:
      items.length +
      ch.onDisk +
      stillArriving(
        items.length,
        (k) => items[k]!.enqueuedAt,
        now,
        newestAt,
        x.windowMs,
        cfg.storm.gatherSeconds * 1000,
      ),
    unaccounted: 0,
    available,
    limit,
    blocks: 1,
    threshold: cfg.storm.threshold,
    active: rt.active,
    summaries: rt.summaryTimes.filter((t) => t > now - x.windowMs),
    newestAt,
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
    if (!i.inFlight && !rt.accounted.has(i.brief.id)) {
      view.unaccounted = 1
      break
    }
  }
  // Alerts that arrived on disk since the last summary (behind the queue's window) are news too.
  if (rt.active && ch.onDisk && rt.picture.size + ch.onDisk > rt.told) view.unaccounted = 1
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
  // A summary states the whole storm: it waits while what waits on disk is being counted.
  if (
    ch.onDisk &&
    x.waiting &&
    !x.waiting(rt.active ? rt.picture.label : (cfg.storm.groupBy ?? ''))
  ) {
    rt.wakeAt = now + 50
    return 'wait'
  }
  if (!rt.active) {
    rt.active = true
    rt.startedAt = items.reduce((t, i) => Math.min(t, Date.parse(i.brief.receivedAt) || now), now)
    rt.accounted.clear()
    rt.picture = new StormPicture(cfg.storm.groupBy)
    rt.told = 0
    rt.rung = new Set()
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

/** How many alerts a summary counts: the picture's and those waiting on disk. */
const totalOf = (rt: StormRuntime, waiting: readonly WaitingGroup[]) =>
  waiting.reduce((n, g) => n + g.count, rt.picture.size)

/** The storm's summary in the channel's format: the whole picture, as its first, an update or its close. */
function compose(
  ch: ChannelRuntime,
  cfg: Channel,
  rt: StormRuntime,
  linkBaseUrl: string,
  phase: 'first' | 'update' | 'over',
  mentions: boolean,
  waiting: readonly WaitingGroup[] = [],
) {
  return composeStormSummary({
    picture: rt.picture,
    waiting,
    format: weComFormat(cfg.format),
    language: cfg.language,
    limit: summaryLimit(cfg),
    details: cfg.storm.details ? 'follow' : 'held',
    historyLink: uiLink(linkBaseUrl, 'history', undefined, {
      channel: ch.name,
      from: new Date(rt.startedAt).toISOString(),
    }),
    phase,
    added: Math.max(0, totalOf(rt, waiting) - rt.told),
    ...(mentions ? { mentionMobiles: cfg.mentionMobiles, mentionUserIds: cfg.mentionUserIds } : {}),
  })
}

/**
 * Whether this summary rings the people on call: the storm's first does; an update only when an
 * alert name fires that the last ring did not (more of the same is no news worth a phone), and
 * only if no storm summary rang the same people on this robot within an update interval (one
 * ping per robot per update, however many channels post to it).
 */
function rings(
  x: StormHookInput,
  rt: StormRuntime,
  first: boolean,
  waiting: readonly WaitingGroup[],
): boolean {
  const who = [...x.cfg.mentionMobiles, ...x.cfg.mentionUserIds]
  if (!who.length) return false
  const firing = rt.picture.firing(waiting)
  if (!first && [...firing].every((n) => rt.rung.has(n))) return false
  // The first summary composed again after a failed send rings whatever was recorded: the ping
  // recorded for the failed one reached nobody.
  const again = first && rt.summaryTimes.length > 0
  const last = robotPings.get(x.robot)
  if (
    !again &&
    last &&
    x.now - last.at < updateInterval(x.windowMs) &&
    who.every((w) => last.who.has(w))
  )
    return false
  robotPings.set(x.robot, { at: x.now, who: new Set(who) })
  rt.rung = firing
  return true
}

/** Sends the summary of the storm with the alerts no summary has named; false when there were none. */
function sendSummary(x: StormHookInput, rt: StormRuntime): boolean {
  const { ch, cfg, now } = x
  const details = cfg.storm.details
  // "Summary only": the alerts leave the queue with the summary (delivered via the summary).
  const items = details
    ? ch.queue.items.filter((i) => !i.inFlight && !rt.accounted.has(i.brief.id))
    : x.takeReady()
  if (!items.length) return false
  // The picture is keyed by the alert, not the summary: one composed again for a retry ("summary
  // only") counts nothing twice, and a resolution takes the place of the alert it resolves.
  for (const i of items) pictured(rt.picture, i)
  const first = !rt.summaryTimes.length || items.some((i) => rt.ringing.has(i))
  if (!details && !rt.summaryTimes.length) for (const i of items) rt.ringing.add(i)
  // What waits on disk behind the queue is named and counted too: the summary states the whole storm.
  const waiting = ch.onDisk ? (x.waiting?.(rt.picture.label) ?? []) : []
  const built = compose(
    ch,
    cfg,
    rt,
    x.linkBaseUrl,
    first ? 'first' : 'update',
    rings(x, rt, first, waiting),
    waiting,
  )
  rt.told = totalOf(rt, waiting)
  rt.summaryTimes.push(now)
  if (!details) {
    for (const i of items) i.inFlight = true
    x.track(sendAlerts(x.send, ch, cfg, x.robot, items, 'summary', built.messages))
    return true
  }
  for (const i of items) rt.accounted.add(i.brief.id)
  const extra: ExtraMessage = {
    kind: 'summary',
    title: built.title,
    level: built.groups[0]?.level,
    body: built.messages[0]!.body,
    content: built.content,
    alertIds: items.map((i) => i.brief.id),
    attempts: 0,
    nextAttemptAt: now,
    inFlight: true,
  }
  ch.queue.extras.push(extra)
  // Markdown's mobiles (and Markdown v2's every mention) ride in a text follow-up, sent once the
  // summary it belongs to has gone.
  if (channelFacts(cfg.type).capabilities.mentionFollowUp)
    queueMentionFollowUp(ch, built.messages[1], extra.alertIds, now, extra)
  x.track(sendExtra(x.send, ch, cfg, x.robot, extra))
  return true
}

/**
 * Ends the channel's storm once it is over (its backlog gone and no arrival for `calmAfter`): one
 * closing message restates the final picture and how many resolved. Until then, says when to look
 * again (`stormWake`).
 */
export function stormClose(
  ch: ChannelRuntime,
  cfg: Channel,
  now: number,
  windowMs: number,
  linkBaseUrl: string,
): void {
  const rt = runtimes.get(ch)
  if (!rt?.active || ch.queue.length > 0 || ch.onDisk > 0) return
  const calmAt = Math.max(arrivalsOf(ch).lastAt, rt.summaryTimes.at(-1) ?? 0) + calmAfter(windowMs)
  if (now < calmAt) {
    rt.wakeAt = calmAt
    return
  }
  runtimes.delete(ch)
  const built = compose(ch, cfg, rt, linkBaseUrl, 'over', false)
  ch.queue.extras.push({
    kind: 'summary',
    title: built.title,
    level: built.groups[0]?.level,
    body: built.messages[0]!.body,
    content: built.content,
    alertIds: [],
    attempts: 0,
    nextAttemptAt: now,
    inFlight: false,
  })
}

/**
 * Alerts read into the queue from the outbox on disk while a storm is under way: a summary has
 * counted them already (as waiting), so they join its picture, and with details following they
 * are accounted for (no update just to name them again). "Summary only" still sends them with the
 * next summary.
 */
export function stormPagedIn(ch: ChannelRuntime, cfg: Channel, items: readonly WorkItem[]): void {
  const rt = runtimes.get(ch)
  if (!rt?.active || !rt.summaryTimes.length) return
  for (const i of items) {
    pictured(rt.picture, i)
    if (cfg.storm.details) rt.accounted.add(i.brief.id)
  }
}
