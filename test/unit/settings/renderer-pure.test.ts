import { existsSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { dirname, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = new URL('../../../', import.meta.url).pathname
const BUILTINS = new Set(builtinModules)

/**
 * The Node built-ins a module reaches through its relative imports (type-only imports skipped:
 * they vanish from the bundle), with the file that imports each one.
 */
function nodeImports(entry: string): string[] {
  const seen = new Set<string>()
  const found: string[] = []
  const visit = (file: string) => {
    if (seen.has(file)) return
    seen.add(file)
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
    for (const s of source.statements) {
      if (!ts.isImportDeclaration(s) && !ts.isExportDeclaration(s)) continue
      if (ts.isImportDeclaration(s) && s.importClause?.isTypeOnly) continue
      if (ts.isExportDeclaration(s) && s.isTypeOnly) continue
      const spec = s.moduleSpecifier
      if (!spec || !ts.isStringLiteral(spec)) continue
      const name = spec.text
      if (name.startsWith('.')) {
        const base = resolve(dirname(file), name)
        const next = [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((f) => existsSync(f))
        if (next) visit(next)
      } else if (name.startsWith('node:') || BUILTINS.has(name)) {
        found.push(`${file.slice(ROOT.length)} imports ${name}`)
      }
    }
  }
  visit(ROOT + entry)
  return found
}

describe('the settings modules the window imports stay free of Node', () => {
  it.each([
    'electron/core/settings/fields.ts',
    'electron/core/settings/schema.ts',
    'electron/core/channels/limits.ts',
    'electron/core/channels/catalog.ts',
    'renderer/src/pages/channels/channel-form-model.ts',
    'renderer/src/pages/channels/type-limits.tsx',
  ])('%s reaches no Node built-in', (entry) => {
    expect(nodeImports(entry)).toEqual([])
  })

  it('the self-loop check, which needs the machine addresses, does', () => {
    expect(nodeImports('electron/core/settings/self-loop.ts')).toEqual([
      'electron/core/settings/self-loop.ts imports node:os',
    ])
  })
})
