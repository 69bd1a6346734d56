import type { RateWindow } from '../channels/limits'
import { SlidingWindowLimiter } from './limiter'

/**
 * A robot budget with several windows at once (Feishu: 100 a minute and 5 a second). It is a
 * SlidingWindowLimiter for the longest window, so pools, status and the state file keep working
 * unchanged; the shorter windows only narrow `available` and push `nextFree` later. The send
 * times of the longest window are what is persisted, and they rebuild the shorter ones.
 */
export class MultiWindowLimiter extends SlidingWindowLimiter {
  readonly #shorter: SlidingWindowLimiter[]

  constructor(windows: readonly RateWindow[], times: readonly number[] = []) {
    const sorted = [...windows].sort((a, b) => b.ms - a.ms)
    const longest = sorted[0] ?? { max: Number.MAX_SAFE_INTEGER, ms: 60_000 }
    super(longest.max, longest.ms, times)
    this.#shorter = sorted.slice(1).map((w) => new SlidingWindowLimiter(w.max, w.ms, times))
  }

  override available(now: number): number {
    return Math.min(super.available(now), ...this.#shorter.map((l) => l.available(now)))
  }

  override nextFree(now: number, n = 1): number {
    return Math.max(super.nextFree(now, n), ...this.#shorter.map((l) => l.nextFree(now, n)))
  }

  override record(now: number): void {
    super.record(now)
    for (const l of this.#shorter) l.record(now)
  }

  override settle(reservedAt: number, answeredAt: number): void {
    super.settle(reservedAt, answeredAt)
    for (const l of this.#shorter) l.settle(reservedAt, answeredAt)
  }
}
