import type { LintIssue } from '../../../../electron/core/templates/lint'

/** What the editor does with a keystroke at the caret: the `${` prefix being typed, if any. */
export function suggestionPrefix(
  value: string,
  caret: number,
): { prefix: string; at: number } | undefined {
  const m = /\$\{([\w.]*)$/.exec(value.slice(0, caret))
  return m ? { prefix: m[1]!, at: caret - m[0].length } : undefined
}

/**
 * Inserts `text` in place of `value[start, end)` and says what to select afterwards: a
 * placeholder such as `${labels.name}` selects `name`, so the person types over it.
 */
export function insertAt(
  value: string,
  start: number,
  end: number,
  text: string,
  select?: string,
): { value: string; selection: [number, number] } {
  const next = value.slice(0, start) + text + value.slice(end)
  const at = select ? text.indexOf(select) : -1
  return {
    value: next,
    selection:
      at >= 0
        ? [start + at, start + at + select!.length]
        : [start + text.length, start + text.length],
  }
}

/** Whether saving may go ahead: errors block; warnings need one confirmation. */
export function saveVerdict(lint: readonly LintIssue[]): 'ok' | 'warnings' | 'errors' {
  if (lint.some((i) => i.severity === 'error')) return 'errors'
  if (lint.some((i) => i.severity === 'warning')) return 'warnings'
  return 'ok'
}
