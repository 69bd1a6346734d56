import { createHash } from 'node:crypto'

/**
 * The id of one alert's delivery to one channel, handed to scripts as RELAY_DELIVERY_ID and to
 * HTTP endpoints as the X-Relay-Delivery-Id header. Derived from the alert's id (kept in the
 * history and the outbox) and the channel's name, so a retry and a send after a crash or restart
 * carry the same id: delivery is at least once, and a receiver that remembers the ids it has
 * handled can make it exactly once. A resend by hand is a new delivery a person asked for, so its
 * time (`resentAt`, kept in the history on every record of that resend) is part of its id: a
 * receiver that skips repeats still acts on it, once.
 */
export function deliveryId(channel: string, alertId: string, resentAt?: string): string {
  const seed = resentAt ? `${channel}\n${alertId}\n${resentAt}` : `${channel}\n${alertId}`
  return createHash('sha256').update(seed).digest('hex').slice(0, 32)
}
