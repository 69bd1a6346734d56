import { truncateUtf8, utf8Length } from '../../templates/bytes'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../../templates/formats'
import type { RobotBodySettings, RobotBodyWriter } from '../channel-sender'
import { weComFormat } from '../type-names'

export type WeComBody =
  | {
      msgtype: 'text'
      text: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] }
    }
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'markdown_v2'; markdown_v2: { content: string } }

export interface OutgoingMessage {
  body: WeComBody
  /** UTF-8 bytes of the content field, the quantity WeCom limits. */
  bytes: number
  truncated: boolean
  /** `mention`: the follow-up text message that carries the @mentions a format cannot. */
  role: 'alert' | 'mention'
  /** What the byte limit cut from the content (for the editor's "what would be cut" view). */
  cut?: string
  /** DingTalk and Feishu: the type's own request body, sent as is (`body` keeps the content). */
  wire?: unknown
}

export interface BuildInput {
  format: MessageFormat
  content: string
  mentionMobiles?: readonly string[]
  /** WeCom user IDs: inline `<@id>` in Markdown, `mentioned_list` in text. */
  mentionUserIds?: readonly string[]
  /** Text of the follow-up mention message, when one is needed. */
  mentionText?: string
  /** Byte limit for the content (default: the format's). */
  limit?: number
  /** Ends content the limit cut, in the channel's language. */
  truncatedMarker?: string
}

const EMPTY_PLACEHOLDER = '(The alert rendered an empty message: check the channel template.)'

/** The content of a body, whatever its type. */
export function bodyContent(body: WeComBody): string {
  return body.msgtype === 'text'
    ? body.text.content
    : body.msgtype === 'markdown'
      ? body.markdown.content
      : body.markdown_v2.content
}

/**
 * Turns rendered content into the robot messages to send, within the format's byte limit (cut on a
 * code-point boundary, with a visible marker), with the mentions each format can carry:
 * - `text`: `mentioned_list` (user IDs) and `mentioned_mobile_list` on the message itself;
 * - `markdown`: user IDs inline as `<@id>` on a last line; mobiles (and `@all`) in a follow-up
 *   `text` message, since only `text` has `mentioned_mobile_list`;
 * - `markdown_v2`: cannot mention at all, so every mention goes in the follow-up.
 */
export function buildMessages({
  format,
  content,
  mentionMobiles = [],
  mentionUserIds = [],
  mentionText,
  limit = FORMAT_BYTE_LIMITS[format],
  truncatedMarker,
}: BuildInput): OutgoingMessage[] {
  const mobiles = [...new Set(mentionMobiles)]
  const ids = [...new Set(mentionUserIds)]
  const text = content.trim() ? content : EMPTY_PLACEHOLDER
  if (format === 'text') {
    const fitted = truncateUtf8(text, limit, truncatedMarker)
    const part: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] } = {
      content: fitted.text,
    }
    if (ids.length) part.mentioned_list = ids
    if (mobiles.length) part.mentioned_mobile_list = mobiles
    return [
      {
        body: { msgtype: 'text', text: part },
        bytes: utf8Length(fitted.text),
        truncated: fitted.truncated,
        role: 'alert',
        cut: fitted.cut,
      },
    ]
  }
  const inline = format === 'markdown' ? ids.filter((id) => id !== '@all') : []
  const mentionLine = inline.length ? `\n${inline.map((id) => `<@${id}>`).join(' ')}` : ''
  const fitted = truncateUtf8(text, limit - utf8Length(mentionLine), truncatedMarker)
  const full = fitted.text + mentionLine
  const body: WeComBody =
    format === 'markdown'
      ? { msgtype: 'markdown', markdown: { content: full } }
      : { msgtype: 'markdown_v2', markdown_v2: { content: full } }
  const out: OutgoingMessage[] = [
    { body, bytes: utf8Length(full), truncated: fitted.truncated, role: 'alert', cut: fitted.cut },
  ]
  const followIds = format === 'markdown' ? ids.filter((id) => id === '@all') : ids
  if (mobiles.length || followIds.length) {
    const note = truncateUtf8(
      mentionText?.trim() || 'Alert above needs attention.',
      FORMAT_BYTE_LIMITS.text,
    ).text
    const part: { content: string; mentioned_list?: string[]; mentioned_mobile_list?: string[] } = {
      content: note,
    }
    if (followIds.length) part.mentioned_list = followIds
    if (mobiles.length) part.mentioned_mobile_list = mobiles
    out.push({
      body: { msgtype: 'text', text: part },
      bytes: utf8Length(note),
      truncated: false,
      role: 'mention',
    })
  }
  return out
}

/**
 * A WeCom message in the channel's format, as the composer, the previews and delivery send it:
 * the content within the limit (WeCom counts content bytes), user ids inline in Markdown, and the
 * follow-up `text` message for the mentions the format cannot carry.
 */
export const wecomBody: RobotBodyWriter = (channel, parts, limit) =>
  buildMessages({
    format: weComFormat(channel.channelFormat),
    content: parts.content,
    mentionMobiles: channel.mentionMobiles,
    mentionUserIds: channel.mentionUserIds,
    mentionText: parts.mentionText,
    limit,
    truncatedMarker: parts.truncatedMarker,
  })

/** Bytes the inline `<@id>` line takes in a Markdown message, kept free when the digest is packed. */
export function wecomBodyReserve(channel: RobotBodySettings): number {
  if (weComFormat(channel.channelFormat) !== 'markdown') return 0
  const ids = [...new Set(channel.mentionUserIds ?? [])].filter((id) => id !== '@all')
  return ids.length ? utf8Length(`\n${ids.map((id) => `<@${id}>`).join(' ')}`) : 0
}
