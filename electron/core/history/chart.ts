import type { HistoryEntry } from './records'

/** One bar of the History chart: alerts received in the bucket, by their worst delivery outcome. */
export interface ChartBucket {
  start: string
  delivered: number
  failed: number
  pending: number
  other: number
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
  const width = Math.max(1, (end - start) / buckets)
  const out = Array.from({ length: buckets }, (_, i) => ({
    start: new Date(start + i * width).toISOString(),
    delivered: 0,
    failed: 0,
    pending: 0,
    other: 0,
  }))
  for (const e of entries) {
    const t = Date.parse(e.alert.receivedAt)
    if (t > end) break
    const b = out[Math.min(buckets - 1, Math.max(0, Math.floor((t - start) / width)))]!
    const states = Object.values(e.deliveries).map((d) => d.state)
    if (states.includes('failed')) b.failed++
    else if (states.includes('pending')) b.pending++
    else if (states.includes('delivered')) b.delivered++
    else b.other++
  }
  return out
}
