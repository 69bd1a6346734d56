import type { HistoryEntry } from './records'

/** One bar of the History chart: alerts received in the bucket, by their worst delivery outcome. */
export interface ChartBucket {
  start: string
  delivered: number
  failed: number
  pending: number
  other: number
}

/** `buckets` empty bars of equal width from `start` to `end` (epoch ms), and the bar an instant falls in. */
export function emptyBars(start: number, end: number, buckets: number) {
  const width = Math.max(1, (end - start) / buckets)
  const out: ChartBucket[] = Array.from({ length: buckets }, (_, i) => ({
    start: new Date(start + i * width).toISOString(),
    delivered: 0,
    failed: 0,
    pending: 0,
    other: 0,
  }))
  const barAt = (t: number) =>
    out[Math.min(buckets - 1, Math.max(0, Math.floor((t - start) / width)))]!
  return { out, barAt }
}

/**
 * Counts `entries` (oldest first, from `start` on) into `buckets` equal bars from `start` to `end`
 * (epoch ms). An alert counts once: failed if any channel failed, else pending, else delivered.
 */
export function chartBuckets(
  entries: Iterable<HistoryEntry>,
  start: number,
  end: number,
  buckets: number,
): ChartBucket[] {
  const { out, barAt } = emptyBars(start, end, buckets)
  for (const e of entries) {
    const t = Date.parse(e.alert.receivedAt)
    if (t > end) break
    const b = barAt(t)
    const states = Object.values(e.deliveries).map((d) => d.state)
    if (states.includes('failed')) b.failed++
    else if (states.includes('pending')) b.pending++
    else if (states.includes('delivered')) b.delivered++
    else b.other++
  }
  return out
}
