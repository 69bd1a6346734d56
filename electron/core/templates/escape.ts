import type { MessageFormat } from './formats'

/**
 * Makes an alert value safe to insert into a WeCom message of the given format: whatever the
 * value holds (`#`, `>`, `**`, `<font>`, `<@userid>`, `[link](…)`), it is shown as text and
 * cannot change the structure of the template around it.
 *
 * Values that are plain http(s) URLs are percent-encoded where needed instead of backslash-escaped,
 * so that they keep working inside `[text](${alarm_url})`.
 */
export function escapeValue(value: string, format: MessageFormat): string {
  if (format === 'text') return value
  if (/^https?:\/\/\S+$/i.test(value)) return encodeUrlValue(value)
  const inline = format === 'markdown_v2' ? /[\\`*[\]_~|<>]/g : /[\\`*[\]<>]/g
  return value
    .split('\n')
    .map((line) => {
      let out = line.replace(inline, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
      // v1 has no italics, so a lone `_` (db_1) stays as it is; `__x__` would be bold.
      if (format === 'markdown') out = out.replace(/_{2,}/g, (m) => m.replace(/_/g, '\\_'))
      // Line-start syntax: headings (and, in v2, lists and rules).
      out = out.replace(/^(\s*)(#)/, '$1\\$2')
      if (format === 'markdown_v2') out = out.replace(/^(\s*)([-+]|\d+\.)(\s)/, '$1\\$2$3')
      return out
    })
    .join('\n')
}

function encodeUrlValue(url: string): string {
  return url.replace(
    /[()<>`\s*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'),
  )
}
