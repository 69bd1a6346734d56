import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { escapeValue } from '../templates/escape'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { renderWeComHtml } from '../templates/wecom-markdown'
import { channelFacts } from '../channels/catalog'
import { cardContentAsWeCom, levelColour } from '../channels/feishu/card'
import { contentByteLimit, messageByteLimit } from '../channels/limits'
import { composerWriter } from '../channels/robot-bodies'
import { DEFAULT_CHANNEL_TYPE, type ChannelFormat } from '../channels/type-names'
import { actionLinks, actionLinksReserve } from './action-links'
import { buildNext, type BuiltMessage, type DigestInput } from './digest'
import { messageFacts } from './typed-compose'
import type { PreviewedMessage } from './preview-shapes'
import { bodyContent, type OutgoingMessage, type WeComBody } from '../channels/wecom/body'
import { wordsFor } from './words'

/**
 * The one composer: everything a channel sends goes through here — the alert message (template,
 * neutralised values, digest, byte limit) and its mentions — so the template preview, the digest
 * preview, the connectivity test and delivery send byte for byte the same thing.
 */

/** What the composer needs to know about a channel. */
export interface ComposeChannel {
  /** The format the template renders in (the WeCom format of the channel's own). */
  format: MessageFormat
  template: string
  language?: TemplateLanguage
  mentionMobiles?: readonly string[]
  mentionUserIds?: readonly string[]
  /** The channel's type; unset: the default type a channel gets in the settings. */
  type?: string
  /** The channel's own format (DingTalk text/markdown, Feishu post/card); unset: `format`. */
  channelFormat?: ChannelFormat
}

/** The user's settings that shape every message. */
export interface ComposeContext {
  /** IANA time zone for times; empty: the machine's. */
  timeZone?: string
  now?: number
  /** A smaller byte limit than the type's (after a too-long answer, the engine shrinks and resends). */
  limit?: number
  /** `app.linkBaseUrl` when the channel carries "acknowledge · mute" links; empty: none. */
  linkBase?: string
}

export interface ComposedMessage extends BuiltMessage {
  /** The robot messages in sending order: the alert message, then the mention follow-up if any. */
  messages: OutgoingMessage[]
}

/** The follow-up's sentence, in the channel's language; the alert's name is a value, neutralised. */
export function mentionNote(items: readonly DigestInput[], language?: TemplateLanguage): string {
  const w = wordsFor(language)
  if (items.length > 1) return w.manyAbove(items.length)
  const v = items[0]?.alert.vars ?? {}
  const e = (s: string | undefined) => (s ? escapeValue(s, 'text') : undefined)
  return w.seeAbove(e(v.alarm_name) ?? 'Alert', e(v.alarm_target))
}

/** The robot message History shows for content written in a type's own format. */
function robotView(format: MessageFormat, content: string): WeComBody {
  return format === 'text'
    ? { msgtype: 'text', text: { content } }
    : { msgtype: 'markdown', markdown: { content } }
}

/**
 * The next message for a channel's queue: a lone alert or a digest, packed within the type's
 * limit (WeCom's content bytes per format, DingTalk's and Feishu's whole body), then written by the
 * type's body writer (`channels/<type>/body.ts`) with its mentions. "Acknowledge · mute" links and
 * the room the writer reserves (WeCom's inline mentions) are kept free of the cut. A type whose
 * limit counts the whole body packs content while the writer counts the body, so when the body
 * still had to be cut the digest is packed again smaller (a cut alert is worse than one fewer in
 * this message: it goes in the next).
 */
export function composeNext(
  items: readonly DigestInput[],
  channel: ComposeChannel,
  ctx: ComposeContext = {},
): ComposedMessage {
  const type = channel.type ?? DEFAULT_CHANNEL_TYPE
  const channelFormat = channel.channelFormat ?? channel.format
  const writer = composerWriter(type)
  const settings = {
    channelFormat,
    mentionMobiles: channel.mentionMobiles,
    mentionUserIds: channel.mentionUserIds,
  }
  const limit = ctx.limit ?? messageByteLimit(type, channelFormat)
  // A Feishu card colours each level word as its header (one table, `channels/feishu/card.ts`); the
  // robot view of the content gets the robot's colours back.
  const card = !!channelFacts(type).levelInHeader?.includes(channelFormat)
  const opts = {
    language: channel.language,
    timeZone: ctx.timeZone,
    now: ctx.now,
    ...(card ? { levelColour } : {}),
  }
  const base = ctx.linkBase ?? ''
  const alerts = items.map((i) => i.alert)
  const reserve =
    actionLinksReserve(alerts, channel.format, base, channel.language) + writer.reserve(settings)
  let contentLimit = contentByteLimit(type, channelFormat, limit)
  for (;;) {
    const built = buildNext(
      items,
      channel.template,
      channel.format,
      Math.max(1, contentLimit - reserve),
      opts,
    )
    // The links go after the content (kept free above), so a cut never takes them.
    built.content += actionLinks(
      alerts.slice(0, built.count),
      channel.format,
      base,
      channel.language,
    )
    const carried = items.slice(0, built.count)
    const written = writer.write(
      settings,
      {
        ...messageFacts(
          carried.map((i) => i.alert),
          channel.language,
        ),
        content: built.content,
        mentionText: mentionNote(carried, channel.language),
        truncatedMarker: wordsFor(channel.language).truncated,
      },
      limit,
    )
    const first = written[0]!
    if (!first.truncated || built.count <= 1 || contentLimit <= 256) {
      if (card) built.content = cardContentAsWeCom(built.content)
      const messages: OutgoingMessage[] = written.map((m) =>
        writer.bodyIsView
          ? {
              body: m.body as WeComBody,
              bytes: m.bytes,
              truncated: m.truncated,
              role: m.role,
              cut: m.cut,
            }
          : {
              // The robot view of the same content, for History's text and the engine.
              body: robotView(channel.format, built.content),
              bytes: m.bytes,
              truncated: m.truncated,
              role: m.role,
              wire: m.body,
            },
      )
      return { ...built, truncated: built.truncated || first.truncated, messages }
    }
    contentLimit = Math.max(256, Math.floor(contentLimit * 0.8))
  }
}

/** The template studio's preview: exactly the messages `composeNext` would send for this alert. */
export function previewMessages(
  items: readonly DigestInput[],
  channel: ComposeChannel,
  ctx: ComposeContext = {},
): { composed: ComposedMessage; messages: PreviewedMessage[] } {
  const composed = composeNext(items, channel, ctx)
  const marker = wordsFor(channel.language).truncated
  const messages = composed.messages.map((m) => {
    const content = bodyContent(m.body)
    const truncated = m.truncated || (m.role === 'alert' && composed.truncated)
    // A lone alert is cut before its body is built: its cut comes with the composed message.
    const cut = m.cut || (m.role === 'alert' && composed.truncated ? (composed.cut ?? '') : '')
    const mentions =
      m.body.msgtype === 'text'
        ? [...(m.body.text.mentioned_list ?? []), ...(m.body.text.mentioned_mobile_list ?? [])]
        : []
    return {
      msgtype: m.body.msgtype,
      content,
      html: renderWeComHtml(content, m.body.msgtype),
      bytes: m.bytes,
      limit: FORMAT_BYTE_LIMITS[m.body.msgtype],
      truncated,
      cut,
      fullBytes: cut ? m.bytes - utf8Length(marker) + utf8Length(cut) : m.bytes,
      mentions,
    }
  })
  return { composed, messages }
}
