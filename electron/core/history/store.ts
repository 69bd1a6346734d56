import { unlink } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import type { Alert } from '../alerts/model'
import { stateCode, type AlertIndex } from './alert-index'
import { exportChunks } from './export'
import { JsonlWriter } from './jsonl-writer'
import { historyQuerySchema, type HistoryQuery } from './query'
import type {
  AlertRecord,
  AttemptRecord,
  DeliveryRecord,
  HistoryEntry,
  HistoryRecord,
} from './records'
import { matching } from './search'
import { indexChart, type ChartBucket } from './chart'
import { EntryReader } from './entries'
import { applyRecord, dropExpired, loadHistory, snapshotMarks, type LoadedHistory } from './load'
import { SegmentReader, segmentName } from './segment-files'
import { writeSnapshot } from './snapshot'

export interface HistoryOptions {
  dir: string
  /** Rotate to a new segment past this size. */
  segmentBytes?: number
  maxAlerts?: number
  maxAgeDays?: number
  /** Where the index snapshot goes: beside the folder, so the folder holds segments only. */
  snapshotPath?: string
}

export interface QueryResult {
  items: HistoryEntry[]
  total: number
}

/**
 * A snapshot is written this many records after the last one, or a fifth of the index if more
 * (its cost grows with the index; the tail a start replays stays small), and at every clean stop.
 */
const SNAPSHOT_EVERY = 20_000
const SNAPSHOT_DELAY_MS = 2000

/**
 * The durable local history: every alert and every delivery attempt, as append-only JSON Lines in
 * rotated segments. Memory holds a compact index (see AlertIndex) and the newest entries; details
 * are read from disk by offset. The index is snapshotted, so a start reads only what was written
 * after the snapshot. It doubles as the outbox: an alert's targets without a final delivery
 * record are still to be sent, after a crash too.
 */
export class HistoryStore {
  readonly #index: AlertIndex
  readonly #reader: SegmentReader
  /** Segment numbers, oldest first, and how many of their bytes the index has read. */
  readonly #segments: number[]
  readonly #covered: Map<number, number>
  readonly #live = new Map<string, HistoryEntry>()
  readonly #entries: EntryReader
  #writer!: JsonlWriter
  #writerSeq = 0
  #segmentSeq: number
  #addedSinceRetention = 0
  #rotating?: Promise<void>
  #unsaved = 0
  #snapshotTimer?: NodeJS.Timeout
  #snapshotting: Promise<void> = Promise.resolve()
  readonly #snapshotPath: string
  /** Lines that could not be read at start (a torn last write after a crash, or damage). */
  readonly skippedLines: string[]
  /** How the index was loaded: from a snapshot (and how many bytes were replayed) or rebuilt. */
  readonly loadInfo: LoadedHistory['loadInfo']

  private constructor(
    private readonly options: Required<HistoryOptions>,
    loaded: LoadedHistory,
  ) {
    this.#reader = new SegmentReader(options.dir)
    this.#entries = new EntryReader(this.#reader)
    this.#snapshotPath = options.snapshotPath
    this.#index = loaded.index
    this.#segments = loaded.segments
    this.#covered = loaded.covered
    this.#segmentSeq = loaded.segmentSeq
    this.skippedLines = loaded.skippedLines
    this.loadInfo = loaded.loadInfo
  }

  static async open(options: HistoryOptions): Promise<HistoryStore> {
    const dir = resolve(options.dir)
    const full: Required<HistoryOptions> = {
      segmentBytes: 8 * 1024 * 1024,
      maxAlerts: 50_000,
      maxAgeDays: 30,
      snapshotPath: join(dirname(dir), `${basename(dir)}.index`),
      ...options,
    }
    const store = new HistoryStore(full, await loadHistory(full.dir, full.snapshotPath))
    store.#enforceRetention()
    await store.#openWriter()
    return store
  }

  /** Opens the segment to append to: the last one if it has room, else a new one. */
  async #openWriter(): Promise<void> {
    const last = this.#segments.at(-1)
    if (last !== undefined && (this.#covered.get(last) ?? 0) < this.options.segmentBytes) {
      this.#writer = await JsonlWriter.open(join(this.options.dir, segmentName(last)))
      this.#writerSeq = last
    } else {
      await this.#rotate()
    }
  }

