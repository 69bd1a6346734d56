import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { finishAlert } from '../../../electron/core/alerts/model'
import { openDatabase } from '../../../electron/core/history/history-schema'
import { attachSearch, SearchIndexer } from '../../../electron/core/history/search-index'
import { insertAlert, prepare } from '../../../electron/core/history/statements'
import { tempDir } from '../../helpers/servers'

/** A history.db with search.db attached, holding `n` copies of Alertmanager's fixture alerts. */
function history(n: number) {
  const dir = tempDir()
  const db = openDatabase(join(dir, 'history.db'))
  attachSearch(db, join(dir, 'search.db'))
  const body = JSON.parse(
    readFileSync(new URL('../../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
  ) as unknown
  const s = prepare(db)
  const now = new Date()
  let last = 0
  for (let i = 0; i < n; i++)
    for (const d of parseAlerts(body, undefined, { itemsPath: '', fields: {} }, now)) {
      const alert = finishAlert({ ...d, labels: { ...d.labels, instance: `node-${i}` } }, now)
      last = insertAlert(s, { alert, targets: [], skipped: [] }) || last
    }
  const indexed = () =>
    db.prepare('SELECT count(*) FROM search.alerts_text').pluck().get() as number
  return { dir, db, last, indexed }
}

describe('search.db', () => {
  it("is readable by its owner only: it holds the alerts' text", () => {
    const { dir, db } = history(0)
    expect(statSync(join(dir, 'search.db')).mode & 0o777).toBe(0o600)
    db.close()
  })

  it('is indexed by the main connection, with one line in the log, when the thread cannot run', async () => {
    const { dir, db, last, indexed } = history(400)
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const search = new SearchIndexer(db, { sqlite: join(dir, 'no-such-module.js'), roundMs: 5 })
      await search.caughtUp(last)
      expect(indexed()).toBe(last)
      expect(errors).toHaveBeenCalledOnce()
      expect(String(errors.mock.calls[0]![0])).toMatch(/updated on the main thread instead/)
      // Retention's deletions reach the index the same way.
      search.deleted([1, 2])
      expect(indexed()).toBe(last - 2)
      await search.close()
    } finally {
      errors.mockRestore()
      db.close()
    }
  })

  it('a search that would read more than a few thousand records waits for the thread to index them first', async () => {
    // As after an upgrade: thousands of alerts the index does not hold yet.
    const { db, last, indexed } = history(1_500)
    expect(last).toBe(3_000)
    const search = new SearchIndexer(db, { roundMs: 5 })
    expect(indexed()).toBe(0)
    await search.within(last, 1_000)
    expect(indexed()).toBeGreaterThanOrEqual(last - 1_000)
    // A gap within reach is read from the records at once: nothing to wait for.
    const before = indexed()
    await search.within(before + 500, 1_000)
    await search.close()
    db.close()
  })

  it('forgets deleted alerts through its thread, and ends the thread on close', async () => {
    const { db, last, indexed } = history(10)
    const search = new SearchIndexer(db, { roundMs: 5 })
    await search.caughtUp(last)
    expect(indexed()).toBe(last)
    search.deleted([1, 2, 3])
    await expect.poll(indexed, { timeout: 5_000 }).toBe(last - 3)
    await search.close()
    db.close()
  })
})
