import type { Alert } from '../alerts/model'

/** What makes two alerts "the same" for aggregation: fingerprint (else name, target, level) and state. */
export function aggregationKey(alert: Pick<Alert, 'status' | 'fingerprint' | 'vars'>): string {
  const id =
    alert.fingerprint ||
    [alert.vars.alarm_name, alert.vars.alarm_target, alert.vars.alarm_level].join('\u0000')
  return `${alert.status}\u0000${id}`
}

interface Window {
  /** When the alert was last sent; the window runs from here. */
  sentAt: number
  /** The alert that was sent (what later repeats are folded into). */
  alertId?: string
  /** Repeats folded since it was sent, to report with the next message. */
  repeats: number
  firstRepeatAt?: number
}

export type AggregateDecision =
  | { action: 'send'; repeats: number; firstRepeatAt?: number }
  | { action: 'fold'; sentAt: number; alertId?: string }

/**
 * The seed's "channel aggregate": an alert sent once is not sent again within the window; repeats
 * are counted and the count goes out with the next message for that alert, after the window.
 * Alerts still waiting in the queue are folded by the engine itself (it knows the queue).
 */
export class Aggregator {
  readonly #windows = new Map<string, Window>()

  constructor(private windowMs: () => number) {}

  /** Decides for an alert arriving at `now`. */
  decide(key: string, now: number): AggregateDecision {
    const w = this.#windows.get(key)
    if (w && now - w.sentAt < this.windowMs()) {
      w.repeats++
      w.firstRepeatAt ??= now
      return { action: 'fold', sentAt: w.sentAt, alertId: w.alertId }
    }
    return { action: 'send', repeats: w?.repeats ?? 0, firstRepeatAt: w?.firstRepeatAt }
  }

  /** The alert went out at `at`: a new window starts with the repeats that arrived during the send. */
  sent(key: string, at: number, carried = 0, alertId?: string): void {
    this.#windows.set(key, {
      sentAt: at,
      alertId,
      repeats: carried,
      firstRepeatAt: carried ? at : undefined,
    })
  }

  /** Windows kept (each a sent alert or its repeats): none means nothing to prune. */
  get size(): number {
    return this.#windows.size
  }

  /** Forgets windows that closed long ago (memory bound). */
  prune(now: number): void {
    for (const [key, w] of this.#windows)
      if (now - w.sentAt > this.windowMs() * 2 && !w.repeats) this.#windows.delete(key)
  }
}
