import type { MessageParts } from '../channel-sender'

/**
 * The composer renders templates in WeCom's Markdown, whose only non-standard markup is
 * `<font color="info|comment|warning">` and the `<@userid>` mention. The DingTalk and Feishu
 * composers read it with these and write their own formats.
 */
export const FONT = /<font\s+color\s*=\s*["']?(\w+)["']?\s*>([\s\S]*?)<\/font>/gi
export const WECOM_MENTION = /<@[^>\s]+>/g

/** The content without colour tags and WeCom mentions (they would show as text elsewhere). */
export function stripWeComMarkup(content: string): string {
  return content.replace(FONT, '$2').replace(WECOM_MENTION, '')
}

const decoded = (url: string) => {
  try {
    return decodeURIComponent(url)
  } catch {
    return url
  }
}

/**
 * The facts' web links that the content does not already show. The template's values are
 * escaped for Markdown (`_` as `%5F` in a URL), so URLs are compared decoded.
 */
export function missingLinks(
  content: string,
  links: MessageParts['links'],
  max = 5,
): Array<{ text: string; url: string }> {
  const shown = new Set([...content.matchAll(/https?:\/\/[^\s)<>"']+/gi)].map((m) => decoded(m[0])))
  return (links ?? [])
    .filter((l) => /^https?:\/\//i.test(l.url) && !shown.has(decoded(l.url)))
    .slice(0, max)
}

/** WeCom's colour per alert level (its Markdown has three: info green, comment grey, warning orange). */
const LEVEL_COLOUR: Record<string, string> = {
  down: 'warning',
  critical: 'warning',
  warning: 'warning',
  caution: 'comment',
  info: 'info',
}

/** The WeCom colour of a level's word: a recovery is good news, green whatever the level was. */
export function weComLevelColour(level: string, status: 'firing' | 'resolved'): string {
  if (status === 'resolved') return 'info'
  return Object.hasOwn(LEVEL_COLOUR, level) ? LEVEL_COLOUR[level]! : 'comment'
}
