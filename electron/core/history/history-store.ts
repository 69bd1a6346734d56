import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import Database from 'better-sqlite3'
import type { Alert } from '../alerts/model'
import { exportChunks } from './export'
import type { HistoryQuery } from './query'
import type { AlertRecord, AttemptRecord, DeliveryRecord, HistoryEntry } from './records'
import type { ChartBucket } from './chart'
import { deliveryOf } from './entries'
import { GroupCommit } from './group-commit'
import { migrateJsonl, type JsonlMigration } from './migrate-jsonl'
import { channelPageOf, pendingPageOf, pendingTallyOf, type PendingDelivery } from './outbox'
import { chartOf, entriesOf, exportSource, queryRows, type Row } from './reads'
import { deleteAlerts, retain } from './retention'
import { openDatabase, walSyncer } from './history-schema'
import {
  applyRecords,
  insertAlert,
  insertAttempt,
  KNOWN_STATES,
  newEntry,
  prepare,
  prepareDeliveryReads,
  setDelivery,
} from './statements'
import { relayHas } from './sql-query'
import { storageError } from './storage-error'
import { walCheckpoints, type WatchedLog } from '../files/wal-checkpoints'
import { attachSearch, SearchIndexer } from './search-index'

export interface HistoryOptions {
  /** The history folder: `history.db` (and, before the first start on it, JSON Lines segments). */
  dir: string
  maxAlerts?: number
  maxAgeDays?: number
}

export interface QueryResult {
  items: HistoryEntry[]
  total: number
}

/**
 * Alerts a search reads from their records when the index does not hold them yet: about 0.2 s
 * of the event loop on this 2-core machine (a few seconds of alerts in a storm).
 */
const TAIL_MAX = 10_000

/** Entries kept whole in memory: the newest. */
const LIVE_MAX = 1000

/**
 * The durable local history in SQLite (`history.db`): every alert, each channel's latest delivery
 * state and every attempt, with indexes for History's filters and FTS5 for its search. It doubles
 * as the outbox: a delivery row still `pending` is still to be sent, after a crash too.
 *
 * Writes are group-committed (`group-commit.ts`): a 202 still means "on disk", and a storm pays
 * one sync per batch. The SQL and the row writes are `statements.ts`; History's reads
 * `reads.ts`; the outbox's pages `outbox.ts`; retention `retention.ts`. This class keeps what
 * they share: the connection, the count, and the newest entries whole.
 */
export class HistoryStore {
  readonly #db: Database.Database
  readonly #options: Required<HistoryOptions>
  #size: number
  readonly #writer: GroupCommit
  readonly #syncer?: ReturnType<typeof walSyncer>
  /** The log's checkpoints, on their own thread (`wal-checkpoints.ts`). */
  readonly #log: WatchedLog
  #compacting?: Promise<void>
  #addedSinceRetention = 0
  /** See `lastSeq`. */
  #settledSeq = 0
  /** search.db's index, kept up by its own thread. */
  readonly #search: SearchIndexer
  /**
   * The newest entries, kept whole and updated as their writes commit: the engine, the tray and
   * the window ask for them many times a second during a storm, and each read from the database
   * is three queries.
   */
  readonly #live = new Map<string, HistoryEntry>()
  /** The stored order of each entry `addAlerts` returned (see `seqOf`). */
  readonly #seqs = new WeakMap<HistoryEntry, number>()
  readonly #stmt: ReturnType<typeof prepare>
  /** The delivery engine's reads and their connection, opened at the first (see `prepareDeliveryReads`). */
  #reads?: { db?: Database.Database; stmt: ReturnType<typeof prepareDeliveryReads> }
  /** Lines of a migrated JSON Lines history that could not be read (torn or damaged). */
  readonly skippedLines: string[]
  /** The one-time import of a JSON Lines history, when this start did it. */
  readonly migrated?: JsonlMigration

