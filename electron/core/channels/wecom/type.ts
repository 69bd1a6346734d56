import type { ChannelTypeModule } from '../channel-type'
import type { ChannelSender, MessageParts, PreparedMessage, SenderChannel } from '../channel-sender'
import { weComFormat } from '../type-names'
import { wecomFacts } from './facts'
import { buildMessages, WeComSender, type SendResult, type WeComBody } from './sender'
import { wecomBody, wecomBodyReserve } from './body'

/** WeCom's sender seen through the common interface (message building stays in body.ts). */
class WeComChannelSender implements ChannelSender {
  readonly type = 'wecom' as const
  constructor(
    readonly sender: WeComSender,
    private readonly owned: boolean,
  ) {}

  build(channel: SenderChannel, parts: MessageParts): PreparedMessage[] {
    return buildMessages({
      format: weComFormat(channel.format),
      content: parts.content,
      mentionMobiles: channel.mentionMobiles,
      mentionText: parts.mentionText,
    })
  }

  send(channel: SenderChannel, endpoint: string, message: PreparedMessage): Promise<SendResult> {
    return this.sender.send(
      {
        url: endpoint,
        proxy: channel.proxy,
        signatureKey: channel.signatureKey,
        timeoutMs: channel.timeoutSeconds * 1000,
        verify: channel.verify,
      },
      message.body as WeComBody,
    )
  }

  async close(): Promise<void> {
    if (this.owned) await this.sender.close()
  }
}

export const wecomType: ChannelTypeModule = {
  facts: wecomFacts,
  writeBody: wecomBody,
  bodyReserve: wecomBodyReserve,
  bodyIsView: true,
  createSender: ({ pool, wecom }) => new WeComChannelSender(wecom ?? new WeComSender(pool), !wecom),
}
