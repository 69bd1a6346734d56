import { parseTemplate } from '../../templates/parse'
import { lookupVariable, type TemplateContext } from '../../templates/render'

/** True when the request's Content-Type is JSON (the default when none is set). */
export function isJsonContentType(headers: Record<string, string>): boolean {
  const entry = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')
  return !entry || /\bjson\b/i.test(entry[1])
}

/**
 * Renders an HTTP channel's body template. With a JSON content type every value is escaped as
 * the inside of a JSON string, so a quote or newline in an alert cannot break the document or add
 * keys: the template puts the quotes, `"${alarm_name}"`. Other content types get the values as
 * they are.
 */
export function renderHttpBody(template: string, ctx: TemplateContext, json: boolean): string {
  let out = ''
  for (const part of parseTemplate(template).parts) {
    if (part.kind === 'text') {
      out += part.text
      continue
    }
    const value = lookupVariable(ctx, part.name)
    const text = value !== undefined && value !== '' ? value : (part.fallback ?? '')
    out += json ? JSON.stringify(text).slice(1, -1) : text
  }
  return out
}
