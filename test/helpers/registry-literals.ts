import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * Where a writer under `root` still holds one of the registry's English sentences as a string
 * literal of its own, instead of saying it by its code (`say('code', params)`): the sentence is
 * then written twice and the two copies can drift. A template without parameters counts when a
 * literal equals it; one with parameters when a literal holds its longest fixed part (15
 * characters or more: shorter parts are common words), and one-word phrases never. `core/text/` (the registry) is skipped,
 * and so are comments.
 */
export function registryLiterals(
  root: string,
  templates: Record<string, string>,
): Array<{ code: string; file: string }> {
  const literals = sourceFiles(root).map((file) => ({
    file: relative(root, file),
    strings: stringLiterals(readFileSync(file, 'utf8')),
  }))
  const out: Array<{ code: string; file: string }> = []
  for (const [code, template] of Object.entries(templates)) {
    const fixed = template.split(/\{\w+\}/)
    const hasParams = fixed.length > 1
    const longest = fixed.reduce((a, b) => (b.length > a.length ? b : a), '')
    if (hasParams && longest.trim().length < 15) continue
    // One word ("failed", "alerts") is a word, not a sentence the writer holds.
    if (!hasParams && !template.includes(' ')) continue
    const hit = literals.find(({ strings }) =>
      strings.some((s) => (hasParams ? s.includes(longest) : s === template)),
    )
    if (hit) out.push({ code, file: hit.file })
  }
  return out
}

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      if (!(name === 'text' && dir.endsWith('core'))) sourceFiles(path, out)
    } else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path)
  }
  return out
}

const COMMENT_LINE = /^\s*(\/\/|\/\*|\*)/
const LITERAL = /'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)"|`((?:[^`\\]|\\.)*)`/g

/** The contents of a file's string and template literals (escapes undone), comments left out. */
function stringLiterals(source: string): string[] {
  const code = source
    .split('\n')
    .filter((line) => !COMMENT_LINE.test(line))
    .join('\n')
  const out: string[] = []
  for (const m of code.matchAll(LITERAL)) {
    const raw = m[1] ?? m[2] ?? m[3] ?? ''
    out.push(raw.replace(/\\(.)/g, '$1'))
  }
  return out
}
