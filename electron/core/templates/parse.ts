import { say, type CoreText } from '../text/core-text'
/**
 * The `${name}` / `${name:-fallback}` template language (OCP's variables, shell-style fallback).
 * One parser serves rendering and the editor's lint marks, so they can never disagree.
 * `$${` stands for a literal `${`.
 */

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'var'; name: string; fallback: string | undefined; start: number; end: number }

export interface TemplateProblem {
  /** Offset of the problem in the template (UTF-16 code units, as editors count). */
  start: number
  end: number
  message: CoreText
}

export interface ParsedTemplate {
  parts: TemplatePart[]
  problems: TemplateProblem[]
}

const NAME = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w.-]*)?$/

export function parseTemplate(source: string): ParsedTemplate {
  const parts: TemplatePart[] = []
  const problems: TemplateProblem[] = []
  let text = ''
  let i = 0
  const flushText = () => {
    if (text) parts.push({ kind: 'text', text })
    text = ''
  }
  while (i < source.length) {
    const open = source.indexOf('${', i)
    if (open === -1) {
      text += source.slice(i)
      break
    }
    if (open > 0 && source[open - 1] === '$') {
      // `$${` → literal `${`
      text += source.slice(i, open - 1) + '${'
      i = open + 2
      continue
    }
    text += source.slice(i, open)
    const close = source.indexOf('}', open + 2)
    const newline = source.indexOf('\n', open + 2)
    if (close === -1 || (newline !== -1 && newline < close)) {
      const end = newline === -1 ? source.length : newline
      problems.push({
        start: open,
        end,
        message: say('lint.unclosed'),
      })
      text += source.slice(open, end)
      i = end
      continue
    }
    const inner = source.slice(open + 2, close)
    const sep = inner.indexOf(':-')
    const name = (sep === -1 ? inner : inner.slice(0, sep)).trim()
    const fallback = sep === -1 ? undefined : inner.slice(sep + 2)
    if (!name) {
      problems.push({
        start: open,
        end: close + 1,
        message: say('lint.noName'),
      })
      text += source.slice(open, close + 1)
    } else if (sep === -1 && /^[\w.]+:[^-]/.test(inner)) {
      problems.push({
        start: open,
        end: close + 1,
        message: say('lint.fallbackSyntax', { name: inner.split(':')[0]! }),
      })
      text += source.slice(open, close + 1)
    } else if (!NAME.test(name)) {
      problems.push({
        start: open,
        end: close + 1,
        message: say('lint.badName', { name }),
      })
      text += source.slice(open, close + 1)
    } else {
      flushText()
      parts.push({ kind: 'var', name, fallback, start: open, end: close + 1 })
    }
    i = close + 1
  }
  flushText()
  return { parts, problems }
}
