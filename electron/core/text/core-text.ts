import { CORE_TEXTS, type CoreCode } from './text-registry'

/**
 * A sentence from the core with its stable code and parameters: what the window translates. `text`
 * is the English (the CLI, logs and history search show it as is). Writers make one with `say`;
 * `identifyCoreText` finds the code of an English sentence stored before codes existed.
 */
export interface CoreText {
  /** A key of `CORE_TEXTS`; absent when no template matches (the text is shown as written). */
  code?: CoreCode
  params?: Record<string, string>
  /** Parameters that are sentences of their own (written by `say`): translated by their code. */
  nested?: Record<string, CoreText>
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

/** The `{name}` placeholders of a registry template, as a union of names. */
type Placeholders<T extends string> = T extends `${infer Before}{${infer P}}${infer Rest}`
  ? | (Before extends `${string}$` ? (P extends `{${infer Q}` ? Name<Q> : never) : Name<P>)
    | Placeholders<Rest>
  : never
/**
 * A placeholder's name. `${alarm_name}` is a template variable shown as written, `${{name}}` one
 * around a parameter, `{"errcode":0}` JSON: only a plain `{name}` is a parameter.
 */
type Name<P extends string> = P extends '' | `${string}${'"' | ':' | ' ' | ','}${string}`
  ? never
  : P

/** What `say` takes after a code: each of its template's placeholders, or nothing when none. */
type ParamsArg<C extends CoreCode> = [Placeholders<(typeof CORE_TEXTS)[C]>] extends [never]
  ? []
  : [Record<Placeholders<(typeof CORE_TEXTS)[C]>, string | number | CoreText>]

/**
 * A sentence the core writes, by its code: the English is rendered here from the registry's
 * template (the only place it is written), and the code and parameters travel with it so the
 * window can word it in its own language. A parameter that is itself a sentence keeps its code.
 */
export function say<C extends CoreCode>(code: C, ...[params]: ParamsArg<C>): CoreText {
  const values: Record<string, string> = {}
  const nested: Record<string, CoreText> = {}
  for (const [k, v] of Object.entries(
    (params ?? {}) as Record<string, string | number | CoreText>,
  )) {
    if (typeof v === 'object') {
      nested[k] = v
      values[k] = v.text
    } else values[k] = String(v)
  }
  return {
    code,
    ...(Object.keys(values).length ? { params: values } : {}),
    ...(Object.keys(nested).length ? { nested } : {}),
    text: fillTemplate(CORE_TEXTS[code], values),
  }
}

/** Several sentences in a row (a reason and its fix), each keeping its code; blanks are left out. */
export function sentences(...parts: Array<CoreText | undefined>): CoreText {
  const kept = parts.filter((p): p is CoreText => !!p && p.text !== '')
  if (kept.length === 1) return kept[0]!
  return { parts: kept, text: kept.map((p) => p.text).join(' ') }
}

/**
 * A sentence the registry does not hold (a channel type added as a folder of its own words, a
 * server's own reason): carried and shown as written, in every language.
 */
export const asWritten = (text: string): CoreText => ({ text })

/** A sentence as a stored record holds it: English alone when written before codes existed. */
export type StoredText = string | CoreText

/** The English of a sentence, whether written before codes existed (a string) or after. */
export const english = (x: string | CoreText | undefined): string =>
  x === undefined ? '' : typeof x === 'string' ? x : x.text

/** A sentence with every secret masked in its English and its parameters. */
export function mapText(x: CoreText, f: (s: string) => string): CoreText {
  return {
    ...x,
    text: f(x.text),
    ...(x.params
      ? { params: Object.fromEntries(Object.entries(x.params).map(([k, v]) => [k, f(v)])) }
      : {}),
    ...(x.nested
      ? {
          nested: Object.fromEntries(Object.entries(x.nested).map(([k, v]) => [k, mapText(v, f)])),
        }
      : {}),
    ...(x.parts ? { parts: x.parts.map((p) => mapText(p, f)) } : {}),
  }
}
