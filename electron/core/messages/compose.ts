import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { escapeValue } from '../templates/escape'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { renderWeComHtml } from '../templates/wecom-markdown'
import { actionLinks, actionLinksReserve } from './action-links'
import { buildNext, type BuiltMessage, type DigestInput } from './digest'
import { composeTyped, isTypedRobot, type TypedChannel } from './typed-compose'
import type { PreviewedMessage } from './preview-shapes'
import { bodyContent, buildMessages, type OutgoingMessage } from '../channels/wecom/body'
import { wordsFor } from './words'

/**
 * The one composer: everything a channel sends goes through here — the alert message (template,
 * neutralised values, digest, byte limit) and its mentions — so the template preview, the digest
 * preview, the connectivity test and delivery send byte for byte the same thing.
 */

/** What the composer needs to know about a channel. */
export interface ComposeChannel {
  format: MessageFormat
  template: string
  language?: TemplateLanguage
  mentionMobiles?: readonly string[]
  mentionUserIds?: readonly string[]
  /** DingTalk and Feishu: composed in their own format by typed-compose.ts. Unset: WeCom. */
  type?: string
  channelFormat?: TypedChannel['channelFormat']
}

/** The user's settings that shape every message. */
export interface ComposeContext {
  /** IANA time zone for times; empty: the machine's. */
  timeZone?: string
  now?: number
  /** A smaller byte limit than the format's (after a 40058, the engine shrinks and resends). */
  limit?: number
  /** `app.linkBaseUrl` when the channel carries "acknowledge · mute" links; empty: none. */
  linkBase?: string
}

export interface ComposedMessage extends BuiltMessage {
  /** The robot messages in sending order: the alert message, then the mention follow-up if any. */
  messages: OutgoingMessage[]
}

/** Bytes the inline `<@id>` line takes in a Markdown message, reserved before the digest is packed. */
function mentionReserve(channel: ComposeChannel): number {
  if (channel.format !== 'markdown') return 0
  const ids = (channel.mentionUserIds ?? []).filter((id) => id !== '@all')
  return ids.length ? utf8Length(`\n${ids.map((id) => `<@${id}>`).join(' ')}`) : 0
}

/** The follow-up's sentence, in the channel's language; the alert's name is a value, neutralised. */
export function mentionNote(items: readonly DigestInput[], language?: TemplateLanguage): string {
  const w = wordsFor(language)
  if (items.length > 1) return w.manyAbove(items.length)
  const v = items[0]?.alert.vars ?? {}
  const e = (s: string | undefined) => (s ? escapeValue(s, 'text') : undefined)
  return w.seeAbove(e(v.alarm_name) ?? 'Alert', e(v.alarm_target))
}

/** The next message for a channel's queue: a lone alert or a digest, with its mentions. */
export function composeNext(
  items: readonly DigestInput[],
  channel: ComposeChannel,
  ctx: ComposeContext = {},
): ComposedMessage {
  const { type } = channel
  if (isTypedRobot(type))
    return composeTyped(
      items,
      { ...channel, type, channelFormat: channel.channelFormat ?? channel.format },
      ctx,
    )
  const limit = ctx.limit ?? FORMAT_BYTE_LIMITS[channel.format]
  const base = ctx.linkBase ?? ''
  const alerts = items.map((i) => i.alert)
  const built = buildNext(
    items,
    channel.template,
    channel.format,
    limit -
      mentionReserve(channel) -
      actionLinksReserve(alerts, channel.format, base, channel.language),
    {
      language: channel.language,
      timeZone: ctx.timeZone,
      now: ctx.now,
    },
  )
  // The links go after the content (kept free above), so a cut never takes them.
  built.content += actionLinks(alerts.slice(0, built.count), channel.format, base, channel.language)
  const messages = buildMessages({
    format: channel.format,
    content: built.content,
    mentionMobiles: channel.mentionMobiles,
    mentionUserIds: channel.mentionUserIds,
    mentionText: mentionNote(items.slice(0, built.count), channel.language),
    limit,
    truncatedMarker: wordsFor(channel.language).truncated,
  })
  return { ...built, messages }
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
