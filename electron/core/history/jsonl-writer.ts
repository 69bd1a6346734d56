import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

/** Windows has no O_DSYNC: there each batch is followed by an fdatasync (FlushFileBuffers). */
const DSYNC = constants.O_DSYNC as number | undefined
/**
 * Not O_APPEND: each batch is written at its own offset (Linux ignores pwrite's offset on an
 * O_APPEND file), which is what lets a second batch be written while the first is syncing.
 */
const WRITE_FLAGS = constants.O_RDWR | constants.O_CREAT | (DSYNC ?? 0)
/**
 * Batches written at once. Two keep the disk busy while the event loop prepares the next batch:
 * with one, senders that each wait for their answer all waited for the same sync, then all sent
 * their next request into an idle disk, and the batches alternated between one request and the rest.
 */
const IN_FLIGHT = 2

interface Waiter {
  data: Buffer
  onDurable?: (offset: number) => void
  resolve: () => void
  reject: (err: Error) => void
}

interface Batch {
  waiters: Waiter[]
  start: number
  length: number
  state: 'writing' | 'written' | 'failed'
  err?: Error
}

/**
 * Appends lines to one file with group commit: appends that arrive while writes are in flight are
 * written together and made durable together, so concurrent requests share the cost. The file is
 * opened O_DSYNC: a write returns once its data is on disk, as a write then fdatasync would, in
 * one trip to the thread pool instead of two. Up to two batches are written at once, each at its
 * own offset; they are acknowledged strictly in file order, so a batch is never reported durable
 * while an earlier one might still be lost, and lines are indexed in file order.
 * A failed write is cut back off the file (ftruncate) with every batch after it, all of them
 * refused, so a torn batch never precedes later lines.
 */
export class JsonlWriter {
  #queue: Waiter[] = []
  /** Batches being written or waiting for an earlier one, in file order. */
  #inFlight: Batch[] = []
  /** Set while a failure waits for the writes after it to finish before cutting the file. */
  #failing = false
  /** What is acknowledged on disk. */
  #size: number
  /** Where the next batch goes: the acknowledged size plus the batches in flight. */
  #end: number

  private constructor(
    private readonly handle: FileHandle,
    size: number,
    readonly path: string,
  ) {
    this.#size = size
    this.#end = size
  }

  /**
   * Opens for appending. An unterminated last line can only be a write cut short by a crash (every
   * batch ends with a newline): it is cut off, so that the next line starts clean.
   */
  static async open(path: string): Promise<JsonlWriter> {
    const handle = await open(path, WRITE_FLAGS, 0o600)
    let { size } = await handle.stat()
    if (size > 0) {
      const tail = Buffer.alloc(Math.min(size, 64 * 1024))
      await handle.read(tail, 0, tail.length, size - tail.length)
      if (tail[tail.length - 1] !== 0x0a) {
        const lastNewline = tail.lastIndexOf(0x0a)
        if (lastNewline === -1 && size > tail.length) {
          // A torn line longer than we look back: end it, so it is skipped as one damaged line.
          await handle.write('\n', size)
          size += 1
        } else {
          size = lastNewline === -1 ? 0 : size - tail.length + lastNewline + 1
          await handle.truncate(size)
        }
      }
    }
    return new JsonlWriter(handle, size, path)
  }

  /** The file's length once the writes in flight land: what decides when a segment is full. */
  get size(): number {
    return this.#end
  }

  /**
   * Resolves once the lines are on disk (O_DSYNC). `onDurable` gets the file offset of the first
   * line, synchronously at that moment: whoever indexes the lines sees them in file order.
   */
  append(lines: string[], onDurable?: (offset: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const data = Buffer.from(lines.length ? `${lines.join('\n')}\n` : '')
      this.#queue.push({ data, onDurable, resolve, reject })
      this.#start()
    })
  }

  /** Starts writing what is queued, while fewer than IN_FLIGHT batches are being written. */
  #start(): void {
    while (!this.#failing && this.#queue.length && this.#inFlight.length < IN_FLIGHT) {
      const waiters = this.#queue
      this.#queue = []
      const buf =
        waiters.length === 1 ? waiters[0]!.data : Buffer.concat(waiters.map((w) => w.data))
      const batch: Batch = { waiters, start: this.#end, length: buf.length, state: 'writing' }
      this.#end += buf.length
      this.#inFlight.push(batch)
      this.#write(buf, batch.start).then(
        () => {
          batch.state = 'written'
          this.#settle()
        },
        (err: Error) => {
          batch.state = 'failed'
          batch.err = err
          this.#settle()
        },
      )
    }
  }

  async #write(buf: Buffer, position: number): Promise<void> {
    let written = 0
    while (written < buf.length) {
      const { bytesWritten } = await this.handle.write(
        buf,
        written,
        buf.length - written,
        position + written,
      )
      written += bytesWritten
    }
    if (!DSYNC) await this.handle.datasync()
  }

  /** Acknowledges written batches in file order; after a failure, cuts and refuses the rest. */
  #settle(): void {
    while (this.#inFlight[0]?.state === 'written' && !this.#failing) {
      const batch = this.#inFlight.shift()!
      let offset = batch.start
      this.#size = batch.start + batch.length
      for (const w of batch.waiters) {
        try {
          w.onDurable?.(offset)
        } catch (err) {
          // The lines are on disk whatever the indexer thinks: never cut them off for this.
          console.error(`history: indexing failed (${(err as Error).message}).`)
        }
        offset += w.data.length
        w.resolve()
      }
    }
    if (this.#inFlight[0]?.state === 'failed') this.#failing = true
    if (this.#failing) {
      // Every later batch is refused with it: written after a hole, none may be acknowledged.
      if (this.#inFlight.some((b) => b.state === 'writing')) return
      const failed = this.#inFlight
      this.#inFlight = []
      const err = failed[0]!.err!
      this.#end = this.#size
      void this.handle
        .truncate(this.#size)
        .catch(() => {})
        .then(() => {
          for (const b of failed) for (const w of b.waiters) w.reject(err)
          this.#failing = false
          this.#start()
        })
      return
    }
    this.#start()
  }

  async close(): Promise<void> {
    while (this.#inFlight.length || this.#queue.length || this.#failing)
      await new Promise((r) => setTimeout(r, 5))
    await this.handle.close()
  }
}
