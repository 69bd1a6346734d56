import { stateName, type AlertIndex } from './alert-index'
import type { CsvRow } from './export'
import type {
  AlertRecord,
  AttemptRecord,
  ChannelDelivery,
  DeliveryRecord,
  HistoryEntry,
} from './records'
import type { SegmentReader } from './segment-files'

/** Builds history entries from the index and the records it points to on disk. */
export class EntryReader {
  /** Attempts read lately: a digest attempt is shared by the alerts it carried. */
  readonly #attempts = new Map<string, AttemptRecord>()

  constructor(private readonly reader: SegmentReader) {}

  /** The whole entry at position `i`: its alert, each channel's latest state, its attempts. */
  read(x: AlertIndex, i: number): HistoryEntry | undefined {
    const rec = this.reader.read<AlertRecord>(x.loc(i))
    if (!rec?.alert) return undefined
    const entry: HistoryEntry = {
      alert: rec.alert,
      targets: rec.targets ?? [],
      skipped: rec.skipped ?? [],
      deliveries: {},
      attempts: [],
    }
    const at = rec.alert.receivedAt
    for (const slot of x.slots(i)) {
      const channel = x.channels.values[x.s.chan.data[slot]!]!
      const state = stateName(x.s.state.data[slot]!)
      const len = x.s.len.data[slot]!
      const d = len
        ? this.reader.read<DeliveryRecord>({
            seg: x.s.seg.data[slot]!,
            off: x.s.off.data[slot]!,
            len,
          })
        : undefined
      if (d) entry.deliveries[channel] = deliveryOf(d)
      else if (state === 'skipped')
        entry.deliveries[channel] = {
          state,
          at,
          reason: entry.skipped.find((s) => s.channel === channel)?.reason,
        }
      else entry.deliveries[channel] = { state, at }
    }
    for (const loc of x.links(i)) {
      const key = `${loc.seg}:${loc.off}`
      let a = this.#attempts.get(key)
      if (!a) {
        a = this.reader.read<AttemptRecord>(loc)
        if (!a) continue
        this.#attempts.set(key, a)
        if (this.#attempts.size > 256) this.#attempts.delete(this.#attempts.keys().next().value!)
      }
      entry.attempts.push(a)
    }
    return entry
  }

  /** What a CSV row needs: one read (the alert); states and attempt counts come from the index. */
  csvRow(x: AlertIndex, i: number): CsvRow | undefined {
    const alert = this.reader.read<AlertRecord>(x.loc(i))?.alert
    if (!alert) return undefined
    const states = x
      .slots(i)
      .map((k): [string, string] => [
        x.channels.values[x.s.chan.data[k]!]!,
        stateName(x.s.state.data[k]!),
      ])
    return { alert, states, attempts: x.links(i).length }
  }
}

/** A delivery record as the entry keeps it (per channel). */
export function deliveryOf(r: DeliveryRecord): ChannelDelivery {
  return {
    state: r.state,
    at: r.at,
    reason: r.reason,
    via: r.via,
    attemptId: r.attemptId,
    aggregatedInto: r.aggregatedInto,
    repeats: r.repeats,
    resentAt: r.resentAt,
  }
}
