/**
 * A robot's budget: at most `limit` sends in any sliding window (WeCom: 20 per 60 s). Every send
 * counts, follow-up mention messages included. The send times are what is persisted, so the
 * budget holds across a restart.
 */
export class SlidingWindowLimiter {
  #times: number[]

  constructor(
    public limit: number,
    readonly windowMs: number,
    times: readonly number[] = [],
  ) {
    this.#times = [...times].sort((a, b) => a - b)
  }

  #prune(now: number): void {
    let i = 0
    while (i < this.#times.length && this.#times[i]! <= now - this.windowMs) i++
    if (i) this.#times.splice(0, i)
  }

  /** Sends still allowed right now. */
  available(now: number): number {
    this.#prune(now)
    return Math.max(0, this.limit - this.#times.length)
  }

  /** The earliest time at which `n` sends are allowed. */
  nextFree(now: number, n = 1): number {
    this.#prune(now)
    const excess = this.#times.length + n - this.limit
    if (excess <= 0) return now
    return this.#times[excess - 1]! + this.windowMs + 1
  }

  /** Reserves a slot at send time, so that concurrent sends cannot overshoot the limit. */
  record(now: number): void {
    this.#times.push(now)
  }

  /**
   * Moves a reserved slot to when the robot answered. WeCom counts a message when it arrives,
   * which is never later than its answer: counting from the answer keeps the relay's window at
   * least as late as WeCom's, whatever the network latency was.
   */
  settle(reservedAt: number, answeredAt: number): void {
    const i = this.#times.lastIndexOf(reservedAt)
    if (i === -1 || answeredAt === reservedAt) return
    this.#times.splice(i, 1)
    let j = this.#times.length
    while (j > 0 && this.#times[j - 1]! > answeredAt) j--
    this.#times.splice(j, 0, answeredAt)
  }

  /** Sends inside the current window. */
  used(now: number): number {
    this.#prune(now)
    return this.#times.length
  }

  times(): number[] {
    return [...this.#times]
  }
}
