import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { oneChannel, ROOT, serveArgs, startCli } from '../helpers/cli'
import { waitFor } from '../helpers/relay'
import { tempDir } from '../helpers/servers'
import { startBadProxy } from '../corpus/proxies'

const dataDirWithoutSimulator = () => {
  const dir = tempDir('relay-signals-')
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify(oneChannel('http://127.0.0.1:9/cgi-bin/webhook/send?key=signals-0001')),
  )
  return dir
}

/** True while something accepts connections at `origin`. */
const listening = (origin: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(origin)
    const s = connect(Number(port), hostname)
      .once('connect', () => resolve(!!s.destroy()))
      .once('error', () => resolve(false))
  })

describe('serve and signals', () => {
  it.each(['SIGHUP', 'SIGTERM', 'SIGINT'] as const)(
    '%s stops serve cleanly: exit code 0, ports released',
    async (signal) => {
      const serve = await startCli(serveArgs(dataDirWithoutSimulator()), /ui: http/)
      const alerts = /alerts: (http:\/\/\S+)\/alerts/.exec(serve.output())![1]!
      serve.child.kill(signal)
      const [code, killedBy] = (await once(serve.child, 'exit')) as [number | null, string | null]
      // Before, SIGHUP killed the process outright (no clean stop, exit by signal).
      expect({ code, killedBy }).toEqual({ code: 0, killedBy: null })
      expect(serve.output()).toContain('stopped:')
      expect(await listening(alerts)).toBe(false)
    },
  )
})

describe('serve stuck on a proxy', () => {
  it('SIGTERM while a send waits on a silent proxy (timeout 120 s) still stops cleanly', async () => {
    const proxy = await startBadProxy('silent')
    try {
      const dir = tempDir('relay-signals-proxy-')
      writeFileSync(
        join(dir, 'config.json'),
        JSON.stringify(
          oneChannel('https://127.0.0.1:9/cgi-bin/webhook/send?key=signals-proxy-0001', {
            proxy: proxy.url,
            timeoutSeconds: 120,
            // No gather window: the stop is under test, and the time limit is its assertion.
            storm: { gatherSeconds: 0 },
          }),
        ),
      )
      const serve = await startCli(serveArgs(dir), /ui: http/)
      const alerts = /alerts: (http:\/\/\S+)\/alerts/.exec(serve.output())![1]!
      await fetch(`${alerts}/alerts`, { method: 'POST', body: 'stuck behind the proxy' })
      await waitFor(() => proxy.connections >= 1, 10_000, 'the CONNECT')
      serve.child.kill('SIGTERM')
      // The test's 20 s limit is the assertion: before, the stop waited on the proxy.
      const [code] = (await once(serve.child, 'exit')) as [number | null]
      expect(code).toBe(0)
      expect(serve.output()).toContain('stopped:')
    } finally {
      await proxy.close()
    }
  }, 20_000)
})

describe('npm start (scripts/start.mjs)', () => {
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist/cli.js')))
      execFileSync(process.execPath, [join(ROOT, 'scripts/build.mjs')], {
        cwd: ROOT,
        stdio: 'ignore',
      })
  }, 180_000)

  /**
   * Started as npm starts it: `sh -c "… && node scripts/start.mjs"`. npm forwards SIGTERM to that
   * shell, which dies without passing it on; start.mjs must notice and stop the relay.
   */
  async function npmStart(): Promise<{ sh: ChildProcess; alerts: string; output: () => string }> {
    const args = serveArgs(dataDirWithoutSimulator()).slice(1).join(' ')
    const sh = spawn('sh', ['-c', `true && node scripts/start.mjs ${args}`], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
    })
    let out = ''
    sh.stdout.on('data', (d) => (out += d))
    sh.stderr.on('data', (d) => (out += d))
    await waitFor(() => /ui: http/.test(out), 20_000, `serve to start:\n${out}`)
    return { sh, alerts: /alerts: (http:\/\/\S+)\/alerts/.exec(out)![1]!, output: () => out }
  }

  it('SIGTERM to the npm shell stops the relay and frees its ports', async () => {
    const { sh, alerts, output } = await npmStart()
    expect(await listening(alerts)).toBe(true)
    sh.kill('SIGTERM')
    // Before, the relay kept running, orphaned, holding its ports.
    await waitFor(async () => !(await listening(alerts)), 15_000, 'the listener port to be freed')
    await waitFor(() => output().includes('stopped:'), 5_000, 'the clean stop line')
  }, 40_000)

  it.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)(
    '%s to start.mjs itself is forwarded: a clean stop and exit code 0',
    async (signal) => {
      const args = serveArgs(dataDirWithoutSimulator())
      const start = spawn(process.execPath, [join(ROOT, 'scripts/start.mjs'), ...args.slice(1)], {
        cwd: ROOT,
        env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: '/nonexistent' },
      })
      let out = ''
      start.stdout.on('data', (d) => (out += d))
      start.stderr.on('data', (d) => (out += d))
      await waitFor(() => /ui: http/.test(out), 20_000, 'serve to start')
      const alerts = /alerts: (http:\/\/\S+)\/alerts/.exec(out)![1]!
      start.kill(signal)
      const [code] = (await once(start, 'exit')) as [number | null]
      expect(code).toBe(0)
      expect(out).toContain('stopped:')
      expect(await listening(alerts)).toBe(false)
    },
    40_000,
  )
})
