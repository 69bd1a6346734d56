import { fitJsonBody } from '../fit'
import { feishuFacts } from './facts'
import { EMPTY_PLACEHOLDER, type MessageParts, type PreparedMessage } from '../channel-sender'
import { missingLinks, stripWeComMarkup } from '../wecom/markup'

export interface FeishuComposeInput extends MessageParts {
  /** open_id/user_id of people to mention; `all` for everyone. */
  mentionUserIds?: readonly string[]
  /** Body limit (default: Feishu's 20 KB). */
  limit?: number
}

/** A rich-text (`post`) element: the three the relay writes, bold where the Markdown was. */
export type PostElement =
  | { tag: 'text'; text: string; style?: ['bold'] }
  | { tag: 'a'; text: string; href: string; style?: ['bold'] }
  | { tag: 'at'; user_id: string }

const LINK = /\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/g
const BOLD = /\*\*(.+?)\*\*/g

/** Text with Markdown links as `a` elements, all in bold or none. */
function linked(text: string, bold: boolean): PostElement[] {
  const style = bold ? { style: ['bold'] as ['bold'] } : {}
  const out: PostElement[] = []
  let at = 0
  for (const m of text.matchAll(LINK)) {
    if (m.index > at) out.push({ tag: 'text', text: text.slice(at, m.index), ...style })
    out.push({ tag: 'a', text: m[1]!, href: m[2]!, ...style })
    at = m.index + m[0].length
  }
  if (at < text.length) out.push({ tag: 'text', text: text.slice(at), ...style })
  return out
}

/**
 * One line of the composed content as post elements: Markdown links become `a` elements, a
 * heading and `**bold**` become bold text (post's `style`), quote markers are dropped and colour
 * tags unwrapped.
 */
export function postLine(line: string): PostElement[] {
  let plain = stripWeComMarkup(line).replace(/^\s{0,3}>\s?/, '')
  const heading = /^\s{0,3}#{1,6}\s+/.exec(plain)
  if (heading) plain = plain.slice(heading[0].length).replace(BOLD, '$1')
  const out: PostElement[] = []
  let at = 0
  for (const m of heading ? [] : plain.matchAll(BOLD)) {
    out.push(...linked(plain.slice(at, m.index), false), ...linked(m[1]!, true))
    at = m.index + m[0].length
  }
  out.push(...linked(plain.slice(at), !!heading))
  return out.length ? out : [{ tag: 'text', text: '' }]
}

/** The composed content as post paragraphs, one per line. */
export function postParagraphs(content: string): PostElement[][] {
  return content.split('\n').map(postLine)
}

const unique = (ids: readonly string[] | undefined) => [...new Set(ids ?? [])]
const escAttr = (s: string) => s.replace(/["<>&]/g, '')

/** A Feishu/Lark `text` message: plain content, mentions as `<at user_id="…"></at>`. */
export function composeFeishuText(input: FeishuComposeInput): PreparedMessage[] {
  const limit = input.limit ?? feishuFacts.limits.maxBytes!
  // Feishu reads `<at user_id="all">` anywhere in a text message as a mention: one in the
  // content (an alert's value, whatever the template) is shown, not obeyed, as in post and card
  // messages. The relay's own mentions (mentionUserIds) are added after it.
  const content = stripWeComMarkup(
    input.content.trim() ? input.content : EMPTY_PLACEHOLDER,
  ).replace(/<(?=\s*\/?\s*at\b)/gi, '＜')
  const at = unique(input.mentionUserIds)
    .map((id) => `<at user_id="${escAttr(id)}"></at>`)
    .join(' ')
  const fitted = fitJsonBody(
    (c) => ({ msg_type: 'text', content: { text: at ? `${c}\n${at}` : c } }),
    content,
    limit,
  )
  return [{ body: fitted.body, bytes: fitted.bytes, truncated: fitted.truncated, role: 'alert' }]
}

/**
 * A Feishu/Lark `post` (rich text) message: the title, one paragraph per line of content with
 * its links as `a` elements, then the facts' links the content does not show, then the mentions
 * as `at` elements (after the cut, so a long message still notifies). Within the body limit.
 */
export function composeFeishuPost(input: FeishuComposeInput): PreparedMessage[] {
  const limit = input.limit ?? feishuFacts.limits.maxBytes!
  const content = input.content.trim() ? input.content : EMPTY_PLACEHOLDER
  const title = (input.title.trim() || 'Alert').slice(0, 100)
  const tail: PostElement[][] = []
  const links = missingLinks(content, input.links)
  if (links.length) tail.push(links.map((l) => ({ tag: 'a', text: l.text, href: l.url })))
  const ids = unique(input.mentionUserIds)
  if (ids.length) tail.push(ids.map((id) => ({ tag: 'at', user_id: id })))
  const fitted = fitJsonBody(
    (c) => ({
      msg_type: 'post',
      content: { post: { zh_cn: { title, content: [...postParagraphs(c), ...tail] } } },
    }),
    content,
    limit,
  )
  return [{ body: fitted.body, bytes: fitted.bytes, truncated: fitted.truncated, role: 'alert' }]
}
