import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it, vi } from 'vitest'
import { finishAlert, type Alert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { WalCheckpoints } from '../../../electron/core/files/wal-checkpoints'
import { HistoryStore } from '../../../electron/core/history/history-store'
import { OnCall } from '../../../electron/core/oncall/oncall'
import { tempDir } from '../../helpers/servers'

/** The alerts of Alertmanager's webhook body in test/fixtures, each made distinct by `n`. */
function alerts(n: number): Alert[] {
  const body = JSON.parse(
    readFileSync(new URL('../../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
  ) as { alerts: Array<{ labels: Record<string, string>; fingerprint?: string }> }
  for (const a of body.alerts) {
    a.labels.instance = `${a.labels.instance}-${n}`
    a.fingerprint = `${a.fingerprint ?? 'f'}-${n}`
  }
  const now = new Date()
  return parseAlerts(body, undefined, { itemsPath: '', fields: {} }, now).map((d) =>
    finishAlert(d, now),
  )
}

/** Holds the event loop (no timer, no callback runs) for `ms`. */
const holdEventLoop = (ms: number) =>
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

const size = (file: string) => statSync(file).size

describe('write-ahead log checkpoints off the event loop', () => {
  it("copy the history's log into history.db while the event loop is held", async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    for (let i = 0; i < 20; i++)
      await h.addAlerts(alerts(i).map((alert) => ({ alert, targets: ['oncall'], skipped: [] })))
    const before = size(join(dir, 'history.db'))
    // Far under the 1,000 pages at which a commit would checkpoint on the event loop.
    holdEventLoop(2_500)
    expect(size(join(dir, 'history.db'))).toBeGreaterThan(before)
    await h.close()
    // Closed cleanly: the last connection folded the log in and removed it.
    expect(() => statSync(join(dir, 'history.db-wal'))).toThrow()
    const again = await HistoryStore.open({ dir })
    expect(again.query({}).total).toBe(20 * alerts(0).length)
    await again.close()
  })

  it("copy the firing set's log into firing.db while the event loop is held", async () => {
    const dir = tempDir()
    const oc = new OnCall({ file: join(dir, 'oncall.json'), saveDelayMs: 5 })
    for (let i = 0; i < 20; i++) oc.observe(alerts(i).map((alert) => ({ alert, targets: [] })))
    const before = size(join(dir, 'firing.db'))
    holdEventLoop(2_500)
    expect(size(join(dir, 'firing.db'))).toBeGreaterThan(before)
    const firing = oc.active.list().length
    expect(firing).toBeGreaterThan(0)
    await oc.stop()
    const again = new OnCall({ file: join(dir, 'oncall.json'), saveDelayMs: 5 })
    expect(again.active.list()).toHaveLength(firing)
    await again.stop()
  })

  it('end their thread when there is nothing to copy, and start it again on the next write', async () => {
    const dir = tempDir()
    const db = new Database(join(dir, 'x.db'))
    db.pragma('journal_mode = WAL')
    db.exec('CREATE TABLE t (v TEXT)')
    const checkpoints = new WalCheckpoints({ everyMs: 50, idleRounds: 3 })
    const log = checkpoints.watch(db)
    expect(checkpoints.running).toBe(false)
    const write = () => {
      log.written()
      db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(3000))
    }
    write()
    expect(checkpoints.running).toBe(true)
    await expect.poll(() => checkpoints.running, { timeout: 5_000 }).toBe(false)
    const idle = size(join(dir, 'x.db'))
    for (let i = 0; i < 10; i++) write()
    expect(checkpoints.running).toBe(true)
    await expect.poll(() => size(join(dir, 'x.db')), { timeout: 5_000 }).toBeGreaterThan(idle)
    await log.close()
    db.close()
  })

  it('hand the checkpoints back to the connection, with one line in the log, when the thread cannot run', async () => {
    const dir = tempDir()
    const db = new Database(join(dir, 'x.db'))
    db.pragma('journal_mode = WAL')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const checkpoints = new WalCheckpoints({ sqlite: join(dir, 'no-such-module.js') })
      const log = checkpoints.watch(db)
      expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0)
      log.written()
      await expect
        .poll(() => db.pragma('wal_autocheckpoint', { simple: true }), { timeout: 5_000 })
        .toBe(1000)
      expect(errors).toHaveBeenCalledOnce()
      expect(String(errors.mock.calls[0]![0])).toMatch(/checkpoint on the main thread instead/)
      // It does not try again on every write.
      log.written()
      expect(checkpoints.running).toBe(false)
      await log.close()
    } finally {
      errors.mockRestore()
      db.close()
    }
  })
})
