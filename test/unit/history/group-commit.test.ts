import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GroupCommit, type Syncer } from '../../../electron/core/history/group-commit'
import { openDatabase, walSyncer } from '../../../electron/core/history/history-schema'

const dirs: string[] = []
const dbs: Database.Database[] = []
afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A history database on disk, in WAL with `synchronous=NORMAL`, as the store runs it. */
function database() {
  const dir = mkdtempSync(join(tmpdir(), 'relay-commit-'))
  dirs.push(dir)
  const db = openDatabase(join(dir, 'history.db'))
  dbs.push(db)
  db.pragma('synchronous = NORMAL')
  db.exec('CREATE TABLE t (v TEXT)')
  return db
}

/** The real log sync, held until the test lets each one finish (or fail). */
function heldSyncer(db: Database.Database) {
  const real = walSyncer(db)!
  const held: Array<{ release: (err?: Error) => void }> = []
  let now = 0
  const sync: Syncer = {
    async: () =>
      new Promise<void>((resolve, reject) => {
        held.push({
          release: (err) => (err ? reject(err) : real.async().then(resolve, reject)),
        })
      }),
    now: () => {
      now++
      real.now()
    },
  }
  return { sync, held, nowCalls: () => now, close: () => real.close() }
}

const tick = () => new Promise((r) => setImmediate(r))

/** Tracks when a write's promise settles. */
function watch(p: Promise<void>) {
  const s = { settled: false, error: undefined as Error | undefined }
  p.then(
    () => (s.settled = true),
    (e: Error) => {
      s.settled = true
      s.error = e
    },
  )
  return s
}

describe('group commit with the log synced off the event loop', () => {
  it('answers no write before its sync; what arrives meanwhile is one transaction, one sync', async () => {
    const db = database()
    const s = heldSyncer(db)
    const gc = new GroupCommit(db, () => {}, s.sync)
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    const count = db.prepare('SELECT count(*) FROM t').pluck()
    const mirrored: string[] = []
    const a = watch(
      gc.write(
        () => insert.run('a'),
        () => mirrored.push('a'),
      ),
    )
    await tick()
    // Committed into the log, its sync under way, not answered.
    expect(count.get()).toBe(1)
    expect(s.held).toHaveLength(1)
    expect(a.settled).toBe(false)
    expect(mirrored).toEqual([])
    // The event loop keeps going: two more writes arrive while the first sync runs, and wait.
    const b = watch(
      gc.write(
        () => insert.run('b'),
        () => mirrored.push('b'),
      ),
    )
    await tick()
    const c = watch(
      gc.write(
        () => insert.run('c'),
        () => mirrored.push('c'),
      ),
    )
    await tick()
    expect(count.get()).toBe(1)
    expect(s.held).toHaveLength(1)
    s.held[0]!.release()
    await vi.waitFor(() => expect(a.settled).toBe(true))
    expect(a.error).toBeUndefined()
    expect(b.settled || c.settled).toBe(false)
    expect(mirrored).toEqual(['a'])
    // Then both in one transaction, under one sync.
    expect(count.get()).toBe(3)
    expect(s.held).toHaveLength(2)
    s.held[1]!.release()
    await vi.waitFor(() => expect(b.settled && c.settled).toBe(true))
    expect([b.error, c.error]).toEqual([undefined, undefined])
    expect(mirrored).toEqual(['a', 'b', 'c'])
    s.close()
  })

  it('a sync the disk refuses fails every write it was to answer, with the errno', async () => {
    const db = database()
    const s = heldSyncer(db)
    const gc = new GroupCommit(db, () => {}, s.sync)
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    let mirrored = false
    const a = watch(
      gc.write(
        () => insert.run('a'),
        () => (mirrored = true),
      ),
    )
    await tick()
    s.held[0]!.release(Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' }))
    await vi.waitFor(() => expect(a.settled).toBe(true))
    expect(a.error?.message).toMatch(/EIO/)
    expect(mirrored).toBe(false)
    // The next write is not held behind the failed sync.
    const b = watch(gc.write(() => insert.run('b')))
    await tick()
    s.held[1]!.release()
    await vi.waitFor(() => expect(b.settled).toBe(true))
    expect([b.settled, b.error]).toEqual([true, undefined])
    s.close()
  })

  it('close syncs on the spot what is committed or queued, and answers it', async () => {
    const db = database()
    const s = heldSyncer(db)
    const gc = new GroupCommit(db, () => {}, s.sync)
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
    const a = watch(gc.write(() => insert.run('a')))
    await tick()
    const b = watch(gc.write(() => insert.run('b')))
    gc.close()
    await tick()
    expect(s.nowCalls()).toBe(1)
    expect([a.settled, a.error, b.settled, b.error]).toEqual([true, undefined, true, undefined])
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2)
    // The sync that was under way finishing later changes nothing.
    s.held[0]!.release()
    await tick()
    await expect(gc.write(() => insert.run('c'))).rejects.toThrow(/closed/)
    s.close()
  })
})
