import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import type Database from 'better-sqlite3'
import type { Alert } from '../alerts/model'
import { exportChunks, type CsvRow } from './export'
import { historyQuerySchema, type HistoryQuery } from './query'
import {
  DELIVERY_STATES,
  type AlertRecord,
  type AttemptRecord,
  type ChannelDelivery,
  type DeliveryRecord,
  type HistoryEntry,
} from './records'
import { emptyBars, type ChartBucket } from './chart'
import { deliveryOf } from './entries'
import { migrateJsonl, type JsonlMigration } from './migrate-jsonl'
import { openDatabase } from './schema'
import { BRIEF_PATHS, pendingBrief, type PendingBrief, type PendingDelivery } from './outbox'
import { relayHas, whereOf } from './sql-query'
import { storageError } from './storage-error'

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

/** Entries kept whole in memory: the newest. */
const LIVE_MAX = 1000
/** Rows read per page by exports and by the outbox at start: memory stays flat. */
const PAGE = 500
/** Alerts deleted per transaction by retention: each is short, the listener keeps its pace. */
const RETENTION_CHUNK = 2000

const KNOWN_STATES: ReadonlySet<string> = new Set(DELIVERY_STATES)

type Row = { seq: number; record: string }
type DeliveryRow = {
  alert: number
  channel: string
  state: string
  at: number
  record: string | null
}

/** One write waiting for the next group commit. */
interface Write {
  apply: () => void
  /** Runs once the write is on disk: what memory mirrors of it. */
  done?: () => void
  resolve: () => void
  reject: (err: Error) => void
}

/**
 * The durable local history in SQLite (`history.db`): every alert, each channel's latest delivery
 * state and every attempt, with indexes for History's filters and FTS5 for its search. It doubles
 * as the outbox: a delivery row still `pending` is still to be sent, after a crash too.
 *
 * Writes are group-committed: the writes queued while the event loop was busy become one
 * transaction, committed (WAL, `synchronous=FULL`: on disk when it returns) before any of them
 * resolves. So a 202 still means "on disk", and a storm pays one sync per batch, not per request.
 */
export class HistoryStore {
  readonly #db: Database.Database
  readonly #options: Required<HistoryOptions>
  #size: number
  #queue: Write[] = []
  #scheduled = false
  #closed = false
  #compacting?: Promise<void>
  #addedSinceRetention = 0
  /**
   * The newest entries, kept whole and updated as their writes commit: the engine, the tray and
   * the window ask for them many times a second during a storm, and each read from the database
   * is three queries.
   */
  readonly #live = new Map<string, HistoryEntry>()
  readonly #stmt: ReturnType<typeof prepare>
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
    this.#size = (db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n
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

  /** Queues a write for the next group commit; resolves once it is on disk. */
  #write(apply: () => void, done?: () => void): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the history is closed'))
    return new Promise((resolve, reject) => {
      this.#queue.push({ apply, done, resolve, reject })
      if (!this.#scheduled) {
        this.#scheduled = true
        setImmediate(() => this.#commit())
      }
    })
  }

