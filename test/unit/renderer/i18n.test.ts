import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { LEVEL_ORDER } from '../../../electron/core/alerts/levels'
import { SOURCES } from '../../../electron/core/alerts/source-names'
import { CHANNEL_FORMATS, CHANNEL_TYPES } from '../../../electron/core/channels/type-names'
import { DELIVERY_STATES } from '../../../electron/core/history/records'
import { SAMPLES } from '../../../electron/core/templates/samples'
import { en } from '../../../renderer/src/i18n/en'
import { zh } from '../../../renderer/src/i18n/zh'
import { CORE_TEXTS } from '../../../electron/core/text/text-registry'
import { CORE_ZH } from '../../../renderer/src/i18n/core-zh'

type Table = { [key: string]: string | Table }

function flatten(table: Table, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(table)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}

/** i18next's plural forms: `key_one`, `key_other`… are one key `key` (Chinese has only `_other`). */
const PLURAL = /_(zero|one|two|few|many|other)$/
const base = (k: string) => k.replace(PLURAL, '')

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

/**
 * What a person may see that is not a sentence: product and protocol names, language names
 * written in their own language, code-like tokens and example values.
 */
const NOT_TRANSLATED = new Set([
  'WeCom Alert Relay',
  'HTTP',
  'errcode',
  'R',
  'labels.X',
  'annotations.X',
  'labels.',
  'annotations.',
  '/alerts',
  'English',
  '简体中文',
  'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
  '13800001111, 13900002222',
  'http://10.0.0.1:3128',
  'http://host:port',
  'status',
  'my-monitor',
  '/alerts/',
])

const ROOT = new URL('../../../renderer/src/', import.meta.url).pathname
const VISIBLE_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'label'])

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsxFiles(join(dir, e.name))
      : e.name.endsWith('.tsx')
        ? [join(dir, e.name)]
        : [],
  )
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? tsFiles(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')
        ? [join(dir, e.name)]
        : [],
  )
}

/** Literal text in JSX (text nodes, visible attributes, string literals in braces). */
function literalTexts(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TSX,
  )
  const found: string[] = []
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node)) {
      const text = node.getText().trim()
      if (text) found.push(text)
    } else if (
      ts.isJsxAttribute(node) &&
      VISIBLE_ATTRIBUTES.has(node.name.getText()) &&
      node.initializer &&
      ts.isStringLiteral(node.initializer)
    ) {
      found.push(node.initializer.text)
    } else if (ts.isJsxExpression(node) && node.expression && ts.isStringLiteral(node.expression)) {
      found.push(node.expression.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  // Words in any script; punctuation, icons and spaces alone are not text a person reads.
  return found.filter((s) => /[\p{L}]/u.test(s) && !NOT_TRANSLATED.has(s))
}

describe('the window speaks both languages', () => {
  const E = flatten(en as unknown as Table)
  const Z = flatten(zh as unknown as Table)

  it('has every English key in Chinese and every Chinese key in English', () => {
    const zKeys = new Set([...Z.keys()].map(base))
    const eKeys = new Set([...E.keys()].map(base))
    expect([...eKeys].filter((k) => !zKeys.has(k))).toEqual([])
    expect([...zKeys].filter((k) => !eKeys.has(k))).toEqual([])
    // A counted sentence has its "other" form in both (the one every language has).
    for (const k of [...E.keys(), ...Z.keys()].filter((k) => PLURAL.test(k)))
      expect(E.has(`${base(k)}_other`) && Z.has(`${base(k)}_other`), k).toBe(true)
  })

  it('has no empty string, and the same placeholders in both languages', () => {
    for (const [k, v] of E) {
      const z = Z.get(k) ?? Z.get(`${base(k)}_other`)
      expect(v, k).not.toBe('')
      expect(z, k).not.toBe('')
      // A singular may say "one" instead of {{count}}.
      if (!k.endsWith('_one')) expect(placeholders(z!), k).toEqual(placeholders(v))
    }
  })

  it('counts in words, not "(s)", and shows no Markdown backticks (the window prints them as they are)', () => {
    const shown = [...E, ...Z, ...Object.entries(CORE_TEXTS), ...Object.entries(CORE_ZH)]
    // The startup log line is matched word for word against app.ts's warning, which writes "(s)".
    const logged = new Set(['start.damagedHistory'])
    expect(
      shown.filter(([k, v]) => !logged.has(k) && /\(s\)|`/.test(v)).map(([k, v]) => `${k}: ${v}`),
    ).toEqual([])
  })

  it('names every source, level, delivery state, channel type, format and studio sample the core knows, in both languages', () => {
    const needed = [
      ...SOURCES.map((s) => `sources.${s}`),
      ...LEVEL_ORDER.map((l) => `levels.${l}`),
      ...DELIVERY_STATES.map((s) => `states.${s}`),
      ...CHANNEL_TYPES.flatMap((c) => [
        `channels.types.${c}`,
        `channels.limits.over.${c}`,
        `channels.extraHelpByType.${c}`,
      ]),
      ...CHANNEL_FORMATS.map((f) => `formats.${f}`),
      ...SAMPLES.map((s) => `templates.sampleNames.${s.id}`),
    ]
    expect(needed.filter((k) => !E.has(k) || !Z.has(k))).toEqual([])
  })

  it('uses only keys that exist: every t("…") in the window is in the table', () => {
    const files = [...tsxFiles(ROOT), ...tsFiles(ROOT)]
    const used = files.flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)].map((m) => ({ f, key: m[1]! })),
    )
    expect(used.length).toBeGreaterThan(100)
    expect(
      used
        .filter((u) => !E.has(u.key) && !E.has(`${u.key}_other`))
        .map((u) => `${relative(ROOT, u.f)}: ${u.key}`),
    ).toEqual([])
  })

  it('shows no literal text in the TSX: every visible string comes from the tables', () => {
    const files = tsxFiles(ROOT)
    expect(files.length).toBeGreaterThan(10)
    const literals = files.flatMap((f) => literalTexts(f).map((s) => `${relative(ROOT, f)}: ${s}`))
    expect(literals).toEqual([])
  })
})
