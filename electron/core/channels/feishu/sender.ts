import { feishuCodeOf } from '../http/classify'
import { robotSecrets, sendAndClassify } from '../http/transport'
import { DispatcherPool } from '../proxy'
import type { ChannelSender, MessageParts, PreparedMessage, SenderChannel } from '../channel-sender'
import type { SendResult } from '../wecom/sender'
import { feishuBody } from './body'
import { feishuCodeInfo } from './errcodes'
import { signFeishuBody } from './sign'
import { say } from '../../text/core-text'

const RULES = {
  codeOf: feishuCodeOf,
  messageOf: (j: Record<string, unknown>) => {
    const m = j.msg ?? j.StatusMessage
    return typeof m === 'string' ? m : undefined
  },
  explain: feishuCodeInfo,
  urlHint: 'https://open.feishu.cn/open-apis/bot/v2/hook/… (or open.larksuite.com)',
  who: say('phrase.feishuBot'),
  aWho: say('phrase.aFeishuBot'),
}

/** Feishu/Lark custom bots; the signature (seconds) is computed at send time, into the body. */
export class FeishuSender implements ChannelSender {
  readonly type = 'feishu' as const
  constructor(private readonly pool = new DispatcherPool()) {}

  build(channel: SenderChannel, parts: MessageParts): PreparedMessage[] {
    // Written by the composer's Feishu post and card (./body.ts), as delivery does.
    return feishuBody(
      {
        channelFormat: channel.format,
        mentionMobiles: channel.mentionMobiles,
        mentionUserIds: channel.mentionUserIds,
      },
      parts,
    )
  }

  async send(
    channel: SenderChannel,
    endpoint: string,
    message: PreparedMessage,
    now = Date.now(),
  ): Promise<SendResult> {
    // The hook token, in the path, is among them: the type's facts name it.
    const secrets = robotSecrets(endpoint, channel)
    const payload = JSON.stringify(
      signFeishuBody(message.body as object, channel.signatureKey, now),
    )
    return sendAndClassify(
      this.pool,
      {
        url: endpoint,
        body: payload,
        proxy: channel.proxy,
        timeoutMs: channel.timeoutSeconds * 1000,
        secrets,
      },
      channel.verify,
      RULES,
      { readText: withCode },
    )
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}

/**
 * Older bots answer `{"StatusCode":0,"StatusMessage":"success"}`, newer ones `{"code":0,…}`: the
 * old answer is given a `code` so that the default rule (`code` = 0) judges both alike.
 */
function withCode(text: string): string {
  try {
    const j = JSON.parse(text) as Record<string, unknown>
    if (j && typeof j === 'object' && j.code === undefined && j.StatusCode !== undefined)
      return JSON.stringify({ ...j, code: j.StatusCode })
  } catch {
    // not JSON: classified as it is
  }
  return text
}
