import { createReadStream } from 'node:fs'
import { lstat, mkdir, readdir, stat, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { Alert } from '../alerts/model'
import { redact } from '../secrets/mask'
import { JsonlWriter } from './jsonl-writer'
import { historyQuerySchema, type HistoryQuery } from './query'
import {
  FINAL_STATES,
  type AlertRecord,
  type AttemptRecord,
  type DeliveryRecord,
  type HistoryEntry,
  type HistoryRecord,
} from './records'

export interface HistoryOptions {
  dir: string
  /** Rotate to a new segment past this size. */
  segmentBytes?: number
  maxAlerts?: number
  maxAgeDays?: number
}

export interface QueryResult {
  items: HistoryEntry[]
  total: number
}

interface Segment {
  name: string
  alertIds: Set<string>
}

const SEGMENT = /^segment-(\d{6})\.jsonl$/

/**
 * The durable local history: every alert and every delivery attempt, as append-only JSON Lines in
 * rotated segments, with an in-memory index for queries. It doubles as the outbox: an alert's
 * targets without a final delivery record are still to be sent, after a crash too.
 *
 * Kept behind this one class so the storage could change (SQLite, say) without touching callers.
 */
export class HistoryStore {
  #entries: HistoryEntry[] = []
  readonly #byId = new Map<string, HistoryEntry>()
  readonly #attempts = new Map<string, AttemptRecord>()
  readonly #segments: Segment[] = []
  readonly #searchText = new WeakMap<HistoryEntry, string>()
  #writer!: JsonlWriter
  #segmentSeq = 0
  #addedSinceRetention = 0
  #rotating?: Promise<void>
  /** Lines that could not be read at start (a torn last write after a crash, or damage). */
  readonly skippedLines: string[] = []

  private constructor(private readonly options: Required<HistoryOptions>) {}

  static async open(options: HistoryOptions): Promise<HistoryStore> {
    const store = new HistoryStore({
      segmentBytes: 8 * 1024 * 1024,
      maxAlerts: 50_000,
      maxAgeDays: 30,
      ...options,
    })
    await store.#load()
    return store
  }

  async #load(): Promise<void> {
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 })
    const names = (await readdir(this.options.dir)).filter((n) => SEGMENT.test(n)).sort()
    for (const name of names) {
      const path = join(this.options.dir, name)
      const segment: Segment = { name, alertIds: new Set() }
      this.#segments.push(segment)
      this.#segmentSeq = Math.max(this.#segmentSeq, Number(SEGMENT.exec(name)![1]))
      // Only regular files hold history (a device or fifo in its place is not read).
      if (!(await stat(path)).isFile()) continue
      const lines = createInterface({
        input: createReadStream(path, { encoding: 'utf8' }),
        crlfDelay: Infinity,
      })
      let n = 0
      for await (const line of lines) {
        n++
        if (!line.trim()) continue
        let record: HistoryRecord
        try {
          record = JSON.parse(line) as HistoryRecord
        } catch {
          this.skippedLines.push(`${name}:${n}`)
          continue
        }
        this.#apply(record, segment)
      }
    }
    this.#enforceRetention()
    const last = this.#segments.at(-1)
    const lastPath = last && join(this.options.dir, last.name)
    if (last && (await lstat(lastPath!)).size < this.options.segmentBytes) {
      this.#writer = await JsonlWriter.open(lastPath!)
    } else {
      await this.#rotate()
    }
  }

  #apply(record: HistoryRecord, segment: Segment): void {
    switch (record.t) {
      case 'alert': {
        if (!record.alert?.id || this.#byId.has(record.alert.id)) return
        const entry: HistoryEntry = {
          alert: record.alert,
          targets: record.targets ?? [],
          skipped: record.skipped ?? [],
          deliveries: {},
          attempts: [],
        }
        for (const c of entry.targets)
          entry.deliveries[c] = { state: 'pending', at: record.alert.receivedAt }
        for (const s of entry.skipped)
          entry.deliveries[s.channel] = {
            state: 'skipped',
            at: record.alert.receivedAt,
            reason: s.reason,
          }
        // Ids are time-ordered; concurrent requests can commit slightly out of order.
        const last = this.#entries.at(-1)
        if (!last || last.alert.id < entry.alert.id) this.#entries.push(entry)
        else {
          let i = this.#entries.length - 1
          while (i > 0 && this.#entries[i - 1]!.alert.id > entry.alert.id) i--
          this.#entries.splice(i, 0, entry)
        }
        this.#byId.set(entry.alert.id, entry)
        segment.alertIds.add(entry.alert.id)
        return
      }
      case 'attempt': {
        this.#attempts.set(record.id, record)
        for (const id of record.alertIds) this.#byId.get(id)?.attempts.push(record)
        return
      }
      case 'delivery': {
        const entry = this.#byId.get(record.alertId)
        if (!entry) return
        entry.deliveries[record.channel] = {
          state: record.state,
          at: record.at,
          reason: record.reason,
          via: record.via,
          attemptId: record.attemptId,
          aggregatedInto: record.aggregatedInto,
          repeats: record.repeats,
        }
      }
    }
  }

  async #rotate(): Promise<void> {
    const old = this.#writer
    this.#segmentSeq++
    const name = `segment-${String(this.#segmentSeq).padStart(6, '0')}.jsonl`
    this.#writer = await JsonlWriter.open(join(this.options.dir, name))
    this.#segments.push({ name, alertIds: new Set() })
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
    const segment = this.#segments.at(-1)!
    await writer.append(records.map((r) => JSON.stringify(r)))
    for (const r of records) this.#apply(r, segment)
  }

  /**
   * Stores alerts durably (fsync) with their routing; only then do they exist. Returns their
   * entries as stored. Throws if the disk refuses.
   */
  async addAlerts(records: Array<Omit<AlertRecord, 't'>>): Promise<HistoryEntry[]> {
    await this.#write(records.map((r) => ({ t: 'alert', ...r })))
    const entries = records.flatMap((r) => this.#byId.get(r.alert.id) ?? [])
    // Retention scans everything: run it once per tenth of the limit added, not on every write
    // (when alerts are still pending it cannot shrink the store, and would run again at once).
    this.#addedSinceRetention += records.length
    if (
      this.#entries.length > this.options.maxAlerts &&
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

  get(id: string): HistoryEntry | undefined {
    return this.#byId.get(id)
  }

  get size(): number {
    return this.#entries.length
  }

  /** Every alert × channel still to be sent, oldest first: the outbox. */
  pending(): Array<{ entry: HistoryEntry; channel: string }> {
    const out: Array<{ entry: HistoryEntry; channel: string }> = []
    for (const entry of this.#entries) {
      for (const [channel, d] of Object.entries(entry.deliveries))
        if (d.state === 'pending') out.push({ entry, channel })
    }
    return out
  }

  /** The `n` newest alerts, newest first, without scanning the rest (the tray's recent list). */
  latest(n: number): HistoryEntry[] {
    return this.#entries.slice(-n).reverse()
  }

  /** Every alert received since `fromIso`, oldest first. */
  recent(fromIso: string): HistoryEntry[] {
    let lo = 0
    let hi = this.#entries.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#entries[mid]!.alert.receivedAt < fromIso) lo = mid + 1
      else hi = mid
    }
    return this.#entries.slice(lo)
  }

  /** Newest first, filtered, paged. */
  query(input: HistoryQuery = {}): QueryResult {
    const q = historyQuerySchema.parse(input)
    const items: HistoryEntry[] = []
    let total = 0
    for (const e of this.#matching(q)) {
      if (total >= q.offset && items.length < q.limit) items.push(e)
      total++
    }
    return { items, total }
  }

  /** Every entry matching the filters, newest first: one pass, shared by queries and exports. */
  *#matching(q: HistoryQuery): Generator<HistoryEntry> {
    const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)
    const from = q.from ? Date.parse(q.from) : -Infinity
    const to = q.to ? Date.parse(q.to) : Infinity
    for (let i = this.#entries.length - 1; i >= 0; i--) {
      const e = this.#entries[i]!
      const a = e.alert
      if (q.status && a.status !== q.status) continue
      if (q.level && a.vars.alarm_level !== q.level) continue
      if (q.source && a.source !== q.source) continue
      if (q.channel && !(q.channel in e.deliveries)) continue
      if (
        q.outcome &&
        !Object.entries(e.deliveries).some(
          ([c, d]) => d.state === q.outcome && (!q.channel || c === q.channel),
        )
      )
        continue
      const t = Date.parse(a.receivedAt)
      if (t < from || t > to) continue
      if (words.length) {
        const hay = this.#textOf(e)
        if (!words.every((w) => hay.includes(w))) continue
      }
      yield e
    }
  }

  #textOf(e: HistoryEntry): string {
    let t = this.#searchText.get(e)
    if (t === undefined) {
      const v = e.alert.vars
      t = [v.alarm_name, v.alarm_target, v.alarm_summary, v.alarm_description]
        .join('\n')
        .toLowerCase()
      this.#searchText.set(e, t)
    }
    return t
  }

  /** JSON or CSV of a query's matches (all pages), with every given secret masked. */
  export(format: 'json' | 'csv', input: HistoryQuery, secrets: Array<string | undefined>): string {
    const items = [
      ...this.#matching(historyQuerySchema.parse({ ...input, offset: 0, limit: 1000 })),
    ]
    if (format === 'json') return redact(JSON.stringify(items, null, 2), secrets)
    const cell = (v: unknown) => {
      const s = v === undefined || v === null ? '' : String(v)
      // Quote, and defuse spreadsheet formulas (CSV injection) from alert text.
      return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`
    }
    const header = [
      'received_at',
      'id',
      'source',
      'status',
      'level',
      'name',
      'target',
      'summary',
      'channels',
      'outcomes',
      'attempts',
    ]
    const rows = items.map((e) => {
      const v = e.alert.vars
      return [
        e.alert.receivedAt,
        e.alert.id,
        e.alert.source,
        e.alert.status,
        v.alarm_level,
        v.alarm_name,
        v.alarm_target,
        v.alarm_summary,
        Object.keys(e.deliveries).join(' '),
        Object.entries(e.deliveries)
          .map(([c, d]) => `${c}:${d.state}`)
          .join(' '),
        e.attempts.length,
      ]
        .map(cell)
        .join(',')
    })
    return redact([header.join(','), ...rows].join('\r\n') + '\r\n', secrets)
  }

  /** Drops alerts past the count and age limits from memory; never one that is still pending. */
  #enforceRetention(now = Date.now()): void {
    const cutoff = new Date(now - this.options.maxAgeDays * 86_400_000).toISOString()
    const excess = this.#entries.length - this.options.maxAlerts
    let removed = 0
    const keep: HistoryEntry[] = []
    for (const [i, e] of this.#entries.entries()) {
      const expired = i < excess || e.alert.receivedAt < cutoff
      const pending = Object.values(e.deliveries).some((d) => !FINAL_STATES.has(d.state))
      if (expired && !pending) {
        this.#byId.delete(e.alert.id)
        removed++
      } else keep.push(e)
    }
    // Replaced, not spliced with a spread: 50,000 arguments overflow the stack (it crashed the relay).
    if (removed) this.#entries = keep
  }

  /** Retention, then deletes whole segments none of whose alerts are kept (never the one being written). */
  async #enforceRetentionOnDisk(): Promise<void> {
    this.#enforceRetention()
    while (this.#segments.length > 1) {
      const oldest = this.#segments[0]!
      if ([...oldest.alertIds].some((id) => this.#byId.has(id))) break
      this.#segments.shift()
      await unlink(join(this.options.dir, oldest.name)).catch(() => {})
    }
  }

  /** Applies retention now (start-up does it too; the relay calls this hourly). */
  compact(): Promise<void> {
    return this.#enforceRetentionOnDisk()
  }

  async close(): Promise<void> {
    await this.#writer.close()
  }
}

export type { Alert }
