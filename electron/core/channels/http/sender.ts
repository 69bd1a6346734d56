import { redact, secretsOfUrl } from '../../secrets/mask'
import { channelUrlSecrets } from '../catalog'
import { DispatcherPool } from '../proxy'
import type { ChannelSender, MessageParts, PreparedMessage, SenderChannel } from '../channel-sender'
import type { SendResult } from '../wecom/sender'
import { buildHttpRequest } from './request'
import { headersProblem } from '../../http/headers'
import { maskEndpoint, sendAndClassify } from './transport'
import { mapText, say } from '../../text/core-text'

/** Channels whose connections are kept; past it, the least recently used one's are closed. */
const MAX_POOLS = 256

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
  /**
   * Connection pools per channel (its name, address, headers, proxy and timeout), never shared
   * with another channel: a channel whose endpoint hangs or whose requests fail cannot use up the
   * connections of another channel to the same host and port, so each channel's timeout holds.
   */
  readonly #pools = new Map<string, DispatcherPool>()

  #poolOf(channel: SenderChannel, url: string): DispatcherPool {
    const key = JSON.stringify([
      (channel as { name?: string }).name ?? '',
      url,
      channel.method,
      channel.headers,
      channel.proxy,
      channel.timeoutSeconds,
    ])
    let pool = this.#pools.get(key)
    if (pool) {
      // Most recently used last, so the oldest is the one let go below.
      this.#pools.delete(key)
      this.#pools.set(key, pool)
      return pool
    }
    pool = new DispatcherPool()
    this.#pools.set(key, pool)
    if (this.#pools.size > MAX_POOLS) {
      const [oldest, old] = this.#pools.entries().next().value as [string, DispatcherPool]
      this.#pools.delete(oldest)
      void old.close()
    }
    return pool
  }

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
      ...channelUrlSecrets(channel.type, url),
      ...headerSecrets(channel.headers),
      ...secretsOfUrl(channel.proxy),
    ]
    const payload = typeof message.body === 'string' ? message.body : JSON.stringify(message.body)
    // Settings saved before headers were checked may still hold one that cannot be sent.
    const problem = headersProblem(channel.headers)
    if (problem)
      return {
        ok: false,
        outcome: 'permanent',
        errorCode: 'BAD_HEADER',
        explanation: mapText(problem, (s) => redact(s, secrets)),
        fix: say('send.badHeaderFix'),
        requestBytes: Buffer.byteLength(payload),
        latencyMs: 0,
        maskedUrl: maskEndpoint(url, secrets),
      }
    return sendAndClassify(
      this.#poolOf(channel, url),
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
      {
        urlHint: say('phrase.httpHint'),
        who: say('phrase.httpEndpoint'),
        aWho: say('phrase.anHttpEndpoint'),
      },
    )
  }

  async close(): Promise<void> {
    const all = [...this.#pools.values()]
    this.#pools.clear()
    await Promise.allSettled(all.map((p) => p.close()))
  }
}
