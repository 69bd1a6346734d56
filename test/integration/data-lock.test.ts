import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LOCK_FILE } from '../../electron/core/data-lock'
import { oneChannel, runCli, serveArgs, startCli } from '../helpers/cli'
import { tempDir } from '../helpers/servers'

/**
 * One relay per data folder: two on one folder each keep alerts in their own memory and write over
 * each other's history, so alerts answered 202 were lost. The second refuses the folder.
 */

const ready = /ui: http/

describe('one relay per data folder', () => {
  it('a second serve on the same folder exits non-zero with one sentence naming the holder', async () => {
    const dataDir = tempDir('relay-lock-')
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(oneChannel('')))
    const first = await startCli(serveArgs(dataDir), ready)
    try {
      const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number }
      expect(lock.pid).toBe(first.child.pid)
      const second = await runCli(serveArgs(dataDir))
      expect(second.code).toBe(1)
      expect(second.stdout).toBe('')
      expect(second.stderr).toMatch(
        new RegExp(
          `^error: The data folder ${dataDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is in use by another relay \\(wecom-alert-relay serve, pid ${first.child.pid}, since [^)]+\\): stop that one first, or start this one with another --data-dir\\.\\n$`,
        ),
      )
      // The first one still serves.
      const alerts = /alerts: (http:\/\/\S+)/.exec(first.output())![1]!
      expect((await fetch(alerts, { method: 'POST', body: 'still here' })).status).toBe(202)
    } finally {
      await first.stop()
    }
    expect(first.child.exitCode).toBe(0)
    // A clean stop frees the folder.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false)
    const again = await startCli(serveArgs(dataDir), ready)
    await again.stop()
  }, 60_000)

  it('takes over a lock left by a relay that died (kill -9)', async () => {
    const dataDir = tempDir('relay-lock-')
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify(oneChannel('')))
    const first = await startCli(serveArgs(dataDir), ready)
    first.child.kill('SIGKILL')
    await new Promise((r) => first.child.once('exit', r))
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(true)
    const second = await startCli(serveArgs(dataDir), ready)
    try {
      const lock = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number }
      expect(lock.pid).toBe(second.child.pid)
    } finally {
      await second.stop()
    }
  }, 60_000)

  it('takes over a lock whose pid is gone, and one that is not a lock at all', async () => {
    for (const content of [
      // A pid that ran and exited: certainly not running now.
      JSON.stringify({
        pid: spawnSync(process.execPath, ['-e', '']).pid,
        host: hostname(),
        what: 'wecom-alert-relay serve',
        startedAt: '2026-01-01T00:00:00.000Z',
      }),
      'garbage',
    ]) {
      const dataDir = tempDir('relay-lock-')
      writeFileSync(join(dataDir, 'config.json'), JSON.stringify(oneChannel('')))
      writeFileSync(join(dataDir, LOCK_FILE), content)
      const serve = await startCli(serveArgs(dataDir), ready)
      await serve.stop()
      expect(serve.child.exitCode).toBe(0)
    }
  }, 60_000)
})

/** A read-only file system for the test (tmpfs remounted read-only): needs root, as CI runs it. */
function readOnlyFolder(): { dir: string; release: () => void } | undefined {
  const dir = tempDir('relay-ro-')
  const mount = (...args: string[]) => spawnSync('mount', args, { encoding: 'utf8' })
  if (mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir).status !== 0) return undefined
  mkdirSync(join(dir, 'data'))
  if (mount('-o', 'remount,ro', dir).status !== 0) {
    spawnSync('umount', [dir])
    return undefined
  }
  return { dir, release: () => void spawnSync('umount', [dir]) }
}

describe('a data folder on a read-only file system', () => {
  it('serve exits 1 with one sentence giving the real reason, not a stack trace or ENOENT', async ({
    skip,
  }) => {
    const ro = readOnlyFolder()
    if (!ro) return skip('mounting a read-only tmpfs needs root')
    try {
      for (const dataDir of [join(ro.dir, 'data'), join(ro.dir, 'not-yet')]) {
        const r = await runCli(serveArgs(dataDir))
        expect(r.code).toBe(1)
        expect(r.stderr).toBe(
          `error: The data folder ${dataDir} cannot be used (EROFS: read-only file system): make it writable, or start this one with another --data-dir.\n`,
        )
      }
    } finally {
      ro.release()
    }
  }, 60_000)
})
