import type Database from 'better-sqlite3'
import { storageError } from './storage-error'

/** One write waiting for the next group commit. */
interface Write {
  apply: () => void
  /** Runs once the write is on disk: what memory mirrors of it. */
  done?: () => void
  resolve: () => void
  reject: (err: Error) => void
}

/**
 * Makes what was committed so far durable: `async` off the event loop (an fdatasync of the
 * write-ahead log in libuv's pool), `now` on it (at close).
 */
export interface Syncer {
  async(): Promise<void>
  now(): void
}

/**
 * The history's writer: the writes queued while the event loop was busy become one transaction,
 * and none of them resolves before it is on disk, so a 202 still means "on disk" and a storm pays
 * one sync per batch, not per request. Each write runs in its own savepoint, so one that fails (a
 * constraint) fails alone; a commit the disk refuses fails them all.
 *
 * With a `Syncer` (a database in WAL with `synchronous=NORMAL`), the transaction commits into the
 * log at once and the log's fdatasync runs off the event loop: the next requests are read and
 * parsed while the disk works, and their writes gather into the one transaction committed (and
 * synced) when it returns. A transaction per sync, not one per turn of the event loop: each
 * carries a fixed cost (the search index writes a segment per transaction), and committing
 * smaller ones while a sync ran cost a third more CPU per request. Without a `Syncer`
 * (`synchronous=FULL`, or a database in memory), the commit itself is the sync.
 */
export class GroupCommit {
  readonly #db: Database.Database
  /** Told when a whole commit failed: what its writes counted did not happen. */
  readonly #rolledBack: () => void
  readonly #sync?: Syncer
  #queue: Write[] = []
  /** Committed, waiting for the next sync. */
  #unsynced: Write[] = []
  /** Committed, their sync under way. */
  #syncing?: Write[]
  #scheduled = false
  #closed = false

  constructor(db: Database.Database, rolledBack: () => void, sync?: Syncer) {
    this.#db = db
    this.#rolledBack = rolledBack
    this.#sync = sync
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Queues a write for the next group commit; resolves once it is on disk. */
  write(apply: () => void, done?: () => void): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the history is closed'))
    return new Promise((resolve, reject) => {
      this.#queue.push({ apply, done, resolve, reject })
      // While a sync runs, writes gather for the transaction that follows it.
      if (!this.#scheduled && !this.#syncing) {
        this.#scheduled = true
        setImmediate(() => this.commit())
      }
    })
  }

  /** Takes no more writes, commits the ones queued and syncs everything committed. */
  close(): void {
    this.#closed = true
    this.commit()
    if (!this.#sync) return
    const pending = [...(this.#syncing ?? []), ...this.#unsynced]
    this.#syncing = undefined
    this.#unsynced = []
    if (!pending.length) return
    try {
      this.#sync.now()
    } catch (err) {
      settle(pending, storageError(err))
      return
    }
    settle(pending)
  }

  /** Commits every queued write in one transaction. */
  commit(): void {
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
      this.#rolledBack()
      return
    }
    const ok: Write[] = []
    for (const w of batch) {
      const e = failed.get(w)
      if (e) w.reject(e)
      else ok.push(w)
    }
    if (!this.#sync) return settle(ok)
    this.#unsynced.push(...ok)
    this.#startSync()
  }

  /** One sync at a time: what commits while it runs waits for the next one, and shares it. */
  #startSync(): void {
    if (this.#syncing || !this.#unsynced.length || !this.#sync) return
    const batch = (this.#syncing = this.#unsynced)
    this.#unsynced = []
    this.#sync.async().then(
      () => this.#synced(batch),
      (err: unknown) => this.#synced(batch, storageError(err)),
    )
  }

  #synced(batch: Write[], err?: Error): void {
    // close() settled them already (its own sync covered them).
    if (this.#syncing !== batch) return
    this.#syncing = undefined
    settle(batch, err)
    if (this.#queue.length && !this.#scheduled) this.commit()
    else this.#startSync()
  }
}

function settle(writes: Write[], err?: Error): void {
  for (const w of writes) {
    if (err) {
      w.reject(err)
      continue
    }
    w.done?.()
    w.resolve()
  }
}
