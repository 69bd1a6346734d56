/**
 * The composer writes WeCom Markdown, whose only non-standard markup is `<font color="info|
 * comment|warning">`. DingTalk and Feishu post show such a tag as text, so it is removed; a
 * Feishu card's lark_md has colours of its own, so it is translated.
 */
const FONT = /<font\s+color\s*=\s*["']?(\w+)["']?\s*>([\s\S]*?)<\/font>/gi

/** WeCom colour names → Feishu lark_md colour names. */
const LARK_COLOURS: Record<string, string> = { info: 'green', comment: 'grey', warning: 'orange' }

export function stripWeComFont(content: string): string {
  return content.replace(FONT, '$2')
}

export function weComFontToLark(content: string): string {
  return content.replace(FONT, (_m, colour: string, text: string) => {
    const lark = LARK_COLOURS[colour.toLowerCase()]
    return lark ? `<font color='${lark}'>${text}</font>` : text
  })
}
