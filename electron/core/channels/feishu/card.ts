import { fitJsonBody } from '../fit'
import { feishuFacts } from './facts'
import { EMPTY_PLACEHOLDER, type PreparedMessage } from '../channel-sender'
import type { FeishuComposeInput } from './post'
import { FONT, WECOM_MENTION, weComLevelColour } from '../wecom/markup'

/** Card header colour per alert level (Feishu card `template` names); resolved is green. */
export const LEVEL_COLOURS: Record<string, string> = {
  down: 'carmine',
  critical: 'red',
  warning: 'orange',
  caution: 'yellow',
  info: 'blue',
  resolved: 'green',
}

/**
 * The colour of an alert's level on a card, the header's and the level word's in the body alike:
 * green once resolved, else its level's, else grey.
 */
export function levelColour(level?: string, status?: string): string {
  if (status === 'resolved') return LEVEL_COLOURS.resolved!
  return LEVEL_COLOURS[(level ?? '').toLowerCase()] ?? 'grey'
}

/** WeCom colour names → lark_md colour names. */
const LARK_COLOURS: Record<string, string> = { info: 'green', comment: 'grey', warning: 'orange' }

/**
 * The card's level colours, which the composer writes into a card's content (`levelColour`) and
 * lark_md shows as they are (cards and lark_md share one colour enumeration).
 */
const CARD_COLOURS = new Set([...Object.values(LEVEL_COLOURS), levelColour()])

/**
 * A card's content in WeCom's colours, for the views that show it as WeCom Markdown (History,
 * the studio's preview): each level colour back to the WeCom colour of its level.
 */
export function cardContentAsWeCom(content: string): string {
  const wecom = new Map<string, string>([
    [levelColour(), weComLevelColour('', 'firing')],
    [levelColour('', 'resolved'), weComLevelColour('', 'resolved')],
    ...Object.keys(LEVEL_COLOURS)
      .filter((l) => l !== 'resolved')
      .map((l) => [levelColour(l, 'firing'), weComLevelColour(l, 'firing')] as [string, string]),
  ])
  return content.replace(FONT, (m, colour: string, text: string) => {
    const to = wecom.get(colour.toLowerCase())
    return to ? `<font color="${to}">${text}</font>` : m
  })
}

/**
 * The composed content in lark_md: colours translated, headings (which lark_md lacks) as bold
 * lines, quote markers dropped; links and bold are the same in both.
 */
export function toLarkMd(content: string): string {
  return content
    .replace(FONT, (_m, colour: string, text: string) => {
      const c = colour.toLowerCase()
      const lark = LARK_COLOURS[c] ?? (CARD_COLOURS.has(c) ? c : undefined)
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
  const limit = input.limit ?? feishuFacts.limits.maxBytes!
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
