import { errcodeOf } from '../http/classify'
import { maskEndpoint, robotSecrets, sendAndClassify } from '../http/transport'
import { DispatcherPool } from '../proxy'
import type { ChannelSender, PreparedMessage, SenderChannel } from '../channel-sender'
import { signWebhookUrl } from '../dingtalk-signing'
import type { SendResult } from '../wecom/sender'
import { dingtalkBody } from './body'
import { dingtalkErrcodeInfo } from './errcodes'
import { say } from '../../text/core-text'

const RULES = {
  codeOf: errcodeOf,
  messageOf: (j: Record<string, unknown>) => (typeof j.errmsg === 'string' ? j.errmsg : undefined),
  explain: dingtalkErrcodeInfo,
  urlHint: 'https://oapi.dingtalk.com/robot/send?access_token=…',
  who: say('phrase.dingtalkRobot'),
  aWho: say('phrase.aDingtalkRobot'),
}

/**
 * DingTalk custom robots. With a signature key (加签), each request carries `timestamp` (ms) and
 * `sign` as query parameters, computed at send time: DingTalk refuses signatures older than an
 * hour, so a message retried later is signed again.
 */
export class DingTalkSender implements ChannelSender {
  readonly type = 'dingtalk' as const
  constructor(private readonly pool = new DispatcherPool()) {}

  build(channel: SenderChannel, parts: Parameters<ChannelSender['build']>[1]): PreparedMessage[] {
    // Written by the composer's DingTalk Markdown (./body.ts), as delivery does.
    return dingtalkBody(
      { channelFormat: channel.format, mentionMobiles: channel.mentionMobiles },
      parts,
    )
  }

  async send(
    channel: SenderChannel,
    endpoint: string,
    message: PreparedMessage,
    now = Date.now(),
  ): Promise<SendResult> {
    const secrets = robotSecrets(endpoint, channel)
    let url = endpoint
    try {
      url = signWebhookUrl(endpoint, channel.signatureKey, now)
    } catch {
      // not a URL: httpCall explains it
    }
    return sendAndClassify(
      this.pool,
      {
        url,
        body: JSON.stringify(message.body),
        proxy: channel.proxy,
        timeoutMs: channel.timeoutSeconds * 1000,
        secrets,
      },
      channel.verify,
      RULES,
      { maskedUrl: maskEndpoint(endpoint, secrets) },
    )
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}
