import MarkdownIt from 'markdown-it'
import type { MessageFormat } from './formats'

/**
 * Renders message content the way the WeCom client shows it, as safe HTML, for the simulator's
 * chat page and the template studio's preview.
 *
 * Raw HTML is always off: the only markup that reaches the page is what markdown-it generates plus
 * WeCom's own tags, which are recognised explicitly (`<font color="info|comment|warning">` and
 * `<@userid>` in Markdown v1) and turned into fixed spans. Anything else an alert carries,
 * `<script>` included, is shown as text.
 */

/**
 * Markdown v1 (`markdown`): headings, bold, links, inline code, quotes, font colours, mentions.
 * WeCom's v1 (like its text) has no escape syntax: a backslash and an entity such as `&lt;` are
 * shown to the reader as written, so markdown-it's `escape` and `entity` rules stay off here — the
 * preview shows exactly the stray characters a phone would.
 */
const v1 = new MarkdownIt('zero', { html: false, breaks: true, linkify: false }).enable([
  'heading',
  'blockquote',
  'paragraph',
  'newline',
  'backticks',
  'emphasis',
  'link',
  'text',
])
// WeCom v1 has bold but no italics: a single `*x*` is shown as written.
v1.renderer.rules.em_open = (tokens, idx) => tokens[idx]!.markup
v1.renderer.rules.em_close = (tokens, idx) => tokens[idx]!.markup

/**
 * Markdown v2 (`markdown_v2`): adds lists, tables, code blocks, images, rules, italics; no colours
 * or mentions. Entities are shown as written, as in v1; whether v2 honours backslash escapes is
 * not documented, so the preview keeps CommonMark's (the relay never relies on them).
 */
const v2 = new MarkdownIt('commonmark', { html: false, breaks: true, linkify: false })
  .enable(['table', 'strikethrough'])
  .disable(['entity'])

for (const md of [v1, v2]) {
  const defaultLinkOpen =
    md.renderer.rules.link_open ??
    ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    tokens[idx]!.attrSet('target', '_blank')
    tokens[idx]!.attrSet('rel', 'noopener noreferrer')
    return defaultLinkOpen(tokens, idx, options, env, self)
  }
}
// The preview is offline and loads nothing remote: an image becomes a labelled placeholder.
v2.renderer.rules.image = (tokens, idx) => {
  const alt = v2.utils.escapeHtml(tokens[idx]!.content || 'image')
  return `<span class="wc-image" title="${v2.utils.escapeHtml(String(tokens[idx]!.attrGet('src') ?? ''))}">🖼 ${alt}</span>`
}

const FONT_COLOURS = new Set(['info', 'comment', 'warning'])
// Private-use characters mark WeCom tags while markdown-it runs; they never occur in real alerts
// (and are stripped from the input first, so an alert cannot forge them).
const OPEN = '\uE000'
const CLOSE = '\uE001'
const MENTION = '\uE002'
const END = '\uE003'

function markWeComTags(content: string): string {
  return content
    .replace(/[\uE000-\uE003]/g, '')
    .replace(/<font\s+color\s*=\s*["']?(\w+)["']?\s*>/gi, (m, colour: string) =>
      FONT_COLOURS.has(colour.toLowerCase()) ? `${OPEN}${colour.toLowerCase()}${END}` : m,
    )
    .replace(/<\/font\s*>/gi, CLOSE)
    .replace(/<@([\w.@-]{1,64})>/g, (_m, id: string) => `${MENTION}${id}${END}`)
}

function unmarkWeComTags(html: string): string {
  let depth = 0
  const out = html
    .replace(
      new RegExp(`${MENTION}([^${END}]*)${END}`, 'g'),
      (_m, id: string) => `<span class="wc-mention">@${id}</span>`,
    )
    .replace(new RegExp(`${OPEN}(\\w+)${END}|${CLOSE}`, 'g'), (_m, colour?: string) => {
      if (colour) {
        depth++
        return `<span class="wc-font wc-${colour}">`
      }
      if (depth === 0) return ''
      depth--
      return '</span>'
    })
  return out + '</span>'.repeat(depth)
}

export function renderWeComHtml(content: string, format: MessageFormat): string {
  if (format === 'text') {
    return `<p>${v1.utils.escapeHtml(content).replace(/\n/g, '<br>')}</p>`
  }
  if (format === 'markdown_v2') return v2.render(content)
  return unmarkWeComTags(v1.render(markWeComTags(content)))
}
