import type { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'
import { ownerOnly } from '../files/owner-only'
import { scriptThread, sqliteModule } from '../files/wal-checkpoints'

/**
 * History's search text: an FTS5 trigram index over each alert's name, target, summary and
 * description, in a database of its own (`search.db`, beside history.db), written by a thread of
 * its own. Indexing cost the event loop about 20 µs an alert, and the index's segment merges held
 * it 20–40 ms now and then, among the listener's longest pauses. history.db's writer never waits for
 * the index (two databases, two write locks), and the index is derived data: the thread starts
 * again from the newest alert it holds, after a crash too.
 *
 * The main connection attaches search.db as `search` to read it; what the thread has not indexed
 * yet (the alerts after its newest) is read from the alerts themselves (`sql-query.ts`), so a
 * search finds an alert from the moment its 202 was sent. Stored order is never reused (retention
 * keeps the newest alert), so a row of a deleted alert only takes room until the thread deletes it,
 * and matches nothing: searches join the alerts.
 */

/** Alerts indexed per transaction: a round's work is bounded, and messages get in between. */
const CHUNK = 1000

/** How soon after a write the thread indexes it (writes in between share the round). */
const ROUND_MS = 200

/** Rounds with nothing to do before the thread ends (its memory is handed back). */
const IDLE_ROUNDS = 150

const TABLE = `CREATE VIRTUAL TABLE IF NOT EXISTS alerts_text USING fts5 (
  name, target, summary, description,
  tokenize = 'trigram'
)`

/** The search text of alert rows, as the thread and the main thread's fallback both index it. */
const indexSql = (alerts: string, table: string) =>
  `INSERT INTO ${table} (rowid, name, target, summary, description)
   SELECT seq, ${['name', 'target', 'summary', 'description'].map((f) => `coalesce(record ->> '$.alert.vars.alarm_${f}', '')`).join(', ')}
   FROM ${alerts} WHERE seq > ? ORDER BY seq LIMIT ?`

const NEWEST_SQL = (table: string) => `SELECT rowid FROM ${table} ORDER BY rowid DESC LIMIT 1`

/**
 * The thread's code, plain CommonJS run as a script (like `files/wal-checkpoints.ts`'s). One
 * connection, to search.db, with history.db attached to read the alerts from.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const db = new Database(workerData.search, { fileMustExist: true })
db.pragma('journal_mode = WAL')
// Derived data: a crash loses at most the rounds since the last checkpoint, indexed again.
db.pragma('synchronous = NORMAL')
db.prepare('ATTACH DATABASE ? AS h').run(workerData.history)
const index = db.prepare(workerData.indexSql)
const newest = db.prepare(workerData.newestSql).pluck()
const forget = db.prepare('DELETE FROM alerts_text WHERE rowid IN (SELECT value FROM json_each(?))')
let mark = newest.get() ?? 0
let idle = 0
let timer
let closing = false
function step() {
  const n = db.transaction(() => index.run(mark, workerData.chunk).changes)()
  if (n) mark = newest.get() ?? mark
  return n
}
function round() {
  timer = undefined
  if (closing) return
  let more = false
  try {
    const n = step()
    more = n === workerData.chunk
    idle = n ? 0 : idle + 1
    parentPort.postMessage({ indexed: mark })
  } catch (err) {
    idle = 0
    parentPort.postMessage({ error: err.message })
  }
  if (idle >= workerData.idleRounds) return end()
  timer = setTimeout(round, more ? 0 : workerData.roundMs)
}
function end() {
  closing = true
  clearTimeout(timer)
  db.close()
  parentPort.postMessage({ closed: true })
  parentPort.close()
}
parentPort.on('message', (m) => {
  // A clean stop leaves the index whole: the next start has nothing to catch up on.
  if (m.close) {
    try { while (step() === workerData.chunk); } catch {}
    return end()
  }
  if (m.deleted) {
    try { forget.run(JSON.stringify(m.deleted)) } catch (err) { parentPort.postMessage({ error: err.message }) }
  }
  idle = 0
})
round()
`

/**
 * Attaches `path` (search.db, created readable by its owner only: it holds alert text) to the
 * history's connection as `search`, with the index table in it.
 */
export function attachSearch(db: Database.Database, path: string): void {
  ownerOnly(path)
  db.prepare('ATTACH DATABASE ? AS search').run(path)
  db.pragma('search.journal_mode = WAL')
  db.exec(TABLE.replace('alerts_text', 'search.alerts_text'))
}

export interface SearchIndexOptions {
  /** Where the thread loads better-sqlite3 from (a test gives one that cannot load). */
  sqlite?: string
  roundMs?: number
  idleRounds?: number
}

/**
 * Keeps search.db's index up with history.db: `written()` after each commit of new alerts,
 * `deleted()` after retention's. Without the thread (it could not start), the main connection
 * indexes a chunk per turn of the event loop instead, as before the thread.
 */
export class SearchIndexer {
  readonly #db: Database.Database
  readonly #o: Required<SearchIndexOptions>
  #worker?: Worker
  #failed = false
  #said?: string
  /** The newest alert the index holds, as the thread last said. */
  #mark: number
  /** The newest alert written. */
  #wanted = 0
  #waiters: Array<{ upTo: number; resolve: () => void }> = []
  #turn?: NodeJS.Timeout
  #closed?: Promise<void>
  readonly #index: Database.Statement
  readonly #newest: Database.Statement

  /** `db`: the history's connection, with search.db attached (`attachSearch`). */
  constructor(db: Database.Database, o: SearchIndexOptions = {}) {
    this.#db = db
    this.#o = {
      sqlite: o.sqlite ?? sqliteModule(),
      roundMs: o.roundMs ?? ROUND_MS,
      idleRounds: o.idleRounds ?? IDLE_ROUNDS,
    }
    this.#index = db.prepare(indexSql('main.alerts', 'search.alerts_text'))
    this.#newest = db.prepare(NEWEST_SQL('search.alerts_text')).pluck()
    this.#mark = this.newest()
    // A database in memory has no file a thread could open: its connection indexes.
    if (db.memory) this.#failed = true
  }

  /** The newest alert in the index (what came after is searched in the alerts themselves). */
  newest(): number {
    return (this.#newest.get() as number | undefined) ?? 0
  }

  /**
   * New alerts were committed up to `last` (their stored order). A thread already running finds
   * them itself (it looks every round while it has work, and for a while after): a message per
   * group commit cost the listener 3% of its time.
   */
  written(last: number): void {
    this.#wanted = Math.max(this.#wanted, last)
    if (last <= this.#mark || this.#closed) return
    if (this.#failed) return this.#soon()
    if (!this.#worker) this.#start()
  }

  /** Retention deleted these alerts: their rows go from the index too. */
  deleted(seqs: number[]): void {
    if (!seqs.length || this.#closed) return
    if (this.#failed) {
      this.#db
        .prepare('DELETE FROM search.alerts_text WHERE rowid IN (SELECT value FROM json_each(?))')
        .run(JSON.stringify(seqs))
      return
    }
    if (!this.#worker) this.#start()
    this.#worker?.postMessage({ deleted: seqs })
  }

  /**
   * Resolves once at most `gap` alerts up to `last` are left to index: a search reads those from
   * their records, one by one, on the event loop. Right after an upgrade or a crash the index may
   * lack hundreds of thousands; the thread indexes them faster than one search would read them.
   */
  within(last: number, gap: number): Promise<void> {
    return this.caughtUp(last - gap)
  }

  /** Resolves once the index holds every alert up to `last` (for benchmarks and tests). */
  caughtUp(last: number): Promise<void> {
    this.#mark = Math.max(this.#mark, this.newest())
    if (last <= this.#mark) return Promise.resolve()
    this.written(last)
    this.#worker?.postMessage({ soon: true })
    return new Promise((resolve) => this.#waiters.push({ upTo: last, resolve }))
  }

  /** Indexes what is left (the thread does), then ends the thread or the turns. */
  close(): Promise<void> {
    clearTimeout(this.#turn)
    if (this.#failed && !this.#closed)
      try {
        while (this.#index.run(this.#mark, CHUNK).changes === CHUNK) this.#mark = this.newest()
      } catch {
        // Indexed at the next start.
      }
    const worker = this.#worker
    this.#closed ??= worker
      ? new Promise<void>((resolve) => {
          worker.once('exit', () => resolve())
          worker.postMessage({ close: true })
        })
      : Promise.resolve()
    return this.#closed
  }

  #start(): void {
    const worker = scriptThread(
      SOURCE,
      {
        sqlite: this.#o.sqlite,
        search: searchPath(this.#db),
        history: this.#db.name,
        indexSql: indexSql('h.alerts', 'alerts_text'),
        newestSql: NEWEST_SQL('alerts_text'),
        chunk: CHUNK,
        roundMs: this.#o.roundMs,
        idleRounds: this.#o.idleRounds,
      },
      (err) => this.#fail(err),
    )
    if (!worker) return
    this.#worker = worker
    worker.on('message', (m: { indexed?: number; error?: string }) => {
      if (m.indexed !== undefined) this.#indexed(m.indexed)
      else if (m.error && m.error !== this.#said) {
        this.#said = m.error
        console.error(
          `history: the search index could not be updated (${m.error}); it is tried again, and searches read the alerts not yet indexed directly meanwhile.`,
        )
      }
    })
    worker.on('exit', () => {
      if (this.#worker !== worker) return
      this.#worker = undefined
      // It ended for want of work just as more came: a new one takes it.
      if (!this.#closed && !this.#failed && this.#wanted > this.#mark) this.#start()
    })
  }

  #indexed(mark: number): void {
    this.#mark = Math.max(this.#mark, mark)
    const ready = this.#waiters.filter((w) => w.upTo <= this.#mark)
    this.#waiters = this.#waiters.filter((w) => w.upTo > this.#mark)
    for (const w of ready) w.resolve()
  }

  /** The thread cannot run: this connection indexes, a chunk per turn. */
  #fail(err: Error): void {
    this.#worker = undefined
    if (this.#failed) return
    this.#failed = true
    console.error(
      `history: the search index thread stopped (${err.message}); the index is updated on the main thread instead.`,
    )
    this.#soon()
  }

  #soon(): void {
    this.#turn ??= setTimeout(() => this.#indexTurn(), this.#o.roundMs).unref()
  }

  #indexTurn(): void {
    this.#turn = undefined
    if (this.#closed) return
    try {
      const n = this.#db.transaction(() => this.#index.run(this.#mark, CHUNK).changes)()
      if (n) this.#indexed(this.newest())
      if (n === CHUNK) this.#turn = setTimeout(() => this.#indexTurn(), 0).unref()
    } catch (err) {
      console.error(
        `history: the search index could not be updated (${(err as Error).message}); searches read the alerts not yet indexed directly meanwhile.`,
      )
    }
  }
}

/** The file attached as `search`. */
function searchPath(db: Database.Database): string {
  const row = (db.pragma('database_list') as Array<{ name: string; file: string }>).find(
    (d) => d.name === 'search',
  )
  return row!.file
}
