import { CHANNEL_LIMITS } from '../limits'
import { EMPTY_PLACEHOLDER, type MessageParts, type PreparedMessage } from '../sender'
import { fitJsonBody } from '../fit'

export type FeishuFormat = 'text' | 'post' | 'interactive'

export interface FeishuBuildInput extends MessageParts {
  format: FeishuFormat
  /** open_id/user_id of people to mention; `all` for everyone. */
  mentionUserIds?: readonly string[]
}

/** Card header colour per alert level (Feishu card `template` names); resolved is green. */
export const LEVEL_COLOURS: Record<string, string> = {
  down: 'carmine',
  critical: 'red',
  warning: 'orange',
  caution: 'yellow',
  info: 'blue',
  resolved: 'green',
}

export function levelColour(level?: string, status?: string): string {
  if (status === 'resolved') return LEVEL_COLOURS.resolved!
  return LEVEL_COLOURS[(level ?? '').toLowerCase()] ?? 'grey'
}

const LIMIT = CHANNEL_LIMITS.feishu.maxBytes!

type PostElement =
  | { tag: 'text'; text: string }
  | { tag: 'a'; text: string; href: string }
  | { tag: 'at'; user_id: string }

/**
 * One Feishu/Lark message. `text`: mentions as `<at user_id="…"></at>`; `post`: rich text, one
 * paragraph per line, links and mentions as their own elements; `interactive`: a static card with
 * the level as header colour, the content as lark_md and the links as buttons. The whole body
 * stays within 20 KB; the signature is added at send time.
 */
export function buildFeishu(input: FeishuBuildInput): PreparedMessage[] {
  const ids = [...new Set(input.mentionUserIds ?? [])]
  const content = input.content.trim() ? input.content : EMPTY_PLACEHOLDER
  const title = (input.title.trim() || 'Alert').slice(0, 100)
  const links = (input.links ?? []).filter((l) => /^https?:\/\//i.test(l.url)).slice(0, 5)
  let fitted
  switch (input.format) {
    case 'text': {
      const at = ids.map((id) => `<at user_id="${escAttr(id)}"></at>`).join(' ')
      fitted = fitJsonBody(
        (c) => ({ msg_type: 'text', content: { text: at ? `${c}\n${at}` : c } }),
        content,
        LIMIT,
      )
      break
    }
    case 'post': {
      const tail: PostElement[][] = []
      if (links.length) tail.push(links.map((l) => ({ tag: 'a', text: l.text, href: l.url })))
      if (ids.length) tail.push(ids.map((id) => ({ tag: 'at', user_id: id })))
      fitted = fitJsonBody(
        (c) => ({
          msg_type: 'post',
          content: {
            post: {
              zh_cn: {
                title,
                content: [
                  ...c.split('\n').map((line): PostElement[] => [{ tag: 'text', text: line }]),
                  ...tail,
                ],
              },
            },
          },
        }),
        content,
        LIMIT,
      )
      break
    }
    case 'interactive': {
      const at = ids.map((id) => `<at id=${id}></at>`).join(' ')
      fitted = fitJsonBody(
        (c) => ({
          msg_type: 'interactive',
          card: {
            config: { wide_screen_mode: true },
            header: {
              title: { tag: 'plain_text', content: title },
              template: levelColour(input.level, input.status),
            },
            elements: [
              { tag: 'div', text: { tag: 'lark_md', content: at ? `${c}\n${at}` : c } },
              ...(links.length
                ? [
                    {
                      tag: 'action',
                      actions: links.map((l, i) => ({
                        tag: 'button',
                        text: { tag: 'plain_text', content: l.text },
                        url: l.url,
                        type: i === 0 ? 'primary' : 'default',
                      })),
                    },
                  ]
                : []),
            ],
          },
        }),
        content,
        LIMIT,
      )
      break
    }
  }
  return [{ body: fitted.body, bytes: fitted.bytes, truncated: fitted.truncated, role: 'alert' }]
}

function escAttr(s: string): string {
  return s.replace(/["<>&]/g, '')
}
