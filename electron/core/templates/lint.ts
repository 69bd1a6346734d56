import type { MessageFormat } from './formats'
import { parseTemplate } from './parse'
import { rendersNothingWhenEmpty } from './render'
import { isKnownVariable, suggestVariable } from './variables'

export interface LintIssue {
  severity: 'error' | 'warning'
  message: string
  /** Offsets into the template (UTF-16 code units), and 1-based line and column of `start`. */
  start: number
  end: number
  line: number
  column: number
}

/**
 * What the editor marks: malformed `${` (error: it would be sent literally), unknown variables
 * (warning: they render empty), and syntax the chosen format will not display.
 */
export function lintTemplate(template: string, format: MessageFormat = 'markdown'): LintIssue[] {
  const { parts, problems } = parseTemplate(template)
  const issues: LintIssue[] = problems.map((p) => ({
    severity: 'error',
    ...p,
    ...position(template, p.start),
  }))
  for (const part of parts) {
    if (part.kind !== 'var' || isKnownVariable(part.name)) continue
    const suggestion = suggestVariable(part.name)
    const hint = suggestion
      ? ` Did you mean \${${suggestion}}?`
      : ' Pick one from the variable list.'
    issues.push({
      severity: 'warning',
      message: `\${${part.name}} is not a known variable and will render empty${part.fallback !== undefined ? ' (its fallback is used)' : ''}.${hint}`,
      start: part.start,
      end: part.end,
      ...position(template, part.start),
    })
  }
  if (template.trim() === '') {
    issues.push({
      severity: 'error',
      message: 'The template is empty: WeCom rejects empty messages (errcode 44004).',
      start: 0,
      end: 0,
      line: 1,
      column: 1,
    })
  }
  if (template.trim() !== '' && rendersNothingWhenEmpty(template)) {
    issues.push({
      severity: 'warning',
      message:
        'Every line holds a variable, so an alert without these variables renders nothing (lines whose variables are all empty are dropped): add a line of plain text, or a fallback such as ${alarm_name:-Alert}.',
      start: template.length,
      end: template.length,
      ...position(template, template.length),
    })
  }
  const fontTag = /<font\b/i.exec(template)
  if (fontTag && format !== 'markdown') {
    issues.push({
      severity: 'warning',
      message: `${format === 'text' ? 'Text' : 'Markdown v2'} messages do not show <font> colours: the tag appears as written. Use the Markdown format for colours.`,
      start: fontTag.index,
      end: fontTag.index + 5,
      ...position(template, fontTag.index),
    })
  }
  return issues.sort((a, b) => a.start - b.start)
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}
