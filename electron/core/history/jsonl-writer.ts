import { constants } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'

/** Windows has no O_DSYNC: there each batch is followed by an fdatasync (FlushFileBuffers). */
const DSYNC = constants.O_DSYNC as number | undefined
const APPEND_FLAGS = constants.O_RDWR | constants.O_CREAT | constants.O_APPEND | (DSYNC ?? 0)

interface Waiter {
  data: Buffer
  onDurable?: (offset: number) => void
  resolve: () => void
  reject: (err: Error) => void
}

/**
 * Appends lines to one file with group commit: appends that arrive while a write is in flight are
 * written together and made durable together, so concurrent requests share the cost. The file is
 * opened O_DSYNC: a write returns once its data is on disk, as a write then fdatasync would, in
 * one trip to the thread pool instead of two (the second waited for a busy event loop to ask).
 * A failed write is cut back off the file (ftruncate), so a torn batch never precedes later lines.
 */
export class JsonlWriter {
  #queue: Waiter[] = []
  #busy = false
  #size: number

  private constructor(
    private readonly handle: FileHandle,
    size: number,
    readonly path: string,
  ) {
    this.#size = size
  }

  /**
   * Opens for appending. An unterminated last line can only be a write cut short by a crash (every
   * batch ends with a newline): it is cut off, so that the next line starts clean.
   */
  static async open(path: string): Promise<JsonlWriter> {
    const handle = await open(path, APPEND_FLAGS, 0o600)
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

  get size(): number {
    return this.#size
  }

  /**
   * Resolves once the lines are on disk (O_DSYNC). `onDurable` gets the file offset of the first
   * line, synchronously at that moment: whoever indexes the lines sees them in file order.
   */
  append(lines: string[], onDurable?: (offset: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const data = Buffer.from(lines.length ? `${lines.join('\n')}\n` : '')
      this.#queue.push({ data, onDurable, resolve, reject })
      void this.#drain()
    })
  }

  async #drain(): Promise<void> {
    if (this.#busy) return
    this.#busy = true
    try {
      while (this.#queue.length) {
        const batch = this.#queue
        this.#queue = []
        const buf = batch.length === 1 ? batch[0]!.data : Buffer.concat(batch.map((w) => w.data))
        try {
          let written = 0
          while (written < buf.length) {
            const { bytesWritten } = await this.handle.write(buf, written, buf.length - written)
            written += bytesWritten
          }
          if (!DSYNC) await this.handle.datasync()
          let offset = this.#size
          this.#size += buf.length
          for (const w of batch) {
            try {
              w.onDurable?.(offset)
            } catch (err) {
              // The lines are on disk whatever the indexer thinks: never cut them off for this.
              console.error(`history: indexing failed (${(err as Error).message}).`)
            }
            offset += w.data.length
            w.resolve()
          }
        } catch (err) {
          await this.handle.truncate(this.#size).catch(() => {})
          for (const w of batch) w.reject(err as Error)
        }
      }
    } finally {
      this.#busy = false
    }
  }

  async close(): Promise<void> {
    while (this.#busy || this.#queue.length) await new Promise((r) => setTimeout(r, 5))
    await this.handle.close()
  }
}
