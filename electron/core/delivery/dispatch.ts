import type { Channel, Settings } from '../settings/schema'
import { takeWithinCaps } from './caps'
import { nextMessage, type ChannelRuntime } from './channel'
import { takeUnheld, type Held } from './hold'
import type { OutcomeRecorder } from './outcomes'
import { maxPerMessage } from './per-type'
import { MAX_DIGEST_SCAN, resendTimes, type WorkItem } from './queue'
import type { Robot } from './robots'
import { sendAlerts, sendExtra, type SendContext } from './send'
import { stormStep, stormWake } from './storm'
import type { OutboxWindow } from './outbox-window'

/** What one step of a channel's pump needs of the engine. */
export interface DispatchContext {
  send: SendContext
  record: OutcomeRecorder
  outbox: OutboxWindow
  windowMs: number
  app: () => Settings['app']
  /** Keeps a send's promise until it settles (the engine waits for them at stop). */
  track: (p: Promise<void>) => void
  /** What holds a work item now (a mute or an acknowledgement), if anything can. */
  hold?: (item: WorkItem, cfg: Channel) => Held | undefined
}

/**
 * Takes the next message's worth of a channel's work and sends it on `robot`: an extra message
 * first (cap summaries, notices, follow-ups), then a storm's step, then alerts within the caps as
 * one message or a digest. Returns false when nothing was taken.
 */
export function dispatch(
  x: DispatchContext,
  ch: ChannelRuntime,
  cfg: Channel,
  robot: Robot,
  now: number,
): boolean {
  const extra = ch.queue.nextExtra(now)
  if (extra) {
    extra.inFlight = true
    x.track(sendExtra(x.send, ch, cfg, robot, extra))
    return true
  }
  // Storms (#17): a summary first, details paced after it (storm.ts).
  const app = x.app()
  const storm = stormStep({
    ch,
    cfg,
    robot,
    now,
    windowMs: x.windowMs,
    timeZone: app.timeZone,
    linkBaseUrl: app.linkBaseUrl,
    send: x.send,
    track: x.track,
    takeReady: () => unheld(x, ch, cfg, now, Infinity),
    waiting: (label) => x.outbox.waiting(ch, label),
  })
  if (storm === 'taken') return true
  if (storm === 'wait') return false
  // Caps: alerts over the hourly or daily cap are recorded as throttled, never silently dropped.
  const { taken: eligible, held } = takeWithinCaps(
    unheld(x, ch, cfg, now, MAX_DIGEST_SCAN),
    ch.caps,
    cfg.throttle,
    MAX_DIGEST_SCAN,
  )
  for (const { item, reason } of held)
    void x.record.state({
      alertIds: [item.brief.id],
      channel: ch.name,
      state: 'throttled',
      reason,
      resends: resendTimes([item]),
    })
  ch.queue.remove(held.map((h) => h.item))
  if (!eligible.length) return false
  const { items, kind, messages } = nextMessage(
    eligible.slice(0, maxPerMessage(cfg)),
    // During a storm the summaries ring the people on call; its details never do.
    storm === 'details' ? { ...cfg, mentionMobiles: [], mentionUserIds: [] } : cfg,
    app.timeZone,
    app.linkBaseUrl,
  )
  for (const i of items) i.inFlight = true
  x.track(sendAlerts(x.send, ch, cfg, robot, items, kind, messages))
  return true
}

/**
 * Up to `max` ready alerts nothing holds. A mute or acknowledgement made while an alert waited
 * holds it now (recorded), before caps, digests and storm summaries.
 */
function unheld(x: DispatchContext, ch: ChannelRuntime, cfg: Channel, now: number, max: number) {
  const hold = x.hold
  const taken = takeUnheld(ch.queue, now, max, hold && ((item: WorkItem) => hold(item, cfg)))
  for (const h of taken.held)
    void x.record.state({ alertIds: [h.item.brief.id], channel: ch.name, ...h.held })
  return taken.ready
}

/** When the channel's pump should look again: its next due item once a robot is free, or a storm's close. */
export function nextWake(ch: ChannelRuntime, now: number): number | undefined {
  const due = ch.queue.nextDue(now)
  // Nothing queued: a storm may still be waiting to close.
  if (due === undefined) return stormWake(ch) || undefined
  const free = ch.pool.nextFree(now)
  if (free === undefined) return undefined
  return Math.max(due, free, now + 5, stormWake(ch))
}
