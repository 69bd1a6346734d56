import type { SendResult } from '../channels/wecom/sender'
import { say, sentences, type CoreText } from '../text/core-text'

// Which answers mean "the robot is gone", "too long" or "rest several windows" is each type's
// own table (`channels/<type>/errcodes.ts`), carried on the result as `retry` and `restWindows`.

/** Below this share of the format's byte limit, shrinking a message further is pointless. */
export const MIN_SHRINK = 0.05

/** What the retry decision needs to know about the alert that failed. */
export interface RetryItem {
  attempts: number
  enqueuedAt: number
  /** Byte budget factor (1, ½, ¼ …). */
  shrink: number
}

/** The policy the decision applies. */
export interface RetryPolicy {
  windowMs: number
  maxRetryAgeMs: number
  backoff: (attempt: number) => number
  /** Whether another robot of the pool, not set aside, can carry the alert. */
  otherRobotLive: boolean
}

/**
 * What to do with one alert after a failed send:
 * - `rest-robot`: the robot is over its limit (another sender shares it): rest it for a whole
 *   window; the alert keeps its place and its attempt count.
 * - `retry`: a passing failure: try again at `at`, the alert's `attempts`-th retry.
 * - `shrink`: the message was too long (40058): send again at once with a smaller byte budget.
 * - `set-aside-robot`: the robot is gone (93000/93004/93008); the rest of the pool carries the alert.
 * - `fail`: retrying cannot help, or it has been retried long enough; `setAsideRobot` when the
 *   robot that answered is gone too.
 * `reason` is the sentence the history shows.
 */
export type RetryDecision =
  | { kind: 'rest-robot'; until: number; reason: CoreText }
  | { kind: 'retry'; at: number; attempts: number; reason: CoreText }
  | { kind: 'shrink'; shrink: number }
  | { kind: 'set-aside-robot'; robotError: CoreText }
  | { kind: 'fail'; attempts?: number; reason: CoreText; setAsideRobot?: CoreText }

const fullReason = (r: SendResult) => sentences(r.explanation, r.fix)

/** Decides, from the robot's answer alone, what happens to one alert that was not delivered. */
export function decideRetry(
  result: SendResult,
  item: RetryItem,
  now: number,
  policy: RetryPolicy,
): RetryDecision {
  const reason = fullReason(result)
  switch (result.outcome) {
    case 'rate_limited': {
      const windows = result.restWindows ?? 1
      const code = result.errcode ?? `HTTP ${result.httpStatus ?? 429}`
      return {
        kind: 'rest-robot',
        until: now + windows * policy.windowMs,
        reason:
          windows === 1
            ? say('reason.overLimit', { code, fix: result.fix ?? '' })
            : say('reason.overLimitWindows', { code, count: windows, fix: result.fix ?? '' }),
      }
    }
    case 'retryable': {
      const attempts = item.attempts + 1
      if (now - item.enqueuedAt > policy.maxRetryAgeMs)
        return {
          kind: 'fail',
          attempts,
          reason: say('reason.gaveUp', {
            minutes: Math.round(policy.maxRetryAgeMs / 60_000),
            reason,
          }),
        }
      return {
        kind: 'retry',
        at: now + policy.backoff(attempts),
        attempts,
        reason: result.explanation,
      }
    }
    default:
      break // permanent (and a verification that failed without a reason): by errcode below
  }
  if (result.retry === 'too-long') {
    const shrink = item.shrink / 2
    if (shrink < MIN_SHRINK) return { kind: 'fail', reason: say('reason.tooLong', { reason }) }
    return { kind: 'shrink', shrink }
  }
  if (result.retry === 'robot-gone') {
    if (policy.otherRobotLive) return { kind: 'set-aside-robot', robotError: result.explanation }
    return { kind: 'fail', reason, setAsideRobot: result.explanation }
  }
  return { kind: 'fail', reason }
}

/** What to do with an extra message (mention, summary) after a send. */
export type ExtraDecision =
  | { kind: 'done' }
  | { kind: 'rest-robot'; until: number }
  | { kind: 'retry'; at: number; attempts: number }

/** Extras are best effort: dropped once sent, refused for good, or tried five times. */
export function decideExtra(
  result: SendResult,
  attempts: number,
  now: number,
  policy: Pick<RetryPolicy, 'windowMs' | 'backoff'>,
): ExtraDecision {
  if (result.ok || result.outcome === 'permanent' || attempts >= 5) return { kind: 'done' }
  if (result.outcome === 'rate_limited') return { kind: 'rest-robot', until: now + policy.windowMs }
  return { kind: 'retry', at: now + policy.backoff(attempts + 1), attempts: attempts + 1 }
}
