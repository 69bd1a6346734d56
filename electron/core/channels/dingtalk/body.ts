import { CHANNEL_LIMITS } from '../limits'
import { EMPTY_PLACEHOLDER, type MessageParts, type PreparedMessage } from '../sender'
import { fitJsonBody } from '../fit'

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

export interface DingTalkBuildInput extends MessageParts {
  format: 'text' | 'markdown'
  mentionMobiles?: readonly string[]
}

const LIMIT = CHANNEL_LIMITS.dingtalk.maxBytes!

/**
 * One DingTalk message: `at.atMobiles` and `isAtAll` for the mentions. In Markdown, DingTalk
 * notifies a mobile only when `@mobile` also appears in the text, so the mentions are appended;
 * the title is what the notification shows. The whole body stays within 20,000 bytes.
 */
export function buildDingTalk(input: DingTalkBuildInput): PreparedMessage[] {
  const mobiles = (input.mentionMobiles ?? []).filter((m) => m !== '@all')
  const at = { atMobiles: mobiles, isAtAll: (input.mentionMobiles ?? []).includes('@all') }
  const content = input.content.trim() ? input.content : EMPTY_PLACEHOLDER
  const tail = mobiles.length ? `\n\n${mobiles.map((m) => `@${m}`).join(' ')}` : ''
  const title = (input.title.trim() || 'Alert').slice(0, 64)
  const fitted =
    input.format === 'text'
      ? fitJsonBody<DingTalkBody>(
          (c) => ({ msgtype: 'text', text: { content: c }, at }),
          content,
          LIMIT,
        )
      : fitJsonBody<DingTalkBody>(
          // The mention line goes after the cut so a long message still notifies.
          (c) => ({ msgtype: 'markdown', markdown: { title, text: c + tail }, at }),
          content,
          LIMIT,
        )
  return [{ body: fitted.body, bytes: fitted.bytes, truncated: fitted.truncated, role: 'alert' }]
}
