import type { SendResult } from '../channels/wecom/sender'
import type { ChannelQueue, ExtraMessage, WorkItem } from './queue'
import { decideRetry, type ExtraDecision, type RetryPolicy } from './retry'
import type { Robot } from './robots'
import { say, type CoreText } from '../text/core-text'

/** A delivery state to record for some alerts after a failed send. */
export interface Settled {
  state: 'failed' | 'pending'
  items: WorkItem[]
  reason: CoreText
}

/**
 * Applies the retry decision of each alert of a failed send, in memory: the robot rests or is set
 * aside, alerts wait, shrink or leave the queue. Returns the states to record (failed first, then
 * pending), which the caller writes after the attempt.
 */
export function settleFailure(
  queue: ChannelQueue,
  robot: Robot,
  items: readonly WorkItem[],
  result: SendResult,
  now: number,
  policy: RetryPolicy,
): Settled[] {
  const failed = new Map<string, { reason: CoreText; items: WorkItem[] }>()
  const resting: WorkItem[] = []
  let restReason: CoreText | undefined
  const retrying: WorkItem[] = []
  for (const i of items) {
    // Repeats that arrived during the send now belong to the alert, whatever happens next.
    i.repeats += i.lateRepeats
    i.lateRepeats = 0
    const d = decideRetry(result, i, now, policy)
    switch (d.kind) {
      case 'rest-robot':
        // Another sender shares the robot: it rests; the alerts keep their place.
        robot.pausedUntil = d.until
        restReason = d.reason
        resting.push(i)
        break
      case 'retry':
        i.attempts = d.attempts
        i.lastError = result.explanation
        i.nextAttemptAt = d.at
        retrying.push(i)
        break
      case 'shrink':
        i.shrink = d.shrink
        break
      case 'set-aside-robot':
        robot.broken = d.robotError // the rest of the pool carries the alerts
        break
      case 'fail':
        if (d.attempts !== undefined) {
          i.attempts = d.attempts
          i.lastError = result.explanation
        }
        if (d.setAsideRobot) robot.broken = d.setAsideRobot
        failed.set(d.reason.text, {
          reason: d.reason,
          items: [...(failed.get(d.reason.text)?.items ?? []), i],
        })
        break
    }
  }
  const out: Settled[] = []
  for (const { reason, items: group } of failed.values()) {
    queue.remove(group)
    out.push({ state: 'failed', items: group, reason })
  }
  if (resting.length && restReason)
    out.push({ state: 'pending', items: resting, reason: restReason })
  if (retrying.length) {
    const at = new Date(Math.min(...retrying.map((i) => i.nextAttemptAt))).toISOString()
    out.push({
      state: 'pending',
      items: retrying,
      reason: say('reason.nextTry', { reason: result.explanation, at }),
    })
  }
  return out
}

/** The text of the @mention message that follows a Markdown message with the alerts it sent. */
export function mentionNote(items: readonly WorkItem[]): string {
  if (items.length > 1) return `${items.length} alerts above need attention.`
  const v = items[0]!.entry.alert.vars
  return `${v.alarm_name ?? 'Alert'}${v.alarm_target ? ` on ${v.alarm_target}` : ''}: see the message above.`
}

/** Applies the decision about an extra message (mention, summary) after its send. */
export function settleExtra(
  queue: ChannelQueue,
  robot: Robot,
  extra: ExtraMessage,
  d: ExtraDecision,
): void {
  if (d.kind === 'done') queue.dropExtra(extra)
  else if (d.kind === 'rest-robot') robot.pausedUntil = d.until
  else {
    extra.attempts = d.attempts
    extra.nextAttemptAt = d.at
  }
}
