import type { Alert } from '../alerts/model'
import { channelFacts } from '../channels/catalog'
import { contentByteLimit } from '../channels/limits'
import type { MessageParts, PreparedMessage, RobotBodySettings } from '../channels/channel-sender'
import { isTypedRobot, robotBody } from '../channels/robot-bodies'
import type { ChannelType } from '../channels/type-names'
import { actionLinks, actionLinksReserve } from './action-links'
import { buildNext, type DigestInput } from './digest'
import { cardContentAsWeCom, levelColour } from '../channels/feishu/card'
import type { TemplateLanguage } from '../templates/defaults'
import type { MessageFormat } from '../templates/formats'
import type { BuiltMessage } from './digest'
import type { OutgoingMessage } from '../channels/wecom/body'

export { isTypedRobot }

/** The channel settings the typed composers read beyond the common ones. */
export interface TypedChannel extends RobotBodySettings {
  type: ChannelType
}

/** The links one alert's message offers (a card's buttons), in the channel's language. */
const LINKS = [
  ['alarm_url', 'Open', '打开'],
  ['alarm_dashboard_url', 'Dashboard', '仪表盘'],
  ['alarm_runbook_url', 'Runbook', '处理手册'],
  ['alarm_silence_url', 'Silence', '静默'],
] as const

/**
 * The facts a message states beside its text, from the alerts it carries: the title (the name,
 * marked when resolved, or the count of a digest), the first alert's level and status (a card's
 * colour) and their links (buttons, post links): an alert's source, dashboard, runbook and
 * silence; a digest's first three sources.
 */
export function messageFacts(
  alerts: ReadonlyArray<Pick<Alert, 'vars' | 'status'>>,
  language?: TemplateLanguage,
): Pick<MessageParts, 'title' | 'level' | 'status' | 'links'> {
  const first = alerts[0]!
  const zh = language === 'zh'
  const links =
    alerts.length === 1
      ? LINKS.flatMap(([v, en, cn]) => {
          const url = first.vars[v]
          return url ? [{ text: zh ? cn : en, url }] : []
        })
      : alerts
          .map((a) => a.vars.alarm_url)
          .filter((u): u is string => !!u)
          .slice(0, 3)
          .map((url, n) => ({ text: `${zh ? '打开' : 'Open'} ${n + 1}`, url }))
  return {
    title:
      alerts.length === 1
        ? `${first.vars.alarm_name ?? 'Alert'}${first.status === 'resolved' ? ' (resolved)' : ''}`
        : `${alerts.length} alerts`,
    level: first.vars.alarm_level,
    status: first.status,
    links,
  }
}

/** Whether the channel's messages are Feishu/Lark interactive cards (neither text nor post). */
function isFeishuCard(channel: TypedChannel): boolean {
  return !!channelFacts(channel.type).levelInHeader?.includes(channel.channelFormat)
}

/**
 * The request body of a DingTalk or Feishu/Lark message, in the channel's format, with the
 * mentions that type carries: the type's own body writer (`channels/<type>/body.ts`).
 */
export function typedMessage(
  channel: TypedChannel,
  parts: MessageParts,
  limit?: number,
): PreparedMessage {
  const write = robotBody(channel.type)
  if (!write) throw new Error(`The ${channel.type} type writes no robot body of its own.`)
  return write(channel, parts, limit)
}

/**
 * The next DingTalk or Feishu message for a queue: the alerts packed as a digest within the
 * type's body limit (20,000 bytes, from the type's facts, not WeCom's 4 KB), then written in the
 * type's format. The limit counts the whole JSON body while the digest packs content, so when
 * the body still had to be cut, the digest is packed again smaller (a cut alert is worse than
 * one fewer in this message: it goes in the next).
 */
export function composeTyped(
  items: readonly DigestInput[],
  channel: TypedChannel & { template: string; format: MessageFormat; language?: TemplateLanguage },
  ctx: { timeZone?: string; now?: number; limit?: number; linkBase?: string } = {},
): BuiltMessage & { messages: OutgoingMessage[] } {
  const limit = ctx.limit ?? channelFacts(channel.type).limits.maxBytes!
  // A Feishu card colours each level word as its header (one table, `channels/feishu/card.ts`); the
  // WeCom-shaped view of the content gets WeCom's colours back.
  const card = isFeishuCard(channel)
  const opts = {
    language: channel.language,
    timeZone: ctx.timeZone,
    now: ctx.now,
    ...(card ? { levelColour } : {}),
  }
  // "Acknowledge · mute" links (oncall), kept free of the cut as for WeCom, then written in the
  // type's own link form (DingTalk Markdown, post `a` elements, lark_md).
  const base = ctx.linkBase ?? ''
  const alerts = items.map((i) => i.alert)
  const reserve = actionLinksReserve(alerts, channel.format, base, channel.language)
  // Room for the envelope (title, mentions, links, JSON keys) before the content.
  let contentLimit = contentByteLimit(channel.type, channel.format, limit)
  for (;;) {
    const built = buildNext(
      items,
      channel.template,
      channel.format,
      Math.max(1, contentLimit - reserve),
      opts,
    )
    built.content += actionLinks(
      alerts.slice(0, built.count),
      channel.format,
      base,
      channel.language,
    )
    const facts = messageFacts(
      items.slice(0, built.count).map((i) => i.alert),
      channel.language,
    )
    const message = typedMessage(channel, { ...facts, content: built.content }, limit)
    if (!message.truncated || built.count <= 1 || contentLimit <= 256) {
      if (card) built.content = cardContentAsWeCom(built.content)
      return {
        ...built,
        truncated: built.truncated || message.truncated,
        messages: [
          {
            // The WeCom-shaped view of the same content, for the history's text and the engine.
            body:
              channel.format === 'text'
                ? { msgtype: 'text', text: { content: built.content } }
                : { msgtype: 'markdown', markdown: { content: built.content } },
            bytes: message.bytes,
            truncated: message.truncated,
            role: 'alert',
            wire: message.body,
          },
        ],
      }
    }
    contentLimit = Math.max(256, Math.floor(contentLimit * 0.8))
  }
}
