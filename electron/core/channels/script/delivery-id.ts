import { createHash } from 'node:crypto'

/**
 * The id of one alert's delivery to one channel, handed to scripts as RELAY_DELIVERY_ID. Derived
 * from the alert's id (kept in the history and the outbox) and the channel's name, so a retry
 * and a resend after a crash or restart carry the same id: delivery is at least once, and a
 * script that remembers the ids it has handled can make it exactly once.
 */
export function deliveryId(channel: string, alertId: string): string {
  return createHash('sha256').update(`${channel}\n${alertId}`).digest('hex').slice(0, 32)
}