  async #rotate(): Promise<void> {
    const old = this.#writer
    const seq = ++this.#segmentSeq
    this.#writer = await JsonlWriter.open(join(this.options.dir, segmentName(seq)))
    this.#writerSeq = seq
    this.#segments.push(seq)
    this.#covered.set(seq, 0)
    await old?.close()
  }

  async #write(records: HistoryRecord[]): Promise<void> {
    if (this.#writer.size >= this.options.segmentBytes) {
      // One rotation at a time: every write that sees a full segment waits for the same one
      // (racing rotations opened segments that were never closed).
      this.#rotating ??= this.#rotate().finally(() => (this.#rotating = undefined))
      await this.#rotating
    }
    // The writer and its segment are taken together, before any await: the records belong to the
    // segment they are written to, whatever rotates meanwhile (retention deletes by segment).
    const writer = this.#writer
    const seq = this.#writerSeq
    const lines = records.map((r) => JSON.stringify(r))
    await writer.append(lines, (offset) => {
      // Indexed the moment they are durable, in file order: the snapshot's marks stay exact.
      let off = offset
      for (const [k, line] of lines.entries()) {
        const len = Buffer.byteLength(line)
        applyRecord(this.#index, records[k]!, { seg: seq, off, len }, this.#live)
        off += len + 1
      }
      this.#covered.set(seq, off)
    })
    this.#unsaved += records.length
    if (this.#unsaved >= Math.max(SNAPSHOT_EVERY, this.#index.size / 5) && !this.#snapshotTimer)
      // Once, a little later (not on a timer that polls): a burst is saved once it is over.
      this.#snapshotTimer = setTimeout(() => {
        this.#snapshotTimer = undefined
        void this.#saveSnapshot()
      }, SNAPSHOT_DELAY_MS).unref()
  }

  /** Writes the index snapshot (one at a time; failures only cost a slower start). */
  #saveSnapshot(): Promise<void> {
    this.#snapshotting = this.#snapshotting.then(async () => {
      this.#unsaved = 0
      const marks = snapshotMarks(this.options.dir, this.#segments, this.#covered)
      await writeSnapshot(this.#snapshotPath, this.#index, marks).catch((err: Error) =>
        console.error(`history: the index snapshot was not saved (${err.message}).`),
      )
    })
    return this.#snapshotting
  }

  /**
   * Stores alerts durably (fsync) with their routing; only then do they exist. Returns their
   * entries as stored. Throws if the disk refuses.
   */
  async addAlerts(records: Array<Omit<AlertRecord, 't'>>): Promise<HistoryEntry[]> {
    await this.#write(records.map((r) => ({ t: 'alert', ...r })))
    const entries = records.flatMap((r) => this.get(r.alert.id) ?? [])
    // Retention scans everything: run it once per tenth of the limit added, not on every write
    // (when alerts are still pending it cannot shrink the store, and would run again at once).
    this.#addedSinceRetention += records.length
    if (
      this.#index.size > this.options.maxAlerts &&
      this.#addedSinceRetention >= this.options.maxAlerts / 10
    ) {
      this.#addedSinceRetention = 0
      // In the background, and never able to take the process down with it.
      this.#enforceRetentionOnDisk().catch((err: Error) =>
        console.error(`history: retention failed (${err.message}); it runs again later.`),
      )
    }
    return entries
  }

  async addAttempt(attempt: Omit<AttemptRecord, 't'>): Promise<void> {
    await this.#write([{ t: 'attempt', ...attempt }])
  }

  /**
   * Stores an attempt and the delivery states it settled in one write, so that no reader (and no
   * crash) sees the attempt without its consequences.
   */
  async addOutcome(
    attempt: Omit<AttemptRecord, 't'>,
    records: Array<Omit<DeliveryRecord, 't'>>,
  ): Promise<void> {
    await this.#write([
      { t: 'attempt', ...attempt },
      ...records.map((r) => ({ t: 'delivery' as const, ...r })),
    ])
  }

  async setDeliveries(records: Array<Omit<DeliveryRecord, 't'>>): Promise<void> {
    if (records.length) await this.#write(records.map((r) => ({ t: 'delivery', ...r })))
  }

  /** The entry at index position `i`: from memory if recent, else read from disk. */
  #entry(i: number): HistoryEntry | undefined {
    return this.#live.get(this.#index.ids[i]!) ?? this.#entries.read(this.#index, i)
  }

  get(id: string): HistoryEntry | undefined {
    const live = this.#live.get(id)
    if (live) return live
    const i = this.#index.find(id)
    return i === -1 ? undefined : this.#entry(i)
  }

  get size(): number {
    return this.#index.size
  }

  /** Every alert × channel still to be sent, oldest first: the outbox. */
  pending(): Array<{ entry: HistoryEntry; channel: string }> {
    const out: Array<{ entry: HistoryEntry; channel: string }> = []
    for (let i = 0; i < this.#index.size; i++) {
      if (!this.#index.isPending(i)) continue
      const entry = this.#entry(i)
      if (!entry) continue
      for (const [channel, d] of Object.entries(entry.deliveries))
        if (d.state === 'pending') out.push({ entry, channel })
    }
    return out
  }

  /** The `n` newest alerts, newest first, without scanning the rest (the tray's recent list). */
  latest(n: number): HistoryEntry[] {
    const out: HistoryEntry[] = []
    for (let i = this.#index.size - 1; i >= 0 && out.length < n; i--) {
      const e = this.#entry(i)
      if (e) out.push(e)
    }
    return out
  }

  /** Every alert received since `fromIso`, oldest first. */
  recent(fromIso: string): HistoryEntry[] {
    const out: HistoryEntry[] = []
    for (let i = this.#index.firstAtOrAfter(Date.parse(fromIso)); i < this.#index.size; i++) {
      const e = this.#entry(i)
      if (e) out.push(e)
    }
    return out
  }

  /**
   * Each delivered alert × channel among the alerts received since `fromIso`, oldest first, with
   * when it was delivered; the alert itself is read from disk only when asked for. What the
   * delivery engine rebuilds its aggregation windows and caps from at start.
   */
  *deliveredSince(
    fromIso: string,
  ): Generator<{ alertId: string; channel: string; at: number; alert(): Alert | undefined }> {
    const x = this.#index
    const delivered = stateCode('delivered')
    for (let i = x.firstAtOrAfter(Date.parse(fromIso)); i < x.size; i++) {
      for (const k of x.slots(i)) {
        if (x.s.state.data[k] !== delivered) continue
        const alertId = x.ids[i]!
        yield {
          alertId,
          channel: x.channels.values[x.s.chan.data[k]!]!,
          at: x.s.at.data[k]!,
          alert: () =>
            this.#live.get(alertId)?.alert ?? this.#reader.read<AlertRecord>(x.loc(i))?.alert,
        }
      }
    }
  }

  /** The History chart's bars from `start` to `end` (epoch ms), counted on the index alone. */
  /** The chart's bars; with filters, only the alerts the list shows under the same filters. */
  chart(
    start: number,
    end: number,
    buckets: number,
    filters?: Omit<HistoryQuery, 'from' | 'to' | 'offset' | 'limit'>,
  ): ChartBucket[] {
    const filtered = filters && Object.values(filters).some((v) => v !== undefined && v !== '')
    if (!filtered) return indexChart(this.#index, start, end, buckets)
    const q = historyQuerySchema.parse({
      ...filters,
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
    })
    const shown = new Uint8Array(this.#index.size)
    for (const i of matching(this.#index, q, (i) => this.#entry(i))) shown[i] = 1
    return indexChart(this.#index, start, end, buckets, (i) => shown[i] === 1)
  }

  /** Newest first, filtered, paged. */
  query(input: HistoryQuery = {}): QueryResult {
    const q = historyQuerySchema.parse(input)
    const all = matching(this.#index, q, (i) => this.#entry(i))
    const items = all
      .slice(q.offset, q.offset + q.limit)
      .map((i) => this.#entry(i))
      .filter((e) => e !== undefined)
    return { items, total: all.length }
  }

  /** What an export reads, one at a time: whole entries (JSON), or the alert and the index's states (CSV). */
  #exportSource(input: HistoryQuery): Parameters<typeof exportChunks>[1] {
    const q = historyQuerySchema.parse({ ...input, offset: 0, limit: 1000 })
    const x = this.#index
    const found = () => matching(x, q, (i) => this.#entry(i))
    const entry = (i: number) => this.#entry(i)
    const entries = this.#entries
    return {
      *entries() {
        for (const i of found()) {
          const e = entry(i)
          if (e) yield e
        }
      },
      *rows() {
        for (const i of found()) {
          const row = entries.csvRow(x, i)
          if (row) yield row
        }
      },
    }
  }

  /** JSON or CSV of a query's matches (all pages), with every given secret masked. */
  export(format: 'json' | 'csv', input: HistoryQuery, secrets: Array<string | undefined>): string {
    return [...exportChunks(format, this.#exportSource(input), secrets)].join('')
  }

  /** The same as `export`, as a stream: memory stays flat whatever the history holds. */
  exportStream(
    format: 'json' | 'csv',
    input: HistoryQuery,
    secrets: Array<string | undefined>,
  ): Readable {
    return Readable.from(exportChunks(format, this.#exportSource(input), secrets))
  }

  /** Drops alerts past the count and age limits from memory; never one that is still pending. */
  #enforceRetention(): void {
    dropExpired(this.#index, this.#live, this.options.maxAlerts, this.options.maxAgeDays)
  }

  /** Retention, then deletes whole segments none of whose alerts are kept (never the one being written). */
  async #enforceRetentionOnDisk(): Promise<void> {
    const before = this.#index.size
    this.#enforceRetention()
    // Records only refer to alerts written before them: the segments before the oldest one
    // holding a kept alert hold nothing that is kept.
    let oldest = this.#writerSeq
    const seg = this.#index.a.seg.data
    for (let i = 0; i < this.#index.size; i++) if (seg[i]! < oldest) oldest = seg[i]!
    let deleted = false
    while (this.#segments.length > 1 && this.#segments[0]! < oldest) {
      const seq = this.#segments.shift()!
      this.#covered.delete(seq)
      this.#reader.forget(seq)
      await unlink(join(this.options.dir, segmentName(seq))).catch(() => {})
      deleted = true
    }
    // The snapshot must not name deleted segments (a start would then rebuild from scratch).
    if (deleted || this.#index.size < before) await this.#saveSnapshot()
  }

  /** Applies retention now (start-up does it too; the relay calls this hourly). */
  compact(): Promise<void> {
    return this.#enforceRetentionOnDisk()
  }

  async close(): Promise<void> {
    clearTimeout(this.#snapshotTimer)
    this.#snapshotTimer = undefined
    await this.#writer.close()
    await this.#saveSnapshot()
    this.#reader.close()
  }
}

export type { Alert }
