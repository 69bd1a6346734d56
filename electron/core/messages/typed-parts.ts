import type { Alert } from '../alerts/model'
import type { MessageParts } from '../channels/channel-sender'
import { deliveryId } from '../channels/script/delivery-id'
import { messageFacts } from './typed-compose'

/**
 * What an HTTP or script channel's sender builds its request from, for one message of alerts:
 * the composed text, the facts, the first alert's variables (the HTTP body template, the script's
 * environment) and the alert itself (the script's stdin). `channel` and `resentAt` (a resend by
 * hand) name the delivery: its id is the same on every retry of this alert to it. Delivery and the
 * template studio's preview both come here.
 */
export function alertParts(
  alerts: readonly Alert[],
  content: string,
  channel: string,
  resentAt?: string,
): MessageParts {
  const first = alerts[0]!
  return {
    content,
    ...messageFacts(alerts),
    deliveryId: deliveryId(channel, first.id, resentAt),
    context: { vars: first.vars, labels: first.labels, annotations: first.annotations },
    alert: {
      id: first.id,
      source: first.source,
      status: first.status,
      fingerprint: first.fingerprint,
      receivedAt: first.receivedAt,
      vars: first.vars,
      labels: first.labels,
      annotations: first.annotations,
    },
  }
}
