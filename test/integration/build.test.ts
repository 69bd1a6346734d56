import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { API_METHODS } from '../../electron/core/api/contract'
import { ROOT } from '../helpers/cli'

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/electron/preload.cjs')))
    execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], {
      cwd: ROOT,
      stdio: 'ignore',
    })
}, 120_000)

describe('the built preload', () => {
  const preload = () => readFileSync(join(ROOT, 'dist/electron/preload.cjs'), 'utf8')

  it('is one CommonJS file that requires nothing but electron (sandboxed preloads cannot load modules)', () => {
    const required = [...preload().matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])
    expect([...new Set(required)]).toEqual(['electron'])
    expect(preload()).not.toMatch(/^\s*import\s/m)
  })

  it('exposes window.relay through contextBridge, with no raw ipcRenderer', () => {
    expect(preload()).toContain('exposeInMainWorld("relay"')
    expect(preload()).not.toMatch(/exposeInMainWorld\("ipcRenderer"/)
    // The method names come from the contract: every one is in the bundle.
    for (const m of API_METHODS) expect(preload()).toContain(m)
  })
})
