import type { RateWindow } from './published-rules'

/** Rolling-window counters per robot key: a send is allowed only when every window has room. */
export class RateWindows {
  readonly #times = new Map<string, number[]>()
  constructor(readonly windows: readonly RateWindow[]) {}

  /** The first window that is full for this key, or undefined (and the send is counted). */
  take(key: string, now: number): RateWindow | undefined {
    const longest = Math.max(...this.windows.map((w) => w.ms))
    const times = (this.#times.get(key) ?? []).filter((t) => now - t < longest)
    this.#times.set(key, times)
    const full = this.windows.find((w) => times.filter((t) => now - t < w.ms).length >= w.max)
    if (!full) times.push(now)
    return full
  }

  clear(): void {
    this.#times.clear()
  }
}
