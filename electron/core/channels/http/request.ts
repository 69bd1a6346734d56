import type { MessageParts, SenderChannel } from '../channel-sender'
import { RELAYED_HEADER } from '../loop'
import { isJsonContentType, renderHttpBody } from './body'

/** One HTTP channel request as it goes on the wire (before the transport adds Host and length). */
export interface HttpRequest {
  method: 'POST' | 'PUT'
  url: string
  headers: Record<string, string>
  body: string
  /** True when the body was rendered with JSON escaping (a JSON content type, or none set). */
  json: boolean
}

/** An HTTP channel's delivery id (RELAY_DELIVERY_ID for scripts), so a receiver can skip a repeat. */
export const DELIVERY_ID_HEADER = 'x-relay-delivery-id'

/**
 * The headers every request of the relay carries: JSON as the content type unless the channel
 * sets its own (in any letter case: two Content-Type headers would let the server pick the wrong
 * one), the channel's headers, then the delivery's id (of an HTTP channel's alert) and the relay's
 * mark last, so no configured header takes away what breaks loops or names the delivery.
 */
export function requestHeaders(
  headers: Record<string, string> = {},
  deliveryId?: string,
): Record<string, string> {
  const own = Object.entries(headers).filter(
    ([k]) => ![RELAYED_HEADER, DELIVERY_ID_HEADER].includes(k.toLowerCase()),
  )
  const typed = own.some(([k]) => k.toLowerCase() === 'content-type')
  return {
    ...(typed ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...Object.fromEntries(own),
    ...(deliveryId ? { [DELIVERY_ID_HEADER]: deliveryId } : {}),
    [RELAYED_HEADER]: '1',
  }
}

/**
 * The request an HTTP channel sends for one message: the body template rendered for the alert
 * (JSON-escaped when the content type is JSON), with the channel's method and headers. The sender
 * and the template studio's preview both come here, so what is previewed is what is sent.
 */
export function buildHttpRequest(
  channel: Pick<SenderChannel, 'url' | 'method' | 'headers' | 'body'>,
  parts: MessageParts,
  endpoint = '',
): HttpRequest {
  const json = isJsonContentType(channel.headers)
  const body = renderHttpBody(
    channel.body ?? '',
    parts.context ?? { vars: { alarm_name: parts.title, alarm_level: parts.level } },
    json,
  )
  return {
    method: channel.method,
    url: endpoint || channel.url,
    headers: requestHeaders(channel.headers, parts.deliveryId),
    body,
    json,
  }
}