  /**
   * Commits every queued write in one transaction. Each write runs in its own savepoint, so one
   * that fails (a constraint) fails alone; a commit the disk refuses fails them all.
   */
  #commit(): void {
    this.#scheduled = false
    const batch = this.#queue
    this.#queue = []
    if (!batch.length) return
    const failed = new Map<Write, Error>()
    try {
      this.#db.transaction(() => {
        for (const w of batch) {
          try {
            this.#db.transaction(w.apply)()
          } catch (err) {
            failed.set(w, storageError(err))
          }
        }
      })()
    } catch (err) {
      const e = storageError(err)
      for (const w of batch) w.reject(e)
      // What those writes counted did not happen.
      this.#size = (this.#db.prepare('SELECT count(*) AS n FROM alerts').get() as { n: number }).n
      return
    }
    for (const w of batch) {
      const e = failed.get(w)
      if (e) w.reject(e)
      else {
        w.done?.()
        w.resolve()
      }
    }
  }

  /**
   * Stores alerts durably with their routing; only then do they exist. Returns their entries as
   * stored (an id already stored is not stored again). Throws if the disk refuses.
   */
  async addAlerts(records: Array<Omit<AlertRecord, 't'>>): Promise<HistoryEntry[]> {
    const stored: HistoryEntry[] = []
    await this.#write(
      () => {
        stored.length = 0
        for (const r of records) {
          if (!insertAlert(this.#stmt, r)) continue
          stored.push(newEntry(r))
        }
        this.#size += stored.length
      },
      () => {
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
  #entries(rows: Row[], parsed = new Map<number, AttemptRecord>()): HistoryEntry[] {
    if (!rows.length) return []
    const seqs = JSON.stringify(rows.map((r) => r.seq))
    const deliveries = new Map<number, DeliveryRow[]>()
    for (const d of this.#stmt.deliveriesOf.all(seqs) as DeliveryRow[]) {
      const list = deliveries.get(d.alert)
      if (list) list.push(d)
      else deliveries.set(d.alert, [d])
    }
    const attempts = new Map<number, AttemptRecord[]>()
    // Links first, then each attempt once: a storm summary is linked to thousands of alerts, and
    // joining its record to every link copied (and sorted) it thousands of times.
    const links = this.#stmt.attemptLinks.all(seqs) as Array<{ alert: number; attempt: number }>
    const ids = [...new Set(links.map((l) => l.attempt))].filter((a) => !parsed.has(a))
    for (const a of this.#stmt.attemptRecords.all(JSON.stringify(ids)) as Row[])
      parsed.set(a.seq, JSON.parse(a.record) as AttemptRecord)
    for (const l of links) {
      const rec = parsed.get(l.attempt)
      if (!rec) continue
      const list = attempts.get(l.alert)
      if (list) list.push(rec)
      else attempts.set(l.alert, [rec])
    }
    return rows.map((row) => {
      const r = JSON.parse(row.record) as Omit<AlertRecord, 't'>
      const entry: HistoryEntry = {
        alert: r.alert,
        targets: r.targets ?? [],
        skipped: r.skipped ?? [],
        deliveries: {},
        attempts: attempts.get(row.seq) ?? [],
      }
      for (const d of deliveries.get(row.seq) ?? [])
        entry.deliveries[d.channel] = d.record
          ? (JSON.parse(d.record) as ChannelDelivery)
          : d.state === 'skipped'
            ? {
                state: 'skipped',
                at: r.alert.receivedAt,
                reason: entry.skipped.find((s) => s.channel === d.channel)?.reason,
              }
            : { state: d.state as ChannelDelivery['state'], at: r.alert.receivedAt }
      return entry
    })
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
    const rows = this.#stmt.pendingPage.all(after, upTo, PAGE) as Array<{
      seq: number
      channel: string
      resentAt: string | null
      brief: string
    }>
    const out: PendingDelivery[] = []
    let seq = after
    let brief: PendingBrief | undefined
    for (const r of rows) {
      if (r.seq !== seq) {
        seq = r.seq
        brief = pendingBrief(r.brief)
      }
      out.push(
        r.resentAt
          ? { brief: brief!, channel: r.channel, resentAt: r.resentAt }
          : { brief: brief!, channel: r.channel },
      )
    }
    return { rows: out, next: seq }
  }

  /** The stored order of the newest alert (0 when none): where a read of the outbox stops. */
  lastSeq(): number {
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
   * when it was delivered; the alert itself is read only when asked for. What the delivery engine
   * rebuilds its aggregation windows and caps from at start.
   */
  *deliveredSince(
    fromIso: string,
  ): Generator<{ alertId: string; channel: string; at: number; alert(): Alert | undefined }> {
    const rows = this.#stmt.deliveredSince.all(Date.parse(fromIso)) as Array<{
      seq: number
      id: string
      channel: string
      at: number
    }>
    const alertOf = this.#stmt.recordBySeq
    for (const r of rows)
      yield {
        alertId: r.id,
        channel: r.channel,
        at: r.at,
        alert: () => {
          const rec = alertOf.get(r.seq) as { record: string } | undefined
          return rec ? (JSON.parse(rec.record) as AlertRecord).alert : undefined
        },
      }
  }

  /** The chart's bars; with filters, only the alerts the list shows under the same filters. */
  chart(
    start: number,
    end: number,
    buckets: number,
    filters?: Omit<HistoryQuery, 'from' | 'to' | 'offset' | 'limit'>,
  ): ChartBucket[] {
    const q = historyQuerySchema.parse({
      ...filters,
      from: new Date(start).toISOString(),
      to: new Date(end).toISOString(),
    })
    const where = whereOf(q)
    const { out } = emptyBars(start, end, buckets)
    const width = Math.max(1, (end - start) / buckets)
    const rows = this.#db
      .prepare(
        `SELECT min(?, max(0, CAST((a.received - ?) / ? AS INTEGER))) AS bar, coalesce((
           SELECT min(CASE d.state WHEN 'failed' THEN 0 WHEN 'pending' THEN 1 WHEN 'delivered' THEN 2 ELSE 3 END)
           FROM deliveries d WHERE d.alert = a.seq), 3) AS worst, count(*) AS n
         FROM alerts a ${where.sql} GROUP BY bar, worst`,
      )
      .all(buckets - 1, start, width, ...where.params) as Array<{
      bar: number
      worst: number
      n: number
    }>
    const keys = ['failed', 'pending', 'delivered', 'other'] as const
    for (const r of rows) out[r.bar]![keys[r.worst]!] += r.n
    return out
  }

  /** Newest first, filtered, paged. */
  query(input: HistoryQuery = {}): QueryResult {
    const q = historyQuerySchema.parse(input)
    const where = whereOf(q)
    // The page's positions first (sorting whole rows would move every record), then the page.
    const seqs = this.#db
      .prepare(`SELECT a.seq FROM alerts a ${where.sql} ORDER BY a.seq DESC LIMIT ? OFFSET ?`)
      .pluck()
      .all(...where.params, q.limit, q.offset) as number[]
    const byId = new Map(
      (this.#stmt.recordsOf.all(JSON.stringify(seqs)) as Row[]).map((r) => [r.seq, r]),
    )
    const rows = seqs.flatMap((seq) => byId.get(seq) ?? [])
    const total = where.sql
      ? (
          this.#db
            .prepare(`SELECT count(*) AS n FROM alerts a ${where.sql}`)
            .get(...where.params) as {
            n: number
          }
        ).n
      : this.#size
    return { items: this.#entries(rows), total }
  }

  /** The rows matching a query, newest first, a page at a time (the connection is free between pages). */
  *#pages(input: HistoryQuery): Generator<Row[]> {
    const q = historyQuerySchema.parse({ ...input, offset: 0, limit: 1000 })
    const where = whereOf(q)
    const page = this.#db.prepare(
      `SELECT a.seq, a.record FROM alerts a ${where.sql ? `${where.sql} AND` : 'WHERE'} a.seq < ? ORDER BY a.seq DESC LIMIT ?`,
    )
    let before = Number.MAX_SAFE_INTEGER
    for (;;) {
      const rows = page.all(...where.params, before, PAGE) as Row[]
      if (!rows.length) return
      yield rows
      before = rows.at(-1)!.seq
    }
  }

  /** What an export reads, a page at a time: whole entries (JSON), or the alert, its states and attempt count (CSV). */
  #exportSource(input: HistoryQuery): Parameters<typeof exportChunks>[1] {
    const pages = () => this.#pages(input)
    const entries = (rows: Row[]) => this.#entries(rows)
    const stmt = this.#stmt
    return {
      *entries() {
        for (const rows of pages()) yield* entries(rows)
      },
      *rows() {
        for (const rows of pages()) {
          const seqs = JSON.stringify(rows.map((r) => r.seq))
          const states = new Map<number, Array<[string, string]>>()
          for (const d of stmt.statesOf.all(seqs) as DeliveryRow[]) {
            const list = states.get(d.alert) ?? []
            list.push([d.channel, d.state])
            states.set(d.alert, list)
          }
          const counts = new Map(
            (stmt.attemptCounts.all(seqs) as Array<{ alert: number; n: number }>).map((c) => [
              c.alert,
              c.n,
            ]),
          )
          for (const r of rows) {
            const row: CsvRow = {
              alert: (JSON.parse(r.record) as AlertRecord).alert,
              states: states.get(r.seq) ?? [],
              attempts: counts.get(r.seq) ?? 0,
            }
            yield row
          }
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

  async #retain(): Promise<void> {
    const cutoff = Date.now() - this.#options.maxAgeDays * 86_400_000
    const excess = Math.max(0, this.#size - this.#options.maxAlerts)
    // The newest alert past the count limit: everything up to it may go.
    const last =
      excess > 0
        ? ((this.#stmt.nthOldest.get(excess - 1) as { seq: number } | undefined)?.seq ?? 0)
        : 0
    // By count (the oldest, by arrival), then by age (the received index): each a range.
    await this.#deleteAll(() => this.#stmt.overCount.all(last, RETENTION_CHUNK))
    await this.#deleteAll(() => this.#stmt.overAge.all(cutoff, RETENTION_CHUNK))
  }

  /** Deletes what `next` lists, a chunk per transaction, until it lists nothing more. */
  async #deleteAll(next: () => unknown[]): Promise<void> {
    for (;;) {
      if (this.#closed) return
      const rows = next() as Array<{ seq: number; id: string }>
      if (!rows.length) return
      const list = JSON.stringify(rows.map((r) => r.seq))
      await this.#write(
        () => {
          const attempts = this.#stmt.attemptsLinked.all(list) as Array<{ attempt: number }>
          this.#size -= this.#stmt.deleteAlerts.run(list).changes
          if (attempts.length)
            this.#stmt.deleteOrphanAttempts.run(JSON.stringify(attempts.map((a) => a.attempt)))
        },
        () => rows.forEach((r) => this.#live.delete(r.id)),
      )
    }
  }

  async close(): Promise<void> {
    await this.#compacting?.catch(() => {})
    this.#closed = true
    this.#commit()
    // Keeps the query planner's statistics current (cheap: SQLite analyses only what changed).
    this.#db.pragma('optimize')
    this.#db.close()
  }
}

/** The statements the store runs often, prepared once. */
function prepare(db: Database.Database) {
  const inList = 'SELECT value FROM json_each(?)'
  return {
    insertAlert: db.prepare(
      'INSERT OR IGNORE INTO alerts (id, received, resolved, level, source, record) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertText: db.prepare(
      'INSERT INTO alerts_text (rowid, name, target, summary, description) VALUES (?, ?, ?, ?, ?)',
    ),
    insertDelivery: db.prepare(
      'INSERT OR REPLACE INTO deliveries (alert, channel, state, at, record) VALUES (?, ?, ?, ?, NULL)',
    ),
    setDelivery: db.prepare(
      `INSERT INTO deliveries (alert, channel, state, at, record)
       SELECT seq, ?, ?, ?, ? FROM alerts WHERE id = ?
       ON CONFLICT (alert, channel) DO UPDATE SET state = excluded.state, at = excluded.at, record = excluded.record`,
    ),
    insertAttempt: db.prepare('INSERT OR IGNORE INTO attempts (id, record) VALUES (?, ?)'),
    linkAttempt: db.prepare(
      `INSERT OR IGNORE INTO attempt_alerts (alert, attempt) SELECT seq, ? FROM alerts WHERE id IN (${inList})`,
    ),
    byId: db.prepare('SELECT seq, record FROM alerts WHERE id = ?'),
    lastSeq: db.prepare('SELECT max(seq) FROM alerts').pluck(),
    recordBySeq: db.prepare('SELECT record FROM alerts WHERE seq = ?'),
    recordsOf: db.prepare(`SELECT seq, record FROM alerts WHERE seq IN (${inList})`),
    latest: db.prepare('SELECT seq, record FROM alerts ORDER BY seq DESC LIMIT ?'),
    since: db.prepare(
      'SELECT seq, record FROM alerts INDEXED BY alerts_received WHERE received >= ? ORDER BY seq',
    ),
    pendingPage: db.prepare(
      `SELECT d.alert AS seq, d.channel, d.record ->> '$.resentAt' AS resentAt,
         json_extract(a.record, ${BRIEF_PATHS}) AS brief
       FROM deliveries d JOIN alerts a ON a.seq = d.alert
       WHERE d.state = 'pending' AND d.alert IN (
         SELECT DISTINCT alert FROM deliveries WHERE state = 'pending' AND alert > ? AND alert <= ? ORDER BY alert LIMIT ?
       ) ORDER BY d.alert, d.channel`,
    ),
    deliveriesOf: db.prepare(
      `SELECT alert, channel, state, at, record FROM deliveries WHERE alert IN (${inList})`,
    ),
    statesOf: db.prepare(
      `SELECT alert, channel, state FROM deliveries WHERE alert IN (${inList}) ORDER BY alert, channel`,
    ),
    attemptLinks: db.prepare(
      `SELECT alert, attempt FROM attempt_alerts WHERE alert IN (${inList}) ORDER BY attempt`,
    ),
    attemptRecords: db.prepare(`SELECT seq, record FROM attempts WHERE seq IN (${inList})`),
    attemptCounts: db.prepare(
      `SELECT alert, count(*) AS n FROM attempt_alerts WHERE alert IN (${inList}) GROUP BY alert`,
    ),
    deliveredSince: db.prepare(
      // The time index drives it: ordered by arrival, SQLite chose to scan every alert (36 s at
      // a start with a million), or to start from every delivered row.
      `SELECT a.seq, a.id, d.channel, d.at FROM alerts a INDEXED BY alerts_received CROSS JOIN deliveries d ON d.alert = a.seq
       WHERE a.received >= ? AND d.state = 'delivered' ORDER BY a.seq, d.channel`,
    ),
    nthOldest: db.prepare('SELECT seq FROM alerts ORDER BY seq LIMIT 1 OFFSET ?'),
    // Pending alerts are never deleted: they are skipped, and the range goes on past them.
    overCount: db.prepare(
      `SELECT seq, id FROM alerts a WHERE a.seq <= ?
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert = a.seq AND d.state = 'pending')
       ORDER BY a.seq LIMIT ?`,
    ),
    overAge: db.prepare(
      `SELECT seq, id FROM alerts a WHERE a.received < ?
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert = a.seq AND d.state = 'pending')
       ORDER BY a.received LIMIT ?`,
    ),
    attemptsLinked: db.prepare(
      `SELECT DISTINCT attempt FROM attempt_alerts WHERE alert IN (${inList})`,
    ),
    deleteAlerts: db.prepare(`DELETE FROM alerts WHERE seq IN (${inList})`),
    deleteOrphanAttempts: db.prepare(
      `DELETE FROM attempts WHERE seq IN (${inList})
         AND NOT EXISTS (SELECT 1 FROM attempt_alerts l WHERE l.attempt = attempts.seq)`,
    ),
  }
}

type Statements = ReturnType<typeof prepare>

/** Inserts one alert with its routing and search text; false if its id is already stored. */
function insertAlert(s: Statements, r: Omit<AlertRecord, 't'>): boolean {
  const a = r.alert
  const v = a.vars ?? {}
  const info = s.insertAlert.run(
    a.id,
    Date.parse(a.receivedAt),
    a.status === 'resolved' ? 1 : 0,
    v.alarm_level ?? null,
    String(a.source),
    JSON.stringify({ alert: a, targets: r.targets ?? [], skipped: r.skipped ?? [] }),
  )
  if (!info.changes) return false
  const seq = info.lastInsertRowid
  s.insertText.run(
    seq,
    v.alarm_name ?? '',
    v.alarm_target ?? '',
    v.alarm_summary ?? '',
    v.alarm_description ?? '',
  )
  const at = Date.parse(a.receivedAt)
  for (const c of r.targets ?? []) s.insertDelivery.run(seq, c, 'pending', at)
  for (const k of r.skipped ?? []) s.insertDelivery.run(seq, k.channel, 'skipped', at)
  return true
}

function insertAttempt(s: Statements, attempt: Omit<AttemptRecord, 't'>): void {
  const { changes, lastInsertRowid } = s.insertAttempt.run(
    attempt.id,
    JSON.stringify({ t: 'attempt', ...attempt }),
  )
  // An id already stored (a migration taken up again after a crash) is linked already.
  if (changes) s.linkAttempt.run(lastInsertRowid, JSON.stringify(attempt.alertIds ?? []))
}

function setDelivery(s: Statements, r: Omit<DeliveryRecord, 't'>): void {
  if (!KNOWN_STATES.has(r.state)) return
  s.setDelivery.run(
    r.channel,
    r.state,
    Date.parse(r.at),
    JSON.stringify(deliveryOf({ t: 'delivery', ...r })),
    r.alertId,
  )
}

/** Applies records as the JSON Lines store wrote them (the one-time migration). */
function applyRecords(s: Statements, records: unknown[]): void {
  for (const rec of records) {
    const r = rec as { t?: string } & Record<string, unknown>
    if (r.t === 'alert' && (r as unknown as AlertRecord).alert?.id)
      insertAlert(s, r as unknown as AlertRecord)
    else if (r.t === 'attempt' && Array.isArray(r.alertIds))
      insertAttempt(s, r as unknown as AttemptRecord)
    else if (r.t === 'delivery' && typeof r.alertId === 'string')
      setDelivery(s, r as unknown as DeliveryRecord)
  }
}

/** A freshly stored alert's entry: each target pending, each skipped channel with its reason. */
function newEntry(r: Omit<AlertRecord, 't'>): HistoryEntry {
  const entry: HistoryEntry = {
    alert: r.alert,
    targets: r.targets ?? [],
    skipped: r.skipped ?? [],
    deliveries: {},
    attempts: [],
  }
  const at = r.alert.receivedAt
  for (const c of entry.targets) entry.deliveries[c] = { state: 'pending', at }
  for (const k of entry.skipped)
    entry.deliveries[k.channel] = { state: 'skipped', at, reason: k.reason }
  return entry
}

export type { Alert }
