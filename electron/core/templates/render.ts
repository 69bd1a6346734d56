import { escapeValue } from './escape'
import type { MessageFormat } from './formats'
import { parseTemplate, type ParsedTemplate } from './parse'

/** What a template can reach: the flat `alarm_*` variables plus labels and annotations by name. */
export interface TemplateContext {
  vars: Record<string, string | number | boolean | null | undefined>
  labels?: Record<string, string>
  annotations?: Record<string, string>
}

/** A variable's value: own properties only, so `${constructor}` never reaches a built-in. */
export function lookupVariable(ctx: TemplateContext, name: string): string | undefined {
  const [map, key] = name.startsWith('labels.')
    ? [ctx.labels, name.slice(7)]
    : name.startsWith('annotations.')
      ? [ctx.annotations, name.slice(12)]
      : [ctx.vars, name]
  const v: unknown = map && Object.hasOwn(map, key) ? map[key] : undefined
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? String(v)
    : undefined
}

/**
 * Renders a template. Never throws and never drops the message: an unknown or empty variable
 * renders its fallback (itself rendered as-is), else an empty string; a malformed `${` stays as
 * the literal text the author wrote.
 */
export function renderTemplate(
  template: string | ParsedTemplate,
  ctx: TemplateContext,
  format: MessageFormat,
): string {
  const parsed = typeof template === 'string' ? parseTemplate(template) : template
  let out = ''
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      out += part.text
      continue
    }
    const value = lookupVariable(ctx, part.name)
    if (value !== undefined && value !== '') out += escapeValue(value, format)
    else if (part.fallback !== undefined) out += part.fallback
  }
  return out
}
