import type { MessageParts, SenderChannel } from '../sender'
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

/**
 * The headers every request of the relay carries: JSON as the content type unless the channel
 * sets its own (in any letter case: two Content-Type headers would let the server pick the wrong
 * one), the channel's headers, then the relay's mark last, so no configured header takes away
 * what breaks loops.
 */
export function requestHeaders(headers: Record<string, string> = {}): Record<string, string> {
  const own = Object.entries(headers).filter(([k]) => k.toLowerCase() !== RELAYED_HEADER)
  const typed = own.some(([k]) => k.toLowerCase() === 'content-type')
  return {
    ...(typed ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    ...Object.fromEntries(own),
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
    headers: requestHeaders(channel.headers),
    body,
    json,
  }
}
