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
 * The history's writer: the writes queued while the event loop was busy become one transaction,
 * committed (WAL, `synchronous=FULL`: on disk when it returns) before any of them resolves. So a
 * 202 still means "on disk", and a storm pays one sync per batch, not per request. Each write runs
 * in its own savepoint, so one that fails (a constraint) fails alone; a commit the disk refuses
 * fails them all.
 */
export class GroupCommit {
  readonly #db: Database.Database
  /** Told when a whole commit failed: what its writes counted did not happen. */
  readonly #rolledBack: () => void
  #queue: Write[] = []
  #scheduled = false
  #closed = false

  constructor(db: Database.Database, rolledBack: () => void) {
    this.#db = db
    this.#rolledBack = rolledBack
  }

  get closed(): boolean {
    return this.#closed
  }

  /** Queues a write for the next group commit; resolves once it is on disk. */
  write(apply: () => void, done?: () => void): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the history is closed'))
    return new Promise((resolve, reject) => {
      this.#queue.push({ apply, done, resolve, reject })
      if (!this.#scheduled) {
        this.#scheduled = true
        setImmediate(() => this.commit())
      }
    })
  }

  /** Takes no more writes and commits the ones queued. */
  close(): void {
    this.#closed = true
    this.commit()
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
    for (const w of batch) {
      const e = failed.get(w)
      if (e) w.reject(e)
      else {
        w.done?.()
        w.resolve()
      }
    }
  }
}
