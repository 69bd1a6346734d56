import { DingTalkSender } from './dingtalk/sender'
import { FeishuSender } from './feishu/sender'
import { HttpSender } from './http/sender'
import { DispatcherPool } from './proxy'
import { ScriptSender } from './script/sender'
import type { ChannelSender, MessageParts, PreparedMessage, SenderChannel } from './sender'
import type { ChannelType } from './types'
import { buildMessages, WeComSender, type SendResult, type WeComBody } from './wecom/sender'

/** WeCom's sender seen through the common interface (message building stays in wecom/body.ts). */
export class WeComChannelSender implements ChannelSender {
  readonly type = 'wecom' as const
  constructor(readonly sender: WeComSender) {}

  build(channel: SenderChannel, parts: MessageParts): PreparedMessage[] {
    const format =
      channel.format === 'text' || channel.format === 'markdown_v2' ? channel.format : 'markdown'
    return buildMessages({
      format,
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

  close(): Promise<void> {
    return this.sender.close()
  }
}

export type ChannelSenders = Record<ChannelType, ChannelSender> & { close(): Promise<void> }

/**
 * One sender per type, DingTalk and Feishu sharing one set of connection pools (one per proxy),
 * HTTP channels each with their own (http/sender.ts). A WeCom
 * sender passed in stays its owner's to close.
 */
export function createChannelSenders(wecom?: WeComSender): ChannelSenders {
  const pool = new DispatcherPool()
  const senders = {
    wecom: new WeComChannelSender(wecom ?? new WeComSender(pool)),
    dingtalk: new DingTalkSender(pool),
    feishu: new FeishuSender(pool),
    http: new HttpSender(),
    script: new ScriptSender(),
  }
  return {
    ...senders,
    async close() {
      await Promise.allSettled([
        wecom ? undefined : senders.wecom.close(),
        senders.http.close(),
        pool.close(),
      ])
    },
  }
}
