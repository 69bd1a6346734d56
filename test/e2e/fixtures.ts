import { test as base } from '@playwright/test'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { freePort } from '../helpers/servers'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

export interface RelayProcess {
  /** The ui: address (with its token). */
  ui: string
  /** http://127.0.0.1:PORT/alerts */
  alerts: string
  /** The built-in simulator's origin. */
  simulator: string
  dataDir: string
  output(): string
  post(body: unknown): Promise<{ ids: string[] }>
}

/**
 * Every test gets its own `wecom-alert-relay serve` (the built one) with a fresh data folder and
 * its own simulator port, so that parallel tests never share a robot.
 */
export const test = base.extend<{ relay: RelayProcess }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures must destructure their dependencies
  relay: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-e2e-'))
    const simPort = await freePort()
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({
        simulator: { enabled: true, port: simPort, keys: ['relay-demo'] },
        channels: [
          {
            name: 'simulator',
            webhookUrl: `http://127.0.0.1:${simPort}/cgi-bin/webhook/send?key=relay-demo`,
            aggregate: { enabled: false },
          },
        ],
        defaultChannels: ['simulator'],
      }),
    )
    const child = spawn(
      process.execPath,
      [
        join(ROOT, 'bin/wecom-alert-relay.js'),
        'serve',
        '--data-dir',
        dataDir,
        '--listen',
        '127.0.0.1:0',
        '--ui',
        '127.0.0.1:0',
      ],
      { cwd: ROOT },
    )
    let out = ''
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => {
        out += d
        if (/ui: http/.test(out)) resolve()
      })
      child.stderr.on('data', (d) => (out += d))
      child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)))
    })
    const alerts = /alerts: (\S+)/.exec(out)![1]!
    await use({
      ui: /ui: (\S+)/.exec(out)![1]!,
      alerts,
      simulator: /simulator: (http:\/\/[^/\s]+)/.exec(out)![1]!,
      dataDir,
      output: () => out,
      post: async (body) => {
        const res = await fetch(alerts, {
          method: 'POST',
          headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        })
        if (res.status !== 202)
          throw new Error(`listener answered ${res.status}: ${await res.text()}`)
        return (await res.json()) as { ids: string[] }
      },
    })
    child.kill('SIGINT')
    if (child.exitCode === null) await once(child, 'exit')
  },
})

export { expect } from '@playwright/test'
