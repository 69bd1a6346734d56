import type { HistoryStore } from '../history/history-store'
import type { PendingDelivery } from '../history/outbox'
import type { Channel } from '../settings/schema'
import { aggregationKey } from './aggregator'
import type { ChannelRuntime } from './channel'
import type { OutboxWindow } from './outbox-window'

/**
 * The delivery engine's start-up recovery: what the history says about the time before the start,
 * put back into the channels' runtimes.
 */

/**
 * Rebuilds aggregation windows and cap counters from the history: the alerts delivered within
 * the longest aggregation window (a day at least). Only delivered alerts are read from disk (a
 * busy day holds many).
 */
export function rebuildWindows(
  history: Pick<HistoryStore, 'deliveredSince'>,
  channels: ReadonlyMap<string, ChannelRuntime>,
  settings: readonly Channel[],
  now: number,
): void {
  const maxWindow = Math.max(86_400_000, ...settings.map((c) => c.aggregate.windowSeconds * 1000))
  for (const d of history.deliveredSince(new Date(now - maxWindow).toISOString())) {
    const ch = channels.get(d.channel)
    const alert = ch && d.alert()
    if (!ch || !alert) continue
    ch.aggregator.sent(aggregationKey(alert), d.at, 0, alert.id)
    ch.caps.countPast(d.at)
  }
}

/**
 * Reads the outbox as it is now into each channel's queue, up to its window, a channel per turn
 * of the event loop so the listener answers meanwhile; the rest is counted on disk and read as
 * the queue drains (`outbox-window.ts`), and what arrives from here on waits behind it.
 * Deliveries pending on a channel that no longer exists go to `gone` (recorded failed). False when
 * the engine stopped meanwhile.
 *
 * Only the outbox's mark is set at once (what arrives from then on waits on disk behind it); the
 * reads (`rebuild`, then the channels' windows) begin on the next turn, once the caller has
 * started the listener: with 100,000 alerts waiting they held the start for about 400 ms.
 */
export async function readOutbox(x: {
  outbox: OutboxWindow
  channels: readonly ChannelRuntime[]
  /** Rebuilds what the channels remember of past sends, before any alert is queued. */
  rebuild: () => void
  fill: (ch: ChannelRuntime) => number
  gone: (row: PendingDelivery) => void
  stopping: () => boolean
}): Promise<boolean> {
  const t0 = performance.now()
  x.outbox.begin(x.channels, x.gone)
  await new Promise((r) => setImmediate(r))
  if (x.stopping()) return false
  x.rebuild()
  let queued = 0
  for (const ch of x.channels) {
    queued += x.fill(ch)
    await new Promise((r) => setImmediate(r))
    if (x.stopping()) return false
  }
  const waiting = x.channels.reduce((n, ch) => n + ch.onDisk, 0)
  if (queued || waiting)
    console.log(
      `delivery: re-queued ${queued} pending delivery(ies) from the history in ${Math.round(performance.now() - t0)} ms` +
        (waiting ? `; ${waiting} more wait in the outbox, read as the queues drain.` : '.'),
    )
  return true
}
