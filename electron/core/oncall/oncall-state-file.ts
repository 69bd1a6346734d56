import { writeFileAtomic } from '../files/atomic-write'
import { performance } from 'node:perf_hooks'

/**
 * At most this share of the event loop goes to serialising the state: a storm of distinct alerts
 * makes the set large (tens of MB), and writing it every second would take a fifth of the relay.
 */
const MAX_LOOP_SHARE = 0.05
/**
 * And at most this many bytes a second to the disk the history syncs on: a storm's firing set,
 * written whole every second, would compete with every alert's fdatasync.
 */
const MAX_BYTES_PER_SECOND = 2 * 1024 * 1024

/**
 * Writes one small JSON state file off the event loop, coalesced: changes within `delayMs` become
 * one write, a write never overlaps another (changes made during one are written by the next),
 * and every write is atomic and durable (`files/atomic-write.ts`), so a crash leaves the previous
 * state or the new one, never half of either.
 */
export class StateFile {
  readonly #file: string
  readonly #serialize: () => string | readonly Buffer[] | Promise<readonly Buffer[]>
  readonly #delayMs: number
  readonly #onError: (err: Error) => void
  readonly #onWritten: () => void
  #lastError: Error | undefined
  #timer: NodeJS.Timeout | undefined
  #writing: Promise<void> | undefined
  /** Changed since the last write began. */
  #dirty = false
  /** A pending change asked to be written at once. */
  #urgent = false
  #closed = false
  /** What the last serialisation cost (ms): the next timed write waits in proportion. */
  #lastCostMs = 0
  /** The last write's length (bytes, about): the next timed write waits in proportion too. */
  #lastBytes = 0
  readonly #clock: () => number
  /** Writes done (the measurement script and the tests read it). */
  writes = 0

  constructor(o: {
    file: string
    /**
     * The file's text (JSON), called when a write starts: a string, or its UTF-8 in pieces
     * (written as they are, so a large state is never encoded again whole), possibly made a
     * slice at a time. What it captures when called is what is written.
     */
    serialize: () => string | readonly Buffer[] | Promise<readonly Buffer[]>
    delayMs?: number
    onError?: (err: Error) => void
    /** Called when a write succeeds after one failed. */
    onWritten?: () => void
    /** Measures serialisation (ms); tests give a fake. */
    clock?: () => number
  }) {
    this.#clock = o.clock ?? (() => performance.now())
    this.#file = o.file
    this.#serialize = o.serialize
    this.#delayMs = o.delayMs ?? 1000
    this.#onError = o.onError ?? ((err) => console.error(`oncall: ${err.message}`))
    this.#onWritten = o.onWritten ?? (() => undefined)
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

  /**
   * Resolves once everything changed so far is on disk; rejects with the disk's error when the
   * write refused (the change stays in memory and is written again every `delayMs` until the disk
   * takes it).
   */
  async flush(): Promise<void> {
    this.#urgent = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    // A write under way may have started before the last change; the one after it carries it.
    while (this.#writing || this.#dirty) {
      await (this.#writing ?? this.#drain())
      if (this.#lastError && !this.#writing) break
    }
    if (this.#lastError) throw this.#lastError
  }

  /** The error of the last write, until one succeeds. */
  get failing(): Error | undefined {
    return this.#lastError
  }

  /** Writes what is pending and accepts no more changes (a refused write was already reported). */
  async close(): Promise<void> {
    await this.flush().catch(() => undefined)
    this.#closed = true
    clearTimeout(this.#timer)
  }

  /**
   * How long a timed write waits after a change: `delayMs`, or longer when serialising the state
   * costs more than its share of the loop or writing it more than its share of the disk. Urgent
   * writes (mutes, acknowledgements) never wait.
   */
  get nextDelayMs(): number {
    return Math.max(
      this.#delayMs,
      Math.ceil(this.#lastCostMs / MAX_LOOP_SHARE),
      Math.ceil((this.#lastBytes / MAX_BYTES_PER_SECOND) * 1000),
    )
  }

  /** One timer for the next write; none while a write runs (its end arms one if needed). */
  #arm(): void {
    if (this.#timer || this.#writing || this.#closed) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.#drain()
    }, this.nextDelayMs)
    this.#timer.unref()
  }

  #drain(): Promise<void> {
    if (this.#writing) return this.#writing
    this.#urgent = false
    this.#dirty = false
    const t0 = this.#clock()
    const serialized = this.#serialize()
    // The synchronous part is what holds the loop; a state made in slices yields between them.
    this.#lastCostMs = this.#clock() - t0
    this.#writing = Promise.resolve(serialized)
      .then((data) => {
        this.#lastBytes =
          typeof data === 'string' ? data.length : data.reduce((n, b) => n + b.length, 0)
        return this.#write(data)
      })
      .then(
        () => {
          const recovered = !!this.#lastError
          this.#lastError = undefined
          if (recovered) this.#onWritten()
        },
        (err: Error) => {
          this.#lastError = err
          // Not on disk: written again after the usual delay, with whatever changed meanwhile.
          this.#dirty = true
          this.#onError(err)
        },
      )
      .finally(() => {
        this.#writing = undefined
        // Changes made meanwhile: at once if one was urgent, else after the usual delay.
        if (!this.#dirty) return
        if (this.#urgent) void this.#drain()
        else this.#arm()
      })
    return this.#writing
  }

  async #write(data: string | readonly Buffer[]): Promise<void> {
    await writeFileAtomic(this.#file, data)
    this.writes++
  }
}
