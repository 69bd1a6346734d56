import type { RelayEvents } from '../events'

/** "Until resumed": a pause end beyond any clock. */
export const FOREVER = 8.64e15

export interface PauseOptions {
  now: () => number
  events: RelayEvents
  /** Saves the pause (with the robot budgets), so a restart stays paused. */
  persist: () => void
  /** After a resume: send what waited. */
  resumed: () => void
}

/**
 * The engine's pause: sending stops (alerts are still accepted and queued) for a while, or until
 * resumed. Its end is kept in the delivery state file (`until`), read back at start.
 */
export class Pause {
  #until: number | null
  #timer?: NodeJS.Timeout

  constructor(
    saved: number | null,
    private readonly o: PauseOptions,
  ) {
    this.#until = saved && saved > o.now() ? saved : null
  }

  /** When the pause ends (ms since epoch; FOREVER: until resumed), or null when not paused. */
  get until(): number | null {
    return this.#until
  }

  /** Stops sending for `durationMs`, or until resumed. */
  pause(durationMs?: number): void {
    this.#until = durationMs ? this.o.now() + durationMs : FOREVER
    this.o.persist()
    clearTimeout(this.#timer)
    if (durationMs) this.#timer = setTimeout(() => this.resume(), durationMs + 5).unref()
    this.o.events.publish({
      type: 'paused',
      paused: true,
      until: durationMs ? new Date(this.#until).toISOString() : undefined,
    })
  }

  resume(): void {
    this.#until = null
    clearTimeout(this.#timer)
    this.o.persist()
    this.o.events.publish({ type: 'paused', paused: false })
    this.o.resumed()
  }

  /** Whether sending is paused at `now` (a pause that has run out ends here). */
  active(now: number): boolean {
    if (this.#until !== null && this.#until <= now) this.#until = null
    return this.#until !== null
  }

  /** The status fields: paused, and until when (null: until resumed, or not paused). */
  status(now: number): { paused: boolean; pausedUntil: string | null } {
    const paused = this.active(now)
    return {
      paused,
      pausedUntil: paused
        ? this.#until! >= FOREVER
          ? null
          : new Date(this.#until!).toISOString()
        : null,
    }
  }

  stop(): void {
    clearTimeout(this.#timer)
  }
}
