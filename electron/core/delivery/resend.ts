import type { HistoryEntry } from '../history/records'
import type { ChannelQueue } from './queue'

/**
 * The time that names a resend by hand of `entry` on `channel` (its delivery id is made from it):
 * `now` (the engine's clock), and after any earlier resend's, so two resends never share an id. When
 * the alert still waits on the channel the resend joins that delivery and keeps its time (none
 * for the alert's own delivery).
 */
export function resendTime(
  queue: ChannelQueue | undefined,
  entry: HistoryEntry,
  channel: string,
  now = Date.now(),
): string | undefined {
  const waiting = queue?.items.find((i) => i.brief.id === entry.alert.id)
  if (waiting) return waiting.resentAt
  const before = Date.parse(entry.deliveries[channel]?.resentAt ?? '') || 0
  return new Date(Math.max(now, before + 1)).toISOString()
}
