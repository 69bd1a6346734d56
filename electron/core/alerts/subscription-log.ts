import type { SubscriptionRequest } from './sources/subscription'

/** A subscription request as the window lists it: when it came, and whether a person opened it. */
export interface SubscriptionEntry extends SubscriptionRequest {
  receivedAt: string
}

const KEPT = 20

/**
 * The topics that asked the relay to confirm a subscription, newest first, one per link (a topic
 * that asks again replaces its entry). Kept in memory: a topic re-sends the request until it is
 * confirmed, so a restart loses nothing a person still needs.
 */
export class SubscriptionLog {
  #entries: SubscriptionEntry[] = []

  add(request: SubscriptionRequest, now = new Date()): void {
    this.#entries = [
      { ...request, receivedAt: now.toISOString() },
      ...this.#entries.filter((e) => e.topic !== request.topic || !request.topic),
    ].slice(0, KEPT)
  }

  list(): SubscriptionEntry[] {
    return this.#entries.map((e) => ({ ...e }))
  }
}
