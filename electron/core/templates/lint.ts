import type { MessageFormat } from './formats'
import { parseTemplate } from './parse'
import { rendersNothingWhenEmpty } from './render'
import { isKnownVariable, suggestVariable } from './variables'
import { say, type CoreText } from '../text/core-text'

export interface LintIssue {
  severity: 'error' | 'warning'
  message: CoreText
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
    const name = part.name
    const withFallback = part.fallback !== undefined
    issues.push({
      severity: 'warning',
      message: suggestion
        ? say(withFallback ? 'lint.unknownFallbackSuggest' : 'lint.unknownSuggest', {
            name,
            suggestion,
          })
        : say(withFallback ? 'lint.unknownFallback' : 'lint.unknown', { name }),
      start: part.start,
      end: part.end,
      ...position(template, part.start),
    })
  }
  if (template.trim() === '') {
    issues.push({
      severity: 'error',
      message: say('lint.empty'),
      start: 0,
      end: 0,
      line: 1,
      column: 1,
    })
  }
  if (template.trim() !== '' && rendersNothingWhenEmpty(template)) {
    issues.push({
      severity: 'warning',
      message: say('lint.allVariables'),
      start: template.length,
      end: template.length,
      ...position(template, template.length),
    })
  }
  const fontTag = /<font\b/i.exec(template)
  if (fontTag && format !== 'markdown') {
    issues.push({
      severity: 'warning',
      message: format === 'text' ? say('lint.fontText') : say('lint.fontV2'),
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
