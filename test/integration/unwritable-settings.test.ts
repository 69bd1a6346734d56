import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { confBackend } from '../../electron/core/settings/conf-backend'
import { openSettings } from '../../electron/core/settings/settings-store'
import { tempDir } from '../helpers/servers'
import { startTestRelay, type TestRelay } from '../helpers/relay'

let t: TestRelay | undefined
let restore: (() => void) | undefined
afterEach(async () => {
  restore?.()
  restore = undefined
  await t?.close()
  t = undefined
})

/**
 * As root, chmod does not stop a write, so the data folder is swapped for a plain file after the
 * relay opened it: every write into it then fails (ENOTDIR), as on a read-only or full disk.
 */
function breakDataDir(dataDir: string): () => void {
  const moved = `${dataDir}-moved`
  renameSync(dataDir, moved)
  writeFileSync(dataDir, 'not a folder')
  return () => {
    rmSync(dataDir)
    renameSync(moved, dataDir)
  }
}

const SENTENCE = /^Could not save the settings to .+: check .+\.$/

describe('settings that cannot be written', () => {
  it('saveChannel and updateSettings refuse with one sentence and change nothing', async () => {
    t = await startTestRelay()
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const before = t.relay.settings.get()
    const seen: string[] = []
    t.relay.events.on('event', (e) => seen.push(e.type))
    restore = breakDataDir(t.dataDir)

    const channel = { ...before.channels[0]!, name: 'second' }
    await expect(api.saveChannel({ channel })).rejects.toThrow(SENTENCE)
    // A server-side failure, not a field to fix (and not a 500 "please report it").
    await expect(api.saveChannel({ channel })).rejects.toMatchObject({ status: 503 })
    await expect(
      api.updateSettings({ patch: { history: { maxAlerts: 500, maxAgeDays: 3 } } }),
    ).rejects.toThrow(SENTENCE)
    // Before, the change was applied in memory (and lost on restart) while the answer was a 500.
    expect(t.relay.settings.get()).toBe(before)
    expect(seen).not.toContain('settings.changed')

    restore()
    restore = undefined
    await api.saveChannel({ channel })
    expect(t.relay.settings.get().channels.map((c) => c.name)).toEqual(['oncall', 'second'])
  })

  it('a relay starts on a settings file it cannot rewrite, with a warning instead of a crash', () => {
    const dir = tempDir('relay-ro-')
    const configDir = join(dir, 'conf')
    mkdirSync(configDir)
    const path = join(configDir, 'config.json')
    writeFileSync(
      path,
      JSON.stringify({ channels: [{ name: 'a', webhookUrl: 'http://127.0.0.1:1/x?key=k' }] }),
    )
    // A file without schemaVersion is rewritten at start (the migration stamps it).
    const undo = breakParentAfterRead(configDir)
    try {
      const { store, warnings } = openSettings(path, (p) => {
        const backend = confBackend(p)
        undo.breakNow()
        return backend
      })
      expect(store.get().channels.map((c) => c.name)).toEqual(['a'])
      expect(warnings.map((w) => w.text).join(' ')).toMatch(
        /Could not save the settings to .+: check /,
      )
    } finally {
      undo.restore()
    }
  })
})

function breakParentAfterRead(dir: string) {
  let restoreFn: (() => void) | undefined
  return {
    breakNow: () => (restoreFn = breakDataDir(dir)),
    restore: () => restoreFn?.(),
  }
}
