import { fitJsonBody } from '../fit'
import { dingtalkFacts } from './facts'
import {
  EMPTY_PLACEHOLDER,
  type MessageParts,
  type PreparedMessage,
  type RobotBodyWriter,
} from '../channel-sender'
import { FONT, WECOM_MENTION, missingLinks, stripWeComMarkup } from '../wecom/markup'

export type DingTalkBody =
  | {
      msgtype: 'text'
      text: { content: string }
      at: { atMobiles: string[]; isAtAll: boolean }
    }
  | {
      msgtype: 'markdown'
      markdown: { title: string; text: string }
      at: { atMobiles: string[]; isAtAll: boolean }
    }

export interface DingTalkComposeInput extends MessageParts {
  format: 'text' | 'markdown'
  /** Mobiles to notify; `@all` for everyone (`isAtAll`). */
  mentionMobiles?: readonly string[]
  /** Body limit (default: DingTalk's 20,000 bytes). */
  limit?: number
}

/**
 * The composed content in DingTalk's Markdown subset: it has headings, bold, links, lists and
 * quotes but no colour tags (a `<font>` shows as text), so a WeCom `warning` colour (the firing
 * title, a digest's header) becomes bold and the other colours plain text. DingTalk joins lines
 * split by a single newline (blinkbean/dingtalk#2), so each line ends with a Markdown hard break.
 */
export function toDingTalkMarkdown(content: string): string {
  return content
    .replace(FONT, (_m, colour: string, text: string) =>
      // Already bold inside the tag: wrapping again would show the asterisks.
      colour.toLowerCase() === 'warning' && text.trim() && !/^\*\*.*\*\*$/s.test(text.trim())
        ? `**${text}**`
        : text,
    )
    .replace(WECOM_MENTION, '')
    .replace(/([^\n])[ \t]*\n(?=[^\n])/g, '$1  \n')
}

/** Plain text for DingTalk's `text` messages: colour tags removed (text content has no markup). */
export function toDingTalkText(content: string): string {
  return stripWeComMarkup(content)
}

/** The facts' links the content does not already carry, as Markdown links on a last line. */
function linkLine(content: string, links: MessageParts['links']): string {
  const missing = missingLinks(content, links)
  return missing.length ? `\n\n${missing.map((l) => `[${l.text}](${l.url})`).join('  ')}` : ''
}

/**
 * One DingTalk message built from the composed facts: `at.atMobiles` and `isAtAll` for the
 * mentions and `@mobile` in the text too (DingTalk notifies a mobile only then, in text as in
 * Markdown); the title is what the notification shows. The whole body stays within the limit;
 * the mention line goes after the cut so a long message still notifies.
 */
export function composeDingTalk(input: DingTalkComposeInput): PreparedMessage[] {
  const limit = input.limit ?? dingtalkFacts.limits.maxBytes!
  const mobiles = [...new Set(input.mentionMobiles ?? [])].filter((m) => m !== '@all')
  const at = { atMobiles: mobiles, isAtAll: (input.mentionMobiles ?? []).includes('@all') }
  const raw = input.content.trim() ? input.content : EMPTY_PLACEHOLDER
  const title = (input.title.trim() || 'Alert').slice(0, 64)
  // DingTalk notifies a mobile only when `@mobile` is also in the text, in both formats.
  const mentionLine = mobiles.length ? `\n\n${mobiles.map((m) => `@${m}`).join(' ')}` : ''
  const fitted =
    input.format === 'text'
      ? fitJsonBody<DingTalkBody>(
          (c) => ({ msgtype: 'text', text: { content: c + mentionLine }, at }),
          toDingTalkText(raw),
          limit,
        )
      : (() => {
          const text = toDingTalkMarkdown(raw)
          const tail = linkLine(text, input.links) + mentionLine
          return fitJsonBody<DingTalkBody>(
            (c) => ({ msgtype: 'markdown', markdown: { title, text: c + tail }, at }),
            text,
            limit,
          )
        })()
  return [{ body: fitted.body, bytes: fitted.bytes, truncated: fitted.truncated, role: 'alert' }]
}

/** A DingTalk message in the channel's format, mentioning its mobiles (`@all` as isAtAll). */
export const dingtalkBody: RobotBodyWriter = (channel, parts, limit) =>
  composeDingTalk({
    ...parts,
    format: channel.channelFormat === 'text' ? 'text' : 'markdown',
    mentionMobiles: channel.mentionMobiles ?? [],
    limit,
  })
