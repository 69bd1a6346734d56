import { channelFacts, channelUrlSecrets, maskChannelUrl } from '../channels/catalog'
import type { RelayEvents } from '../events'
import type { ChannelSenders } from '../channels/registry'
import type { SendResult, WeComBody } from '../channels/wecom/sender'
import { bodyContent, type OutgoingMessage } from '../channels/wecom/body'
import { redact } from '../secrets/mask'
import type { Channel } from '../settings/schema'
import { deliveredState, noteResult, settleDelivery, type ChannelRuntime } from './channel'
import { newAttemptId, type OutcomeRecorder, type StateWrite } from './outcomes'
import { resendTimes, type ExtraMessage, type WorkItem } from './queue'
import { decideExtra } from './retry'
import { robotTarget, transmit, type Robot } from './robots'
import { settleExtra, settleFailure } from './settle'
import type { DeliveryTuning } from './tuning'
import { messageParts, bodyOfType, senderOfType, writesOwnBody } from './per-type'
import { say } from '../text/core-text'

// One attempt, from the engine's dispatch: transmit on a robot, settle the items in memory, write
// the attempt and its states to the history, release the robot, and pump the channel again.

/** What an attempt needs from the engine. */
export interface SendContext {
  senders: ChannelSenders
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

/**
 * Sends on the robot and always answers: an error a sender did not foresee (a value the system
 * refuses, a bug) is a failed attempt like any other, recorded and retried, so it can never leave
 * the robot busy and the channel held.
 */
async function transmitOn(
  x: SendContext,
  cfg: Channel,
  robot: Robot,
  body: () => unknown,
  deliveryId?: string,
): Promise<{ result: SendResult; body: unknown }> {
  let built: unknown
  const started = x.now()
  try {
    built = body()
    const result = await transmit(robot, robotTarget(cfg), built as WeComBody, {
      sender: senderOfType(x.senders, cfg, deliveryId),
      now: x.now,
      persist: x.persist,
    })
    return { result, body: built }
  } catch (err) {
    robot.busy = true // released by the caller once the failure is recorded
    return {
      result: unexpectedFailure(err, robot.url, x.now() - started, cfg.type),
      body: built ?? {},
    }
  }
}

/**
 * What History shows as an attempt's content: the request body an HTTP channel sent (its own
 * template's output), else the composed message.
 */
function shownContent(cfg: Channel, body: unknown, composed: string): string {
  return channelFacts(cfg.type).capabilities.showsRequestBody && typeof body === 'string'
    ? body
    : composed
}

/** A failed attempt for an error the sender threw instead of answering. */
export function unexpectedFailure(
  err: unknown,
  url: string,
  latencyMs: number,
  type?: string,
): SendResult {
  const what = redact(
    err instanceof Error ? err.message : String(err),
    channelUrlSecrets(type, url),
  )
  return {
    ok: false,
    outcome: 'retryable',
    errorCode: (err as NodeJS.ErrnoException | undefined)?.code ?? 'UNEXPECTED',
    explanation: say('send.unexpected', { what: what.slice(0, 300) }),
    fix: say('send.unexpectedFix'),
    requestBytes: 0,
    latencyMs,
    maskedUrl: maskChannelUrl(type, url),
  }
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
  // Exactly what the composer built (and the preview showed): the alert message, mentions and all,
  // in the type's format (`wire`, a type with a body writer) or the composer's own (no writer).
  // HTTP and script build theirs from the alert's parts and the delivery id.
  const [message, composedFollowUp] = messages
  const content = bodyContent(message!.body)
  const caps = channelFacts(cfg.type).capabilities
  const composed = caps.body === 'composed'
  const parts = composed ? undefined : messageParts(items, content, ch.name)
  const followUp = caps.mentionFollowUp ? composedFollowUp : undefined
  const retry = Math.max(...items.map((i) => i.attempts))
  let result: SendResult
  let body: unknown
  try {
    ;({ result, body } = await transmitOn(
      x,
      cfg,
      robot,
      () => (composed ? (message!.wire ?? message!.body) : bodyOfType(x.senders, cfg, parts!)),
      parts?.deliveryId,
    ))
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
      type: cfg.type,
      robotUrl: robot.url,
      alertIds,
      kind,
      body: body as WeComBody,
      content: shownContent(cfg, body, content),
      result,
      retry,
    },
    writes,
  )
  robot.busy = false
  x.events.publish({ type: 'backlog', channel: ch.name, size: ch.queue.length + ch.onDisk })
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
  // An extra is written as the composer's robot message (its mentions, a notice as text): a type
  // that writes its own bodies rebuilds it from the content, the others send it as it is.
  let result: SendResult
  let body: unknown
  try {
    ;({ result, body } = await transmitOn(x, cfg, robot, () =>
      !writesOwnBody(cfg)
        ? extra.body
        : bodyOfType(x.senders, cfg, {
            content: extra.content,
            title: extra.title ?? 'Alerts held back',
            level: 'warning',
          }),
    ))
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
    type: cfg.type,
    robotUrl: robot.url,
    alertIds: extra.alertIds,
    kind: extra.kind,
    body: body as WeComBody,
    content: shownContent(cfg, body, extra.content),
    result,
    retry: extra.attempts,
  })
  robot.busy = false
  x.pump(ch)
}
