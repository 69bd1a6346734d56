import { checkDingTalkSignature, PUBLISHED } from './published-rules'

/** The message types a WeCom robot takes that the chat page shows. */
export type MessageFormat = keyof typeof PUBLISHED.wecom.contentBytes

/**
 * The rules of a WeCom group robot, without the HTTP: what the simulator answers for a request.
 * Kept separate from the server so the rules read as a list.
 */

export interface ReceivedMessage {
  seq: number
  key: string
  receivedAt: string
  msgtype: MessageFormat
  content: string
  mentionedMobiles: string[]
  /** Which kind of robot received it (absent: WeCom, as before channel types). */
  platform?: 'wecom' | 'dingtalk' | 'feishu'
  /** The platform's own message type (DingTalk `markdown`, Feishu `interactive`…). */
  wireType?: string
  /** DingTalk Markdown title, Feishu post title or card header. */
  title?: string
  /** Feishu card header colour. */
  colour?: string
  /** Feishu user ids mentioned (`all` for everyone). */
  mentionedUserIds?: string[]
  /** DingTalk `isAtAll`. */
  atAll?: boolean
  /** Whether a signature was checked and passed. */
  signed?: boolean
  /** The request body exactly as received (to compare with what the studio previewed). */
  raw?: string
}

export interface RobotReply {
  errcode: number
  errmsg: string
}

export interface RobotOptions {
  /** Accepted keys; `*` accepts any key. */
  keys: readonly string[]
  /** Messages per rolling window per key before 45009 (WeCom: 20). */
  rateLimit: number
  /** The rolling window (WeCom: 60 s); tests shorten it. */
  windowMs: number
  /** Keys that require a DingTalk-style signature, with their secrets. */
  signatureSecrets?: Record<string, string>
  /** How many messages to keep (oldest dropped first). */
  keep?: number
  /** Keep each request body as received (`raw`), for tests that compare bytes; off: less memory. */
  keepRaw?: boolean
}

const HINT = (code: number) =>
  `, hint: [simulator], from ip: 127.0.0.1, more info at https://open.work.weixin.qq.com/devtool/query?e=${code}`

export class RobotRules {
  readonly messages: ReceivedMessage[] = []
  readonly replies = new Map<number, number>()
  #seq = 0
  readonly #sendTimes = new Map<string, number[]>()

  constructor(public options: RobotOptions) {}

  handle(rawUrl: URL, body: string, contentType: string, now = Date.now()): RobotReply {
    const reply = this.#decide(rawUrl, body, contentType, now)
    this.replies.set(reply.errcode, (this.replies.get(reply.errcode) ?? 0) + 1)
    return reply
  }

  #decide(url: URL, body: string, contentType: string, now: number): RobotReply {
    const key = url.searchParams.get('key') ?? ''
    if (!this.options.keys.includes('*') && !this.options.keys.includes(key)) {
      return { errcode: 93000, errmsg: `invalid webhook url${HINT(93000)}` }
    }
    const secret = this.options.signatureSecrets?.[key]
    if (secret) {
      const verdict = checkDingTalkSignature(url, secret, now)
      if (verdict !== 'ok')
        return { errcode: 310000, errmsg: `sign not match (${verdict})${HINT(310000)}` }
    }
    if (!/json/i.test(contentType) && !/^\s*\{/.test(body))
      return { errcode: 40008, errmsg: `invalid message type${HINT(40008)}` }
    let msg: Record<string, unknown>
    try {
      msg = JSON.parse(body) as Record<string, unknown>
    } catch {
      return { errcode: 40008, errmsg: `invalid message type, body is not json${HINT(40008)}` }
    }
    const msgtype = msg?.msgtype
    if (msgtype !== 'text' && msgtype !== 'markdown' && msgtype !== 'markdown_v2') {
      return { errcode: 40008, errmsg: `invalid message type${HINT(40008)}` }
    }
    const part = msg[msgtype] as { content?: unknown; mentioned_mobile_list?: unknown } | undefined
    const content = typeof part?.content === 'string' ? part.content : ''
    if (!content.trim()) return { errcode: 44004, errmsg: `empty content${HINT(44004)}` }
    const limit = PUBLISHED.wecom.contentBytes[msgtype]
    if (Buffer.byteLength(content) > limit) {
      return {
        errcode: 40058,
        errmsg: `${msgtype}.content exceed max length ${limit}${HINT(40058)}`,
      }
    }
    const times = (this.#sendTimes.get(key) ?? []).filter((t) => now - t < this.options.windowMs)
    if (times.length >= this.options.rateLimit) {
      this.#sendTimes.set(key, times)
      return { errcode: 45009, errmsg: `api freq out of limit${HINT(45009)}` }
    }
    times.push(now)
    this.#sendTimes.set(key, times)
    const mentions =
      msgtype === 'text' && Array.isArray(part?.mentioned_mobile_list)
        ? part.mentioned_mobile_list.map(String)
        : []
    this.messages.push({
      seq: ++this.#seq,
      key,
      receivedAt: new Date(now).toISOString(),
      msgtype,
      content,
      mentionedMobiles: mentions,
      ...(this.options.keepRaw ? { raw: body } : {}),
    })
    const keep = this.options.keep ?? 10_000
    if (this.messages.length > keep) this.messages.splice(0, this.messages.length - keep)
    return { errcode: 0, errmsg: 'ok' }
  }

  /** Records a message accepted by another robot kind (DingTalk, Feishu) in the same chat feed. */
  record({ raw, ...msg }: Omit<ReceivedMessage, 'seq'>): void {
    this.messages.push({ ...msg, ...(this.options.keepRaw ? { raw } : {}), seq: ++this.#seq })
    const keep = this.options.keep ?? 10_000
    if (this.messages.length > keep) this.messages.splice(0, this.messages.length - keep)
  }

  /** Counts a reply by code, for `stats()`. */
  count(code: number): void {
    this.replies.set(code, (this.replies.get(code) ?? 0) + 1)
  }

  clear(): void {
    this.messages.length = 0
    this.replies.clear()
    this.#sendTimes.clear()
  }

  /** Counts of replies by errcode, e.g. `{ "0": 20, "45009": 3 }`. */
  stats(): Record<string, number> {
    return Object.fromEntries([...this.replies].map(([code, n]) => [String(code), n]))
  }
}
