import { checkDingTalkSignature, PUBLISHED, type RateWindow } from './published-rules'
import type { RobotRules } from './robot'
import { RateWindows } from './windows'

export interface DingTalkReply {
  errcode: number
  errmsg: string
}

const BODY_LIMIT = PUBLISHED.dingtalk.bodyBytes

/**
 * The rules of a DingTalk custom robot (POST /robot/send?access_token=…), answering with
 * DingTalk's errcodes: 300001 unknown token, 310000 signature, 130101 over 20 a minute, 460101
 * too long. Accepted messages go into the shared chat feed.
 */
export class DingTalkRobot {
  readonly limiter: RateWindows
  constructor(
    private readonly feed: RobotRules,
    windows: readonly RateWindow[],
  ) {
    this.limiter = new RateWindows(windows)
  }

  handle(url: URL, body: string, now = Date.now()): DingTalkReply {
    const reply = this.#decide(url, body, now)
    this.feed.count(reply.errcode)
    return reply
  }

  #decide(url: URL, body: string, now: number): DingTalkReply {
    const token = url.searchParams.get('access_token') ?? ''
    const { keys, signatureSecrets } = this.feed.options
    if (!keys.includes('*') && !keys.includes(token))
      return { errcode: 300001, errmsg: 'token is not exist' }
    const secret = signatureSecrets?.[token]
    if (secret) {
      const verdict = checkDingTalkSignature(url, secret, now)
      if (verdict === 'missing')
        return { errcode: 310000, errmsg: 'sign not match, missing timestamp or sign' }
      if (verdict === 'expired')
        return { errcode: 310000, errmsg: 'invalid timestamp, more than one hour from now' }
      if (verdict === 'mismatch') return { errcode: 310000, errmsg: 'sign not match' }
    }
    if (Buffer.byteLength(body) > BODY_LIMIT)
      return { errcode: 460101, errmsg: `message too long, exceed ${BODY_LIMIT} bytes` }
    let msg: Record<string, unknown>
    try {
      msg = JSON.parse(body) as Record<string, unknown>
    } catch {
      return { errcode: 40035, errmsg: 'missing parameter json' }
    }
    const type = msg?.msgtype
    if (type !== 'text' && type !== 'markdown')
      return { errcode: 400105, errmsg: 'unsupported msgtype' }
    const part = (msg[type] ?? {}) as Record<string, unknown>
    const content = String(type === 'text' ? (part.content ?? '') : (part.text ?? ''))
    const title = typeof part.title === 'string' ? part.title : undefined
    if (!content.trim())
      return {
        errcode: 40035,
        errmsg: `missing parameter ${type === 'text' ? 'text.content' : 'markdown.text'}`,
      }
    if (type === 'markdown' && !title?.trim())
      return { errcode: 40035, errmsg: 'missing parameter markdown.title' }
    if (this.limiter.take(token, now))
      return { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }
    const at = (msg.at ?? {}) as { atMobiles?: unknown; isAtAll?: unknown }
    const atMobiles = Array.isArray(at.atMobiles) ? at.atMobiles.map(String) : []
    // DingTalk notifies a mobile only if `@mobile` is in the text (text and Markdown alike).
    const notified = atMobiles.filter((m) => content.includes(`@${m}`))
    this.feed.record({
      key: token,
      receivedAt: new Date(now).toISOString(),
      msgtype: type,
      content,
      mentionedMobiles: notified,
      platform: 'dingtalk',
      wireType: type,
      title,
      atAll: at.isAtAll === true,
      signed: !!secret,
      raw: body,
    })
    return { errcode: 0, errmsg: 'ok' }
  }
}
