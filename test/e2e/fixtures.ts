import { test as base } from '@playwright/test'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface RelayProcess {
  ui: string
  dataDir: string
  output(): string
}

/** Every test gets its own `wecom-alert-relay serve` (the built one) with a fresh data folder. */
export const test = base.extend<{ relay: RelayProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  relay: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-e2e-'))
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/wecom-alert-relay.js'),
        'serve',
        '--data-dir',
        dataDir,
        '--ui',
        '127.0.0.1:0',
      ],
      { cwd: ROOT },
    )
    let out = ''
    const ui = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d
        const m = /ui: (http:\/\/\S+)/.exec(out)
        if (m) resolve(m[1]!)
      })
      child.stderr.on('data', (d) => (out += d))
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)))
    })
    await use({ ui, dataDir, output: () => out })
    child.kill('SIGINT')
    if (child.exitCode === null) await once(child, 'exit')
  },
})

export { expect } from '@playwright/test'
