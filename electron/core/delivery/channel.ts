import { channelFacts } from '../channels/catalog'
import { buildMessages, type SendResult } from '../channels/wecom/sender'
import { composeNext } from '../messages/compose'
import type { OutgoingMessage } from '../channels/wecom/body'
import { weComFormat } from '../channels/type-names'
import type { Channel } from '../settings/schema'
import { messageByteLimit } from '../channels/limits'
import { Aggregator } from './aggregator'
import { ChannelCaps, summaryContent, type CapSummary } from './caps'
import type { StateWrite } from './outcomes'
import { ChannelQueue, resendTimes, type ExtraMessage, type WorkItem } from './queue'
import { resolveTimeZone } from '../time/time-zone'
import { RobotPool, type Robot, type RobotRegistry } from './robots'
import type { ChannelStatus, LastOutcome } from './status'
import { say } from '../text/core-text'
import type { CoreText } from '../text/core-text'

/** Everything the engine keeps for one channel between sends. */
export interface ChannelRuntime {
  name: string
  queue: ChannelQueue
  /**
   * Alerts still to be sent on the channel that wait in the outbox on disk, after the queue's
   * (`outbox-window.ts`): the backlog is `queue.length + onDisk`.
   */
  onDisk: number
  pool: RobotPool
  aggregator: Aggregator
  caps: ChannelCaps
  timer?: NodeJS.Timeout
  /**
   * Whether the channel's last pump ended wanting a robot (it had work a robot could take, but the
   * robot was busy, out of budget or yielded to a more urgent channel on it). A channel that held
   * its work back (a gather window, a storm's pacing) does not compete for a shared robot.
   */
  wants?: boolean
  lastError?: CoreText
  lastErrorAt?: string
  lastOutcome?: LastOutcome
}

/**
 * A new channel runtime; `windowSeconds` reads the channel's current aggregation window and
 * `timeZone` the user's zone (its caps' hours and days turn in it).
 */
export function createChannel(
  name: string,
  now: number,
  windowSeconds: () => number | undefined,
  robots?: RobotRegistry,
  timeZone?: () => string,
): ChannelRuntime {
  return {
    name,
    queue: new ChannelQueue(),
    onDisk: 0,
    pool: new RobotPool(robots),
    aggregator: new Aggregator(() => (windowSeconds() ?? 600) * 1000),
    caps: new ChannelCaps(now, timeZone),
  }
}

/** Queues the summary of what a cap held back, to go before the next alerts. */
export function queueSummary(
  ch: ChannelRuntime,
  cfg: Channel,
  s: CapSummary,
  now: number,
  timeZone: string | undefined,
): void {
  const format = weComFormat(cfg.format)
  const content = summaryContent(ch.name, format, s, cfg.language, resolveTimeZone(timeZone))
  const [m] = buildMessages({ format, content })
  ch.queue.extras.push({
    kind: 'summary',
    body: m!.body,
    content,
    alertIds: [],
    attempts: 0,
    nextAttemptAt: now,
    inFlight: false,
  })
}

/**
 * Applies a delivery in memory: the alerts leave the queue, count against the caps and open an
 * aggregation window; the composer's mention follow-up (mobiles for Markdown, every mention for
 * Markdown v2), when there is one, goes next.
 */
export function settleDelivery(
  ch: ChannelRuntime,
  items: readonly WorkItem[],
  now: number,
  followUp?: OutgoingMessage,
): void {
  ch.queue.remove(items)
  ch.caps.sent(items.length)
  for (const i of items) ch.aggregator.sent(i.key, now, i.lateRepeats, i.brief.id)
  queueMentionFollowUp(
    ch,
    followUp,
    items.map((i) => i.brief.id),
    now,
  )
}

/** Queues the composer's mention follow-up (a text message), when there is one, to go next. */
export function queueMentionFollowUp(
  ch: ChannelRuntime,
  followUp: OutgoingMessage | undefined,
  alertIds: string[],
  now: number,
  /** The message it belongs to, when that is still to be sent: the follow-up never goes first. */
  after?: ExtraMessage,
): void {
  if (!followUp || followUp.body.msgtype !== 'text') return
  ch.queue.extras.push({
    kind: 'mention',
    after,
    body: followUp.body,
    content: followUp.body.text.content,
    alertIds,
    attempts: 0,
    nextAttemptAt: now,
    inFlight: false,
  })
}

/** Keeps the latest outcome and error of the channel and the robot, for the status. */
export function noteResult(ch: ChannelRuntime, robot: Robot, result: SendResult): void {
  if (result.ok) {
    ch.lastOutcome = 'delivered'
    return
  }
  const at = new Date().toISOString()
  ch.pool.noteError(robot, result.explanation, at)
  ch.lastError = result.explanation
  ch.lastErrorAt = at
  ch.lastOutcome = 'failed'
}

/** The channel as the status shows it. */
export function channelStatus(ch: ChannelRuntime, cfg: Channel, now: number): ChannelStatus {
  return {
    channel: ch.name,
    enabled: cfg.enabled,
    backlog: ch.queue.length + ch.onDisk,
    retrying: ch.queue.retrying(),
    lastError: ch.lastError,
    lastErrorAt: ch.lastErrorAt,
    lastOutcome: ch.lastOutcome,
    robots: ch.pool.status(now),
    caps: ch.caps.status(cfg.throttle),
  }
}

/**
 * The next message from the alerts ready to go, as the composer builds it (and the preview
 * shows it): one alone, or as many as fit a digest within the format's byte limit (less after a
 * 40058 made the first ones shrink), with the channel's mentions.
 */
export function nextMessage(
  ready: readonly WorkItem[],
  cfg: Channel,
  timeZone?: string,
  linkBase = '',
): {
  items: WorkItem[]
  content: string
  kind: 'alone' | 'digest'
  messages: OutgoingMessage[]
} {
  const limit = Math.floor(
    messageByteLimit(cfg.type, cfg.format) * Math.min(...ready.slice(0, 50).map((i) => i.shrink)),
  )
  const built = composeNext(
    ready.map((i) => ({
      alert: i.entry.alert,
      repeats: i.repeats,
      firstRepeatAt: i.firstRepeatAt,
    })),
    // Templates render in the matching WeCom format; DingTalk and Feishu are then written in their
    // own (typed-compose.ts, mentions included); HTTP and script bodies carry no mentions.
    {
      ...cfg,
      format: weComFormat(cfg.format),
      channelFormat: cfg.format,
      ...(channelFacts(cfg.type).capabilities.mentions.mobiles !== 'no'
        ? {}
        : { mentionMobiles: [], mentionUserIds: [] }),
    },
    // "Acknowledge · mute" links back to the window, unless the channel turned them off.
    { timeZone, limit, linkBase: cfg.actionLinks ? linkBase : '' },
  )
  return {
    items: ready.slice(0, built.count),
    content: built.content,
    kind: built.kind,
    messages: built.messages,
  }
}

/** The delivered state of alerts sent in one attempt. */
export function deliveredState(
  channel: string,
  items: readonly WorkItem[],
  kind: 'alone' | 'digest' | 'summary',
  attemptId: string,
  now: number,
): StateWrite {
  return {
    alertIds: items.map((i) => i.brief.id),
    channel,
    state: 'delivered',
    at: now,
    via: kind,
    attemptId,
    repeats: new Map(items.map((i) => [i.brief.id, i.repeats])),
    resends: resendTimes(items),
    reason:
      kind === 'digest'
        ? say('reason.digest', { count: items.length })
        : kind === 'summary'
          ? say('reason.stormSummary', { count: items.length })
          : undefined,
  }
}
