import { aggregationKey, type Aggregator } from './aggregator'
import { timeOfDay } from '../time/time-zone'
import { workItem, type AlertBrief, type ChannelQueue, type QueuedEntry } from './queue'
import { say } from '../text/core-text'
import type { CoreText } from '../text/core-text'

/** What became of an alert offered to a channel's queue. */
export type Intake =
  | { kind: 'queued' }
  /** Already queued (a recovered alert seen twice): nothing to do. */
  | { kind: 'present' }
  /** A repeat, counted on the alert it was folded into; record it as aggregated. */
  | { kind: 'folded'; into?: string; reason: CoreText }

export interface IntakeOptions {
  /** The channel folds repeats (aggregate.enabled). */
  aggregate: boolean
  windowSeconds: number
  /** From the outbox after a restart, or resent by hand: never folded, keeps its place in time. */
  recovered: boolean
  /** When a person resent it by hand, as the history records it (see WorkItem.resentAt). */
  resentAt?: string
  /** The user's time zone, resolved: the times a reason names are in it. */
  timeZone: string
  /** What is read of the alert without loading it (default: the entry's alert itself). */
  brief?: AlertBrief
  /** When it arrived, if not now (read from the outbox on disk after waiting there). */
  enqueuedAt?: number
}

/**
 * Offers an alert to a channel's queue: a repeat of an alert still waiting is counted on it; a
 * repeat of one sent within the aggregation window is counted for the next send; anything else
 * is queued.
 */
export function intake(
  queue: ChannelQueue,
  aggregator: Aggregator,
  entry: QueuedEntry,
  now: number,
  o: IntakeOptions,
): Intake {
  const brief = o.brief ?? entry.alert
  const key = aggregationKey(brief)
  if (!o.recovered && o.aggregate) {
    const queued = queue.queuedWith(key)
    if (queued) {
      if (queued.inFlight) queued.lateRepeats++
      else queued.repeats++
      queued.firstRepeatAt ??= now
      return {
        kind: 'folded',
        into: queued.brief.id,
        reason: say('reason.folded', { id: queued.brief.id }),
      }
    }
    const decision = aggregator.decide(key, now)
    if (decision.action === 'fold')
      return {
        kind: 'folded',
        into: decision.alertId,
        reason: say('reason.repeat', {
          time: timeOfDay(decision.sentAt, o.timeZone),
          seconds: o.windowSeconds,
        }),
      }
    queue.push(
      workItem(entry, key, now, {
        repeats: decision.repeats,
        firstRepeatAt: decision.firstRepeatAt,
        brief,
        enqueuedAt: o.enqueuedAt,
      }),
    )
    return { kind: 'queued' }
  }
  if (queue.has(brief.id)) return { kind: 'present' }
  queue.push(
    workItem(entry, key, now, {
      enqueuedAt: o.recovered ? Date.parse(brief.receivedAt) || now : now,
      resentAt: o.resentAt,
      brief,
    }),
  )
  return { kind: 'queued' }
}
