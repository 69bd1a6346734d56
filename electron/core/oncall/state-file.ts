import { open, rename } from 'node:fs/promises'

/**
 * Writes one small JSON state file off the event loop, coalesced: changes within `delayMs` become
 * one write, a write never overlaps another (changes made during one are written by the next),
 * and every write goes to a temporary file that is synced, then renamed over the old one, so a
 * crash leaves the previous state or the new one, never half of either.
 */
export class StateFile {
  readonly #file: string
  readonly #snapshot: () => unknown
  readonly #delayMs: number
  readonly #onError: (err: Error) => void
  #timer: NodeJS.Timeout | undefined
  #writing: Promise<void> | undefined
  /** Changed since the last write began. */
  #dirty = false
  /** A pending change asked to be written at once. */
  #urgent = false
  #closed = false
  /** Writes done (the measurement script and the tests read it). */
  writes = 0

  constructor(o: {
    file: string
    snapshot: () => unknown
    delayMs?: number
    onError?: (err: Error) => void
  }) {
    this.#file = o.file
    this.#snapshot = o.snapshot
    this.#delayMs = o.delayMs ?? 1000
    this.#onError = o.onError ?? ((err) => console.error(`oncall: ${err.message}`))
  }

  /** Something changed: write within `delayMs`, or now when `urgent` (a mute must outlive a crash). */
  changed(urgent = false): void {
    if (this.#closed) return
    this.#dirty = true
    if (urgent) {
      this.#urgent = true
      clearTimeout(this.#timer)
      this.#timer = undefined
      void this.#drain()
    } else this.#arm()
  }

  /** Resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    this.#urgent = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    while (this.#writing || this.#dirty) await (this.#writing ?? this.#drain())
  }

  /** Writes what is pending and accepts no more changes. */
  async close(): Promise<void> {
    await this.flush()
    this.#closed = true
  }

  /** One timer for the next write; none while a write runs (its end arms one if needed). */
  #arm(): void {
    if (this.#timer || this.#writing || this.#closed) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#drain()
    }, this.#delayMs)
    this.#timer.unref()
  }

  #drain(): Promise<void> {
    if (this.#writing) return this.#writing
    this.#urgent = false
    this.#dirty = false
    this.#writing = this.#write(JSON.stringify(this.#snapshot()))
      .catch((err: Error) => this.#onError(err))
      .finally(() => {
        this.#writing = undefined
        // Changes made meanwhile: at once if one was urgent, else after the usual delay.
        if (!this.#dirty) return
        if (this.#urgent) void this.#drain()
        else this.#arm()
      })
    return this.#writing
  }

  async #write(text: string): Promise<void> {
    const tmp = `${this.#file}.tmp`
    const handle = await open(tmp, 'w', 0o600)
    try {
      await handle.writeFile(text)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, this.#file)
    this.writes++
  }
}
