import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import type Database from 'better-sqlite3'

/** How often the thread copies what the logs hold into their databases. */
const EVERY_MS = 1000

/** Rounds with nothing to copy before the thread ends (its memory is handed back). */
const IDLE_ROUNDS = 30

/** SQLite's own threshold, for a connection that checkpoints itself again (see `#fail`). */
const SQLITE_DEFAULT_PAGES = 1000

/**
 * The thread's code, plain CommonJS run as a script: no bundler or loader stands between it and
 * the app, the command line or the tests. It opens its own connection to each database, copies
 * the log into it every `everyMs` (`PASSIVE`: it waits for no reader nor writer), and ends once
 * `idleRounds` rounds in a row found nothing new.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const open = new Map()
const last = new Map()
let idle = 0
function watch(path) {
  if (open.has(path)) return
  open.set(path, new Database(path, { fileMustExist: true }))
}
function unwatch(path) {
  const db = open.get(path)
  open.delete(path)
  last.delete(path)
  try { db && db.close() } finally { parentPort.postMessage({ closed: path }) }
}
function end() {
  clearInterval(timer)
  for (const db of open.values()) db.close()
  open.clear()
  parentPort.close()
}
const timer = setInterval(() => {
  let busy = false
  for (const [path, db] of open) {
    try {
      const r = db.pragma('wal_checkpoint(PASSIVE)')[0]
      if (r.log !== last.get(path) || r.checkpointed < r.log) busy = true
      last.set(path, r.log)
    } catch (err) {
      busy = true
      parentPort.postMessage({ path, error: err.message })
    }
  }
  idle = busy ? 0 : idle + 1
  if (idle >= workerData.idleRounds) end()
}, workerData.everyMs)
parentPort.on('message', (m) => {
  if (m.watch) watch(m.watch)
  else if (m.unwatch) unwatch(m.unwatch)
})
for (const path of workerData.paths) watch(path)
`

/** A database the thread checkpoints: tell it of each write; `close` before closing the database. */
export interface WatchedLog {
  /** A write was (or is about to be) committed to the log: the thread runs, or starts. */
  written(): void
  /** The thread lets go of the database (call before closing the connection: it then checkpoints last). */
  close(): Promise<void>
}

/**
 * Checkpoints of the write-ahead logs (history.db, firing.db) on a thread of their own. SQLite
 * copies the log into the database inside whichever commit crosses 1,000 pages, with two
 * fsyncs: on the event loop, between two requests. Measured at 10 alerts per commit, a history
 * commit took 471 µs with them and 252 µs without, a firing-set commit 327 and 167. Here the
 * connections never checkpoint (`wal_autocheckpoint = 0`); one thread, started by the first
 * write and ended after half a minute with nothing to copy (an idle relay keeps no thread),
 * copies each log once a second. What a 202 promised is unchanged: the log is synced before the
 * answer, and SQLite's checkpoint only copies committed frames. If the thread cannot run, each
 * connection checkpoints itself again as before.
 */
export class WalCheckpoints {
  readonly #watched = new Map<string, Database.Database>()
  readonly #everyMs: number
  readonly #idleRounds: number
  readonly #sqlite: () => string
  #worker?: Worker
  #failed = false
  /** Error messages already logged, per database: a full disk is said once, not every second. */
  readonly #said = new Map<string, string>()
  readonly #closing = new Map<string, () => void>()

  constructor(o: { everyMs?: number; idleRounds?: number; sqlite?: string } = {}) {
    this.#everyMs = o.everyMs ?? EVERY_MS
    this.#idleRounds = o.idleRounds ?? IDLE_ROUNDS
    // Where the thread loads better-sqlite3 from (a test gives one that cannot load).
    this.#sqlite = o.sqlite ? () => o.sqlite! : sqliteModule
  }

  /** True while the thread runs. */
  get running(): boolean {
    return this.#worker !== undefined
  }

  /** Takes the checkpoints of `db` (a file in WAL) off its connection. A database in memory has none. */
  watch(db: Database.Database): WatchedLog {
    if (db.memory) return { written: () => {}, close: async () => {} }
    const path = db.name
    this.#watched.set(path, db)
    if (!this.#failed) db.pragma('wal_autocheckpoint = 0')
    this.#worker?.postMessage({ watch: path })
    return {
      written: () => {
        if (!this.#worker && !this.#failed) this.#start()
      },
      close: () => this.#unwatch(path),
    }
  }

  #unwatch(path: string): Promise<void> {
    if (!this.#watched.delete(path)) return Promise.resolve()
    this.#said.delete(path)
    const worker = this.#worker
    if (!worker) return Promise.resolve()
    return new Promise<void>((resolve) => {
      this.#closing.set(path, resolve)
      worker.postMessage({ unwatch: path })
    })
  }

  #start(): void {
    if (!this.#watched.size) return
    const worker = scriptThread(
      SOURCE,
      {
        sqlite: this.#sqlite(),
        paths: [...this.#watched.keys()],
        everyMs: this.#everyMs,
        idleRounds: this.#idleRounds,
      },
      (err) => this.#fail(err),
    )
    if (!worker) return
    this.#worker = worker
    worker.on('message', (m: { closed?: string; path?: string; error?: string }) => {
      if (m.closed) this.#closed(m.closed)
      else if (m.path && m.error && this.#said.get(m.path) !== m.error) {
        this.#said.set(m.path, m.error)
        console.error(
          `storage: copying ${m.path}'s write-ahead log into it failed (${m.error}); it is tried again every second and nothing is lost meanwhile.`,
        )
      }
    })
    worker.on('exit', () => {
      if (this.#worker === worker) this.#worker = undefined
      for (const path of [...this.#closing.keys()]) this.#closed(path)
    })
  }

  #closed(path: string): void {
    const resolve = this.#closing.get(path)
    this.#closing.delete(path)
    resolve?.()
  }

  /** The thread cannot run: each connection checkpoints itself again, as SQLite does by default. */
  #fail(err: Error): void {
    // A thread that threw is ending: it runs no more, whenever its exit comes.
    this.#worker = undefined
    if (this.#failed) return
    this.#failed = true
    console.error(
      `storage: the write-ahead log checkpoint thread stopped (${err.message}); the databases checkpoint on the main thread instead.`,
    )
    for (const db of this.#watched.values())
      if (db.open) db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_PAGES}`)
  }
}

/**
 * A thread running `source` (plain CommonJS, no bundler or loader between it and the app, the
 * command line or the tests) with `workerData`, with a small heap (a few connections and a
 * timer), never what keeps the process alive; `failed` hears of it when it cannot start or
 * throws, and undefined is returned when it could not start.
 */
export function scriptThread(
  source: string,
  workerData: unknown,
  failed: (err: Error) => void,
): Worker | undefined {
  let worker: Worker
  try {
    worker = new Worker(source, {
      eval: true,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    })
  } catch (err) {
    failed(err as Error)
    return undefined
  }
  worker.unref()
  worker.on('error', failed)
  return worker
}

/**
 * Where a thread loads `better-sqlite3` from: in the packaged app, the unpacked copy beside
 * `app.asar` (electron-builder.yml unpacks the module whole), a real file any thread can load.
 */
export function sqliteModule(): string {
  return createRequire(import.meta.url)
    .resolve('better-sqlite3')
    .replace(/app\.asar([\\/])/, 'app.asar.unpacked$1')
}

/** The process's one checkpoint thread, shared by its databases. */
export const walCheckpoints = new WalCheckpoints()
