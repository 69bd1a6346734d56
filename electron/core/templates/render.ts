import { escapeValue } from './escape'
import type { MessageFormat } from './formats'
import { parseTemplate, type ParsedTemplate } from './parse'

/** What a template can reach: the flat `alarm_*` variables plus labels and annotations by name. */
export interface TemplateContext {
  vars: Record<string, string | number | boolean | null | undefined>
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

/** A variable's value; never a JavaScript built-in (`${toString}`, `${labels.constructor}`). */
const own = (o: Record<string, unknown> | undefined, k: string) =>
  o && Object.hasOwn(o, k) ? o[k] : undefined

export function lookupVariable(ctx: TemplateContext, name: string): string | undefined {
  const v = name.startsWith('labels.')
    ? own(ctx.labels, name.slice(7))
    : name.startsWith('annotations.')
      ? own(ctx.annotations, name.slice(12))
      : own(ctx.vars, name)
  return v === null || v === undefined || typeof v === 'object' || typeof v === 'function'
    ? undefined
    : String(v)
}

/**
 * Renders a template. Never throws and never drops the message: an unknown or empty variable
 * renders its fallback (itself rendered as-is), else an empty string; a malformed `${` stays as
 * the literal text the author wrote.
 *
 * **Optional lines**: a line of the template that holds at least one variable, and whose
 * variables all rendered empty (no value and no fallback), is dropped with its line break — so
 * `- Summary: ${alarm_summary}` disappears when there is no summary. A line without variables is
 * always kept; give a variable a fallback (`${alarm_summary:-none}`) to keep its line.
 */
export function renderTemplate(
  template: string | ParsedTemplate,
  ctx: TemplateContext,
  format: MessageFormat,
): string {
  const parsed = typeof template === 'string' ? parseTemplate(template) : template
  const lines: string[] = []
  let line = ''
  let vars = 0
  let filled = 0
  const endLine = () => {
    if (!(vars > 0 && filled === 0)) lines.push(line)
    line = ''
    vars = 0
    filled = 0
  }
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      let from = 0
      for (let nl = part.text.indexOf('\n'); nl !== -1; nl = part.text.indexOf('\n', from)) {
        line += part.text.slice(from, nl)
        endLine()
        from = nl + 1
      }
      line += part.text.slice(from)
      continue
    }
    vars++
    const value = lookupVariable(ctx, part.name)
    // Emptiness is judged after neutralising: a value of control characters is empty too.
    const shown = value === undefined ? '' : escapeValue(value, format)
    if (shown.trim() !== '') {
      line += shown
      filled++
    } else if (part.fallback !== undefined) {
      line += part.fallback
      filled++
    }
  }
  endLine()
  return lines.join('\n')
}

/** Variables every alert has, whatever its sender: the relay sets them. */
const ALWAYS: TemplateContext['vars'] = {
  alarm_name: 'x',
  alarm_status: 'x',
  alarm_status_title: 'x',
  alarm_status_text: 'x',
  alarm_source: 'x',
  alarm_fingerprint: 'x',
}

/** True when a template would render nothing for an alert that has only the relay's own variables. */
export function rendersNothingWhenEmpty(template: string): boolean {
  return renderTemplate(template, { vars: ALWAYS }, 'text').trim() === ''
}
