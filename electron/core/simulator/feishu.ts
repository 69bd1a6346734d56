import { feishuExpectedSign, PUBLISHED, type RateWindow } from './published-rules'
import type { RobotRules } from './robot'
import { RateWindows } from './windows'

export interface FeishuReply {
  code: number
  msg: string
  data: Record<string, never>
}

const BODY_LIMIT = PUBLISHED.feishu.bodyBytes

/**
 * The rules of a Feishu/Lark custom bot (POST /open-apis/bot/v2/hook/<token>): 19001 unknown
 * token, 19021 signature or clock, 9499 over 100 a minute, 11232 over 5 a second, `code: 0` for
 * success. Text, post and interactive messages are flattened into the shared chat feed.
 */
export class FeishuBot {
  readonly limiter: RateWindows
  constructor(
    private readonly feed: RobotRules,
    private readonly windows: readonly RateWindow[],
  ) {
    this.limiter = new RateWindows(windows)
  }

  handle(token: string, body: string, now = Date.now()): FeishuReply {
    const [code, msg] = this.#decide(token, body, now)
    this.feed.count(code)
    return { code, msg, data: {} }
  }

  #decide(token: string, body: string, now: number): [number, string] {
    const { keys, signatureSecrets } = this.feed.options
    if (!keys.includes('*') && !keys.includes(token))
      return [19001, 'param invalid: incoming webhook access token invalid']
    if (Buffer.byteLength(body) > BODY_LIMIT)
      return [19002, 'params error, request body exceeds 20 KB']
    let msg: Record<string, unknown>
    try {
      msg = JSON.parse(body) as Record<string, unknown>
    } catch {
      return [19002, 'params error, body is not json']
    }
    const secret = signatureSecrets?.[token]
    if (secret) {
      const ts = String(msg.timestamp ?? '')
      const ok =
        /^\d+$/.test(ts) &&
        Math.abs(now / 1000 - Number(ts)) <= PUBLISHED.feishu.signatureMaxSkewS &&
        msg.sign === feishuExpectedSign(secret, ts)
      if (!ok)
        return [19021, 'sign match fail or timestamp is not within one hour from current time']
    }
    const type = msg.msg_type
    const flat = flatten(type, msg)
    if (!flat)
      return [19002, 'params error, msg_type need text, post or interactive with its content']
    const full = this.limiter.take(token, now)
    if (full)
      return full.ms <= 1000
        ? [11232, 'frequency limited psm[lark.oapi.app_platform_runtime]appID[simulator]']
        : [9499, 'too many request']
    this.feed.record({
      key: token,
      receivedAt: new Date(now).toISOString(),
      msgtype: type === 'text' ? 'text' : 'markdown',
      content: flat.content,
      mentionedMobiles: [],
      platform: 'feishu',
      wireType: String(type),
      title: flat.title,
      colour: flat.colour,
      mentionedUserIds: flat.mentions,
      signed: !!secret,
      raw: body,
    })
    return [0, 'success']
  }
}

interface Flat {
  content: string
  title?: string
  colour?: string
  mentions: string[]
}

/** A Feishu message as plain lines for the chat page, with its mentions. */
function flatten(type: unknown, msg: Record<string, unknown>): Flat | undefined {
  const get = (o: unknown, ...path: string[]): unknown =>
    path.reduce<unknown>(
      (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      o,
    )
  if (type === 'text') {
    const text = get(msg, 'content', 'text')
    if (typeof text !== 'string' || !text.trim()) return undefined
    const mentions = [...text.matchAll(/<at user_id="([^"]+)">/g)].map((m) => m[1]!)
    return { content: text.replace(/<at user_id="([^"]+)"><\/at>/g, '@$1'), mentions }
  }
  if (type === 'post') {
    const post = get(msg, 'content', 'post') as
      Record<string, { title?: string; content?: unknown }> | undefined
    const lang = post && Object.values(post)[0]
    if (!lang || !Array.isArray(lang.content)) return undefined
    const mentions: string[] = []
    const lines = (lang.content as unknown[][]).map((line) =>
      (Array.isArray(line) ? line : [])
        .map((el) => {
          const e = el as { tag?: string; text?: string; href?: string; user_id?: string }
          if (e.tag === 'at') {
            mentions.push(String(e.user_id))
            return `@${e.user_id}`
          }
          if (e.tag === 'a') return `[${e.text}](${e.href})`
          return e.text ?? ''
        })
        .join(''),
    )
    return { content: lines.join('\n'), title: lang.title, mentions }
  }
  if (type === 'interactive') {
    const card = (msg.card ?? {}) as Record<string, unknown>
    const elements = Array.isArray(card.elements)
      ? (card.elements as Array<Record<string, unknown>>)
      : []
    const mentions: string[] = []
    const lines = elements.flatMap((el) => {
      if (el.tag === 'div') {
        const text = String(get(el, 'text', 'content') ?? '')
        for (const m of text.matchAll(/<at id=([^>\s]+)><\/at>/g)) mentions.push(m[1]!)
        return [text.replace(/<at id=([^>\s]+)><\/at>/g, '@$1')]
      }
      if (el.tag === 'action' && Array.isArray(el.actions))
        return [
          (el.actions as unknown[])
            .map((a) => `[${String(get(a, 'text', 'content'))}](${String(get(a, 'url'))})`)
            .join(' '),
        ]
      return []
    })
    if (!lines.join('').trim()) return undefined
    return {
      content: lines.join('\n'),
      title: String(get(card, 'header', 'title', 'content') ?? ''),
      colour: String(get(card, 'header', 'template') ?? ''),
      mentions,
    }
  }
  return undefined
}