  private constructor(
    db: Database.Database,
    options: Required<HistoryOptions>,
    migration?: JsonlMigration,
  ) {
    this.#db = db
    this.#options = options
    this.#stmt = prepare(db)
    this.#size = this.#count()
    this.#settledSeq = this.#lastRow()
    // What the index does not hold yet (a crash, an upgrade): its thread catches up.
    this.#search = new SearchIndexer(db)
    this.#search.written(this.#settledSeq)
    // The migrations ran with `synchronous=FULL`; from here each group commit's log sync runs off
    // the event loop (`walSyncer`), and no write resolves before it.
    this.#syncer = walSyncer(db)
    if (this.#syncer) db.pragma('synchronous = NORMAL')
    this.#log = walCheckpoints.watch(db)
    // What a refused commit counted did not happen.
    this.#writer = new GroupCommit(db, () => (this.#size = this.#count()), this.#syncer)
    this.migrated = migration
    this.skippedLines = migration?.skippedLines ?? []
  }

  static async open(options: HistoryOptions): Promise<HistoryStore> {
    const dir = resolve(options.dir)
    const full: Required<HistoryOptions> = { maxAlerts: 50_000, maxAgeDays: 30, ...options, dir }
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    let db: Database.Database
    try {
      db = openDatabase(join(dir, 'history.db'))
      attachSearch(db, join(dir, 'search.db'))
    } catch (err) {
      throw storageError(err)
    }
    db.function('relay_has', { deterministic: true, varargs: true }, relayHas)
    let migration: JsonlMigration | undefined
    try {
      const statements = prepare(db)
      migration = await migrateJsonl(db, dir, (records) => applyRecords(statements, records))
    } catch (err) {
      db.close()
      throw storageError(err)
    }
    const store = new HistoryStore(db, full, migration)
    await store.compact()
    return store
  }

  /** How many alerts are stored (kept by triggers: see `history-schema.ts`). */
  #count(): number {
    return this.#stmt.alertCount.get() as number
  }

