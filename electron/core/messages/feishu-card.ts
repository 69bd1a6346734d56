import { fitJsonBody } from '../channels/fit'
import { CHANNEL_LIMITS } from '../channels/limits'
import { EMPTY_PLACEHOLDER, type PreparedMessage } from '../channels/sender'
import type { FeishuComposeInput } from './feishu-post'
import { FONT, WECOM_MENTION } from './wecom-markup'

/** Card header colour per alert level (Feishu card `template` names); resolved is green. */
export const LEVEL_COLOURS: Record<string, string> = {
  down: 'carmine',
  critical: 'red',
  warning: 'orange',
  caution: 'yellow',
  info: 'blue',
  resolved: 'green',
}

/** The header colour of an alert's card: green once resolved, else its level's, else grey. */
export function levelColour(level?: string, status?: string): string {
  if (status === 'resolved') return LEVEL_COLOURS.resolved!
  return LEVEL_COLOURS[(level ?? '').toLowerCase()] ?? 'grey'
}

/** WeCom colour names → lark_md colour names. */
const LARK_COLOURS: Record<string, string> = { info: 'green', comment: 'grey', warning: 'orange' }

/**
 * The composed content in lark_md: colours translated, headings (which lark_md lacks) as bold
 * lines, quote markers dropped; links and bold are the same in both.
 */
export function toLarkMd(content: string): string {
  return content
    .replace(FONT, (_m, colour: string, text: string) => {
      const lark = LARK_COLOURS[colour.toLowerCase()]
      return lark ? `<font color='${lark}'>${text}</font>` : text
    })
    .replace(WECOM_MENTION, '')
    .split('\n')
    .map((line) => {
      const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line)
      if (heading) return heading[1]!.trim() ? `**${heading[1]!.trim()}**` : ''
      return line.replace(/^\s{0,3}>\s?/, '')
    })
    .join('\n')
}

/**
 * A Feishu/Lark `interactive` message: a static card whose header is the title in the level's
 * colour, the content as lark_md with the mentions after it, and the facts' links as buttons
 * (the first one primary). Within the body limit.
 */
export function composeFeishuCard(input: FeishuComposeInput): PreparedMessage[] {
  const limit = input.limit ?? CHANNEL_LIMITS.feishu.maxBytes!
  const content = toLarkMd(input.content.trim() ? input.content : EMPTY_PLACEHOLDER)
  const title = (input.title.trim() || 'Alert').slice(0, 100)
  const links = (input.links ?? []).filter((l) => /^https?:\/\//i.test(l.url)).slice(0, 5)
  const at = [...new Set(input.mentionUserIds ?? [])].map((id) => `<at id=${id}></at>`).join(' ')
  const actions = links.length
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
    : []
  const fitted = fitJsonBody(
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
          ...actions,
        ],
      },
    }),
    content,
    limit,
  )
  return [{ body: fitted.body, bytes: fitted.bytes, truncated: fitted.truncated, role: 'alert' }]
}
