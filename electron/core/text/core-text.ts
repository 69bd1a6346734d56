import { CORE_TEXTS, type CoreCode } from './text-registry'

/**
 * A sentence from the core with its stable code and parameters: what the window translates. `text`
 * is the English the core wrote (the CLI, logs and history show it as is).
 */
export interface CoreText {
  /** A key of `CORE_TEXTS`; absent when no template matches (the text is shown as written). */
  code?: CoreCode
  params?: Record<string, string>
  /** Several sentences in a row (a reason and its fix): each identified on its own. */
  parts?: CoreText[]
  text: string
}

interface Compiled {
  code: CoreCode
  regex: RegExp
  names: string[]
  /** Characters the template fixes: the most specific match wins. */
  literal: number
}

const PLACEHOLDER = /\{(\w+)\}/g
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let compiled: Compiled[] | undefined
const cache = new Map<string, CoreText>()

function compile(): Compiled[] {
  return (Object.entries(CORE_TEXTS) as Array<[CoreCode, string]>).map(([code, template]) => {
    const names: string[] = []
    let source = ''
    let last = 0
    let literal = 0
    for (const m of template.matchAll(PLACEHOLDER)) {
      const before = template.slice(last, m.index)
      source += escape(before) + '([\\s\\S]*?)'
      literal += before.length
      names.push(m[1]!)
      last = m.index + m[0].length
    }
    const tail = template.slice(last)
    literal += tail.length
    return { code, regex: new RegExp(`^${source}${escape(tail)}$`), names, literal }
  })
}

/**
 * Finds the code and parameters of an English sentence the core wrote, by the registry's
 * templates (the most specific template wins). Sentences written before codes existed (history
 * records on disk) are identified the same way.
 */
export function identifyCoreText(text: string): CoreText {
  const hit = cache.get(text)
  if (hit) return hit
  let out = matchOne(text)
  if (!out.code) {
    const pieces = text.split(SENTENCE_END)
    if (pieces.length > 1) {
      const parts = pieces.map(matchOne)
      if (parts.some((p) => p.code)) out = { parts, text }
    }
  }
  if (cache.size > 2000) cache.clear()
  cache.set(text, out)
  return out
}

/** Where one sentence ends and the next begins ("…the relay retries. Check the proxy."). */
const SENTENCE_END = /(?<=[.?!])\s+(?=[A-Z"(])/

function matchOne(text: string): CoreText {
  compiled ??= compile()
  let best: { c: Compiled; m: RegExpExecArray } | undefined
  for (const c of compiled) {
    if (best && c.literal <= best.c.literal) continue
    const m = c.regex.exec(text)
    if (m) best = { c, m }
  }
  return best
    ? {
        code: best.c.code,
        params: Object.fromEntries(best.c.names.map((n, i) => [n, best.m[i + 1]!])),
        text,
      }
    : { text }
}

/** Writes a template with its parameters: `{name}` → the value (unknown names stay as written). */
export function fillTemplate(
  template: string,
  params: Record<string, string | number> = {},
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}

/** The placeholder names of a template, sorted (the translation test compares them). */
export function templateParams(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).sort()
}
