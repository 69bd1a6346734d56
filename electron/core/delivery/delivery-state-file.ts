import { existsSync, readFileSync } from 'node:fs'
import { writeFileAtomic } from '../files/atomic-write'

/** What the delivery engine must remember across restarts: robot send times and the pause. */
export interface DeliveryState {
  version: 1
  /** Robot id (a hash of its URL, never the key) → send times (ms). */
  robots: Record<string, number[]>
  /** ms since epoch; null: not paused; a huge number: until resumed. */
  pausedUntil: number | null
}

export function readDeliveryState(path: string): DeliveryState {
  try {
    if (existsSync(path)) {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<DeliveryState>
      if (raw && raw.version === 1 && raw.robots && typeof raw.robots === 'object') {
        return {
          version: 1,
          robots: raw.robots,
          pausedUntil: typeof raw.pausedUntil === 'number' ? raw.pausedUntil : null,
        }
      }
    }
  } catch {
    // A damaged state file costs at most one window of caution; start clean.
  }
  return { version: 1, robots: {}, pausedUntil: null }
}

/**
 * Writes the state file off the event loop, coalesced: a save asked for while one is being
 * written waits for the next write, which takes the state as it is when it starts, so any number
 * of saves during one write cost one more. `save()` resolves once a write that began after the
 * call has replaced the file (what a send waits for before its request leaves); it never rejects:
 * `failed` is told, and memory still holds the budget.
 */
export class DeliveryStateWriter {
  #running?: Promise<void>
  #queued?: Promise<void>

  constructor(
    private readonly path: string,
    private readonly build: () => DeliveryState,
    private readonly reports: { succeeded?: () => void; failed?: (err: unknown) => void } = {},
  ) {}

  save(): Promise<void> {
    if (this.#queued) return this.#queued
    if (!this.#running) return this.#start()
    const after = () => {
      this.#queued = undefined
      return this.#start()
    }
    this.#queued = this.#running.then(after)
    return this.#queued
  }

  /** Waits for every save asked for so far. */
  async flush(): Promise<void> {
    while (this.#queued ?? this.#running) await (this.#queued ?? this.#running)
  }

  #start(): Promise<void> {
    const state = this.build()
    const p = writeFileAtomic(this.path, JSON.stringify(state))
      .then(
        () => this.reports.succeeded?.(),
        (err: unknown) => this.reports.failed?.(err),
      )
      .finally(() => {
        if (this.#running === p) this.#running = undefined
      })
    this.#running = p
    return p
  }
}
