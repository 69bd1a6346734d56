import { CHANNEL_CAPABILITIES } from '../channels/capabilities'
import type { RelayEvents } from '../events'
import type { ChannelSenders } from '../channels/registry'
import type { SendResult, WeComBody, WeComSender } from '../channels/wecom/sender'
import { bodyContent, type OutgoingMessage } from '../channels/wecom/body'
import type { Channel } from '../settings/schema'
import { deliveredState, noteResult, settleDelivery, type ChannelRuntime } from './channel'
import { newAttemptId, type OutcomeRecorder, type StateWrite } from './outcomes'
import { resendTimes, type ExtraMessage, type WorkItem } from './queue'
import { decideExtra } from './retry'
import { robotTarget, transmit, type Robot } from './robots'
import { settleExtra, settleFailure } from './settle'
import type { DeliveryTuning } from './tuning'
import { messageParts, typedBody, typedSender } from './typed'

// One attempt, from the engine's dispatch: transmit on a robot, settle the items in memory, write
// the attempt and its states to the history, release the robot, and pump the channel again.

/** What an attempt needs from the engine. */
export interface SendContext {
  senders: ChannelSenders
  sender: WeComSender
  now: () => number
  tuning: Required<DeliveryTuning>
  record: OutcomeRecorder
  events: RelayEvents
  /** Alerts resent by hand; a delivered one leaves the set. */
  byHand: Set<string>
  /** Saves the robot budgets (a send reserves a slot first and leaves once it is saved). */
  persist: () => Promise<void>
  pump: (ch: ChannelRuntime) => void
}

function transmitOn(
  x: SendContext,
  cfg: Channel,
  robot: Robot,
  body: unknown,
  deliveryId?: string,
): Promise<SendResult> {
  return transmit(robot, robotTarget(cfg), body as WeComBody, {
    sender: typedSender(x.senders, cfg, x.sender, deliveryId),
    now: x.now,
    persist: x.persist,
  })
}

/** Sends one message of alerts on `robot`, then settles, records and releases it, and pumps. */
export async function sendAlerts(
  x: SendContext,
  ch: ChannelRuntime,
  cfg: Channel,
  robot: Robot,
  items: WorkItem[],
  kind: 'alone' | 'digest' | 'summary',
  messages: OutgoingMessage[],
): Promise<void> {
  // Exactly what the composer built (and the preview showed): the alert message, mentions and all.
  // DingTalk and Feishu: the body the composer wrote in their format; HTTP and script build theirs.
  const [message, wecomFollowUp] = messages
  const content = bodyContent(message!.body)
  // The facts and the delivery id, for the types that build their own body (HTTP, script):
  // DingTalk and Feishu send the composer's body as it is.
  const caps = CHANNEL_CAPABILITIES[cfg.type]
  const native = caps.body === 'wecom'
  const parts = native || message!.wire ? undefined : messageParts(items, content, ch.name)
  const body = native ? message!.body : (message!.wire ?? typedBody(x.senders, cfg, parts!))
  const followUp = caps.mentionFollowUp ? wecomFollowUp : undefined
  const retry = Math.max(...items.map((i) => i.attempts))
  let result: SendResult
  try {
    result = await transmitOn(x, cfg, robot, body, parts?.deliveryId)
  } finally {
    for (const i of items) i.inFlight = false
  }
  const now = x.now()
  const attemptId = newAttemptId()
  const alertIds = items.map((i) => i.entry.alert.id)
  // In-memory consequences first, all before the robot is released and the queue pumped.
  noteResult(ch, robot, result)
  const writes: StateWrite[] = []
  if (result.ok) {
    for (const i of items) x.byHand.delete(i.entry.alert.id)
    settleDelivery(ch, items, now, followUp)
    writes.push(deliveredState(ch.name, items, kind, attemptId, now))
  } else {
    const policy = { ...x.tuning, otherRobotLive: ch.pool.otherLive(robot) }
    for (const s of settleFailure(ch.queue, robot, items, result, now, policy)) {
      const ids = s.items.map((i) => i.entry.alert.id)
      writes.push({
        alertIds: ids,
        channel: ch.name,
        state: s.state,
        reason: s.reason,
        resends: resendTimes(s.items),
      })
    }
  }

  // Then the history, before the robot is released: a crash can then send again at most the
  // one message that was on the wire (the at-least-once window is one message per robot).
  await x.record.outcome(
    {
      id: attemptId,
      channel: ch.name,
      robotUrl: robot.url,
      alertIds,
      kind,
      body: body as WeComBody,
      content,
      result,
      retry,
    },
    writes,
  )
  robot.busy = false
  x.events.publish({ type: 'backlog', channel: ch.name, size: ch.queue.length })
  x.pump(ch)
}

/** Sends a queued extra message (a cap summary or a notice), then settles, records and pumps. */
export async function sendExtra(
  x: SendContext,
  ch: ChannelRuntime,
  cfg: Channel,
  robot: Robot,
  extra: ExtraMessage,
): Promise<void> {
  // A cap summary is composed for WeCom; other types rebuild it in their own body.
  const body =
    CHANNEL_CAPABILITIES[cfg.type].body === 'wecom'
      ? extra.body
      : typedBody(x.senders, cfg, {
          content: extra.content,
          title: extra.title ?? 'Alerts held back',
          level: 'warning',
        })
  let result: SendResult
  try {
    result = await transmitOn(x, cfg, robot, body)
  } finally {
    extra.inFlight = false
  }
  const now = x.now()
  const attemptId = newAttemptId()
  noteResult(ch, robot, result)
  settleExtra(ch.queue, robot, extra, decideExtra(result, extra.attempts, now, x.tuning))
  await x.record.outcome({
    id: attemptId,
    channel: ch.name,
    robotUrl: robot.url,
    alertIds: extra.alertIds,
    kind: extra.kind,
    body: body as WeComBody,
    content: extra.content,
    result,
    retry: extra.attempts,
  })
  robot.busy = false
  x.pump(ch)
}