  /** Queues a write for the next group commit; resolves once it is on disk. */
  #write(apply: () => void, done?: () => void): Promise<void> {
    this.#log.written()
    return this.#writer.write(apply, done)
  }

  /**
   * Stores alerts durably with their routing; only then do they exist. Returns their entries as
   * stored (an id already stored is not stored again). Throws if the disk refuses.
   */
  async addAlerts(records: Array<Omit<AlertRecord, 't'>>): Promise<HistoryEntry[]> {
    const stored: HistoryEntry[] = []
    let last = 0
    await this.#write(
      () => {
        stored.length = 0
        for (const r of records) {
          const seq = insertAlert(this.#stmt, r)
          if (!seq) continue
          const entry = newEntry(r)
          this.#seqs.set(entry, seq)
          stored.push(entry)
        }
        this.#size += stored.length
        if (stored.length) last = this.#lastRow()
      },
      () => {
        if (last > this.#settledSeq) this.#settledSeq = last
        if (stored.length) this.#search.written(last)
        for (const e of stored) this.#live.set(e.alert.id, e)
        for (const id of this.#live.keys()) {
          if (this.#live.size <= LIVE_MAX) break
          this.#live.delete(id)
        }
      },
    )
    this.#addedSinceRetention += stored.length
    if (
      this.#size > this.#options.maxAlerts &&
      this.#addedSinceRetention >= Math.max(100, this.#options.maxAlerts / 10)
    ) {
      this.#addedSinceRetention = 0
      this.compact().catch((err: Error) =>
        console.error(`history: retention failed (${err.message}); it runs again later.`),
      )
    }
    return stored
  }

  async addAttempt(attempt: Omit<AttemptRecord, 't'>): Promise<void> {
    await this.#write(
      () => insertAttempt(this.#stmt, attempt),
      () => this.#liveAttempt(attempt),
    )
  }

  /**
   * Stores an attempt and the delivery states it settled in one transaction, so that no reader
   * (and no crash) sees the attempt without its consequences.
   */
  async addOutcome(
    attempt: Omit<AttemptRecord, 't'>,
    records: Array<Omit<DeliveryRecord, 't'>>,
  ): Promise<void> {
    await this.#write(
      () => {
        insertAttempt(this.#stmt, attempt)
        for (const r of records) setDelivery(this.#stmt, r)
      },
      () => {
        this.#liveAttempt(attempt)
        this.#liveDeliveries(records)
      },
    )
  }

  /** The newest entries kept whole mirror a stored attempt. */
  #liveAttempt(attempt: Omit<AttemptRecord, 't'>): void {
    const rec: AttemptRecord = { t: 'attempt', ...attempt }
    for (const id of attempt.alertIds ?? []) this.#live.get(id)?.attempts.push(rec)
  }

  /** The newest entries kept whole mirror stored delivery states. */
  #liveDeliveries(records: Array<Omit<DeliveryRecord, 't'>>): void {
    for (const r of records) {
      const e = this.#live.get(r.alertId)
      if (e && KNOWN_STATES.has(r.state))
        e.deliveries[r.channel] = deliveryOf({ t: 'delivery', ...r })
    }
  }

  async setDeliveries(records: Array<Omit<DeliveryRecord, 't'>>): Promise<void> {
    if (records.length)
      await this.#write(
        () => {
          for (const r of records) setDelivery(this.#stmt, r)
        },
        () => this.#liveDeliveries(records),
      )
  }

  /** Whole entries of the given alert rows, in the rows' order. */
  #entries(rows: Row[]): HistoryEntry[] {
    return entriesOf(this.#stmt, rows)
  }

  get(id: string): HistoryEntry | undefined {
    const live = this.#live.get(id)
    if (live) return live
    const row = this.#stmt.byId.get(id) as Row | undefined
    return row ? this.#entries([row])[0] : undefined
  }

  get size(): number {
    return this.#size
  }

  /**
   * Every alert × channel still to be sent, oldest first: the outbox, as the delivery engine
   * queues it at start. Only what the queue keeps of each alert (`PendingBrief`) and when a person
   * resent it are read, a page at a time, picked out of the record by SQLite: with 100,000
   * pending, parsing each whole alert held 140 MiB and most of the start. The engine reads an
   * alert whole (`alert(id)`) when its message is composed. Channels of one alert share its brief.
   */
  pending(): PendingDelivery[] {
    const out: PendingDelivery[] = []
    for (let page = this.pendingPage(0); page.rows.length; page = this.pendingPage(page.next))
      out.push(...page.rows)
    return out
  }

  /**
   * One page of `pending()`: the pending deliveries of up to 500 alerts stored after the alert
   * `after` (a stored order, 0 to begin) and no later than `upTo`, and where the next page starts.
   */
  pendingPage(
    after: number,
    upTo = Number.MAX_SAFE_INTEGER,
  ): { rows: PendingDelivery[]; next: number } {
    return pendingPageOf(this.#stmt.pendingPage, after, upTo)
  }

  /**
   * One channel's pending deliveries stored after the alert `after` and no later than `upTo`, at
   * most `limit`, oldest first, and the stored order of the last one read: how the delivery
   * engine pages a backlog into a channel's queue as it drains (`delivery/outbox-window.ts`).
   */
  pendingOf(
    channel: string,
    after: number,
    upTo: number,
    limit: number,
  ): { rows: Array<PendingDelivery & { seq: number }>; next: number } {
    return channelPageOf(this.#deliveryReads().pendingOfChannel, channel, after, upTo, limit)
  }

  /** How many of `pendingOf`'s rows there are (`limit` aside). */
  pendingCount(channel: string, after: number, upTo: number): number {
    return this.#deliveryReads().pendingCount.get(channel, after, upTo) as number
  }

  /** The channels with a delivery still pending. */
  pendingChannels(): string[] {
    return this.#stmt.pendingChannels.all() as string[]
  }

  /**
   * Up to `limit` of `pendingOf`'s rows as a storm summary counts them, without reading each
   * whole: how many share a status, name, level, target and value of `label` (see
   * `pendingTallyOf`), and the stored order of the last one read.
   */
  pendingTally(channel: string, after: number, upTo: number, limit: number, label?: string) {
    return pendingTallyOf(this.#deliveryReads().pendingTally, channel, after, upTo, limit, label)
  }

  /**
   * The delivery engine's statements, on a read-only connection of their own with a 512 KiB page
   * cache (each row is read once: History's queries keep their cache, and a storm's backlog costs
   * the process no more than that). It sees every commit of the main connection, as any
   * reader of the log does. A database in memory has one connection.
   */
  #deliveryReads(): ReturnType<typeof prepareDeliveryReads> {
    if (!this.#reads) {
      const db = this.#db.memory
        ? undefined
        : new Database(this.#db.name, { readonly: true, fileMustExist: true })
      db?.pragma('cache_size = -512')
      this.#reads = { db, stmt: prepareDeliveryReads(db ?? this.#db) }
    }
    return this.#reads.stmt
  }

  /**
   * The stored order of an entry `addAlerts` returned, or of the alert `id` (undefined when it is
   * not stored): what the delivery engine compares with how far it has read the outbox.
   */
  seqOf(entry: HistoryEntry | string): number | undefined {
    if (typeof entry !== 'string') return this.#seqs.get(entry)
    return (this.#stmt.seqById.get(entry) as number | undefined) ?? undefined
  }

  /**
   * The stored order of the newest alert whose write has resolved (0 when none): where a read of
   * the outbox stops. A row committed but not yet synced is left out: its write has not answered,
   * so its alerts reach the delivery engine through `enqueue`, not through the outbox as well.
   */
  lastSeq(): number {
    return this.#settledSeq
  }

  /**
   * Resolves when a text search is quick: at once, unless search.db's index lacks more than
   * `TAIL_MAX` alerts (after an upgrade or a crash), then once its thread has indexed them.
   */
  searchable(): Promise<void> {
    return this.#search.within(this.#lastRow(), TAIL_MAX)
  }

  /** Resolves once search.db's index holds every alert stored so far (benchmarks, tests). */
  searchIndexed(): Promise<void> {
    return this.#search.caughtUp(this.#lastRow())
  }

  /** The stored order of the newest alert in the database, answered or not. */
  #lastRow(): number {
    return (this.#stmt.lastSeq.get() as number | null) ?? 0
  }

  /** One stored alert, whole (undefined when the history no longer has it). */
  alert(id: string): Alert | undefined {
    const live = this.#live.get(id)
    if (live) return live.alert
    const row = this.#stmt.byId.get(id) as Row | undefined
    return row ? (JSON.parse(row.record) as AlertRecord).alert : undefined
  }

  /** The `n` newest alerts, newest first (the tray's recent list). */
  latest(n: number): HistoryEntry[] {
    return this.#entries(this.#stmt.latest.all(n) as Row[])
  }

  /** Every alert received since `fromIso`, oldest first. */
  recent(fromIso: string): HistoryEntry[] {
    return this.#entries(this.#stmt.since.all(Date.parse(fromIso)) as Row[])
  }

  /**
   * Each delivered alert × channel among the alerts received since `fromIso`, oldest first, with
   * when it was delivered; the alert itself is parsed only when asked for. What the delivery engine
   * rebuilds its aggregation windows and caps from at start (once the listener answers): the
   * rows and their records are read in one pass in stored order, a row at a time (a busy day
   * holds many), not each record again by its own query (a third of this read at a million).
   */
  *deliveredSince(
    fromIso: string,
  ): Generator<{ alertId: string; channel: string; at: number; alert(): Alert | undefined }> {
    const since = Date.parse(fromIso)
    const rows = this.#deliveryReads().deliveredSince.iterate(since, since) as IterableIterator<{
      id: string
      channel: string
      at: number
      record: string
    }>
    for (const r of rows) {
      let alert: Alert | undefined
      yield {
        alertId: r.id,
        channel: r.channel,
        at: r.at,
        alert: () => (alert ??= (JSON.parse(r.record) as AlertRecord).alert),
      }
    }
  }

  /** The chart's bars; with filters, only the alerts the list shows under the same filters. */
  chart(
    start: number,
    end: number,
    buckets: number,
    filters?: Omit<HistoryQuery, 'from' | 'to' | 'offset' | 'limit'>,
  ): ChartBucket[] {
    return chartOf(this.#db, start, end, buckets, filters)
  }

  /** Newest first, filtered, paged. */
  query(input: HistoryQuery = {}): QueryResult {
    const { rows, total } = queryRows(this.#db, this.#stmt, input, this.#size)
    return { items: this.#entries(rows), total }
  }

  #exportSource(input: HistoryQuery): Parameters<typeof exportChunks>[1] {
    return exportSource(this.#db, this.#stmt, input)
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

  /**
   * Retention: deletes alerts past the count and age limits, oldest first, with their deliveries,
   * attempt links and search text, and the attempts no kept alert refers to; never an alert with
   * a pending delivery. In short transactions, yielding between them (start-up does it too; the
   * relay calls this hourly).
   */
  compact(): Promise<void> {
    this.#compacting ??= this.#retain().finally(() => (this.#compacting = undefined))
    return this.#compacting
  }

  #retain(): Promise<void> {
    return retain(this.#stmt, {
      size: this.#size,
      maxAlerts: this.#options.maxAlerts,
      maxAgeDays: this.#options.maxAgeDays,
      closed: () => this.#writer.closed,
      delete: (rows) =>
        this.#write(
          () => (this.#size -= deleteAlerts(this.#stmt, rows)),
          () => {
            rows.forEach((r) => this.#live.delete(r.id))
            this.#search.deleted(rows.map((r) => r.seq))
          },
        ),
    })
  }

  async close(): Promise<void> {
    await this.#compacting?.catch(() => {})
    this.#writer.close()
    // The index takes what is left first: a clean stop leaves nothing to catch up on at start.
    await this.#search.close()
    // Keeps the query planner's statistics current (cheap: SQLite analyses only what changed).
    this.#db.pragma('optimize')
    this.#syncer?.close()
    this.#reads?.db?.close()
    // The thread lets go first: this connection, the last, then copies the log in and removes it.
    await this.#log.close()
    this.#db.close()
  }
}

export type { Alert }
