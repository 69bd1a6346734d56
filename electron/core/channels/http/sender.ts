import { secretsOfUrl } from '../../secrets/mask'
import { DispatcherPool } from '../proxy'
import type { ChannelSender, MessageParts, PreparedMessage, SenderChannel } from '../sender'
import type { SendResult } from '../wecom/sender'
import { buildHttpRequest } from './request'
import { sendAndClassify } from './transport'

/** Header values are credentials as often as not (Authorization, X-Api-Key): all are masked. */
export function headerSecrets(headers: Record<string, string>): string[] {
  return Object.values(headers).flatMap((v) => [v, ...v.split(/\s+/).filter((p) => p.length >= 8)])
}

/**
 * Any webhook: the body template rendered for the alert, sent with the channel's method and
 * headers, and judged by the channel's verification rule (status codes, regex or JSON key-value).
 */
export class HttpSender implements ChannelSender {
  readonly type = 'http' as const
  constructor(private readonly pool = new DispatcherPool()) {}

  build(channel: SenderChannel, parts: MessageParts): PreparedMessage[] {
    const { body } = buildHttpRequest(channel, parts)
    return [
      {
        body,
        bytes: Buffer.byteLength(body),
        truncated: false,
        role: 'alert',
        deliveryId: parts.deliveryId,
      },
    ]
  }

  async send(
    channel: SenderChannel,
    endpoint: string,
    message: PreparedMessage,
  ): Promise<SendResult> {
    const url = endpoint || channel.url
    const secrets = [
      ...secretsOfUrl(url),
      ...headerSecrets(channel.headers),
      ...secretsOfUrl(channel.proxy),
    ]
    const payload = typeof message.body === 'string' ? message.body : JSON.stringify(message.body)
    return sendAndClassify(
      this.pool,
      {
        url,
        method: channel.method,
        headers: channel.headers,
        body: payload,
        proxy: channel.proxy,
        timeoutMs: channel.timeoutSeconds * 1000,
        deliveryId: message.deliveryId,
        secrets,
      },
      channel.verify,
      { urlHint: 'the address your service expects', who: 'The HTTP endpoint' },
    )
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
