import { stateCode, type AlertIndex } from './alert-index'
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
function emptyBars(start: number, end: number, buckets: number) {
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

/**
 * The same bars from the index alone (no alert is read from disk): what the History page's chart
 * asks for, whatever the history holds.
 */
export function indexChart(
  x: AlertIndex,
  start: number,
  end: number,
  buckets: number,
  keep?: (i: number) => boolean,
): ChartBucket[] {
  const { out, barAt } = emptyBars(start, end, buckets)
  const [failed, pending, delivered] = (['failed', 'pending', 'delivered'] as const).map(stateCode)
  const time = x.a.time.data
  const s = x.s
  for (let i = x.firstAtOrAfter(start); i < x.size; i++) {
    const t = time[i]!
    if (t > end) break
    if (keep && !keep(i)) continue
    let worst = 3 // other
    for (let k = x.a.slotHead.data[i]!; k !== -1; k = s.next.data[k]!) {
      const st = s.state.data[k]
      if (st === failed) worst = 0
      else if (st === pending) worst = Math.min(worst, 1)
      else if (st === delivered) worst = Math.min(worst, 2)
    }
    const b = barAt(t)
    if (worst === 0) b.failed++
    else if (worst === 1) b.pending++
    else if (worst === 2) b.delivered++
    else b.other++
  }
  return out
}
