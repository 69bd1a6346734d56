import { describe, expect, it } from 'vitest'

import { firingStatements, openFiringDb } from '../../../electron/core/oncall/firing-db'

const HOUR = 3_600_000
const T0 = Date.parse('2026-11-28T03:00:00Z')

/** A firing row as the firing set stores it (only what the table reads of it). */
const row = (n: number, expiresAt: number) => ({
  identity: `node-${n}`,
  expiresAt: new Date(expiresAt).toISOString(),
  since: new Date(T0).toISOString(),
  level: 'critical',
})

describe('the firing table', () => {
  it('finds what has ended by the ends index, in first-seen order, without reading every firing row', () => {
    const db = openFiringDb(':memory:')
    // The statements' SQL, to ask SQLite how it runs the expiry (a start runs it over the whole set).
    const sql: string[] = []
    const prepare = db.prepare.bind(db)
    db.prepare = ((text: string) => {
      sql.push(text)
      return prepare(text)
    }) as typeof db.prepare
    const q = firingStatements<ReturnType<typeof row>>(db)
    db.transaction(() => {
      for (let n = 0; n < 2000; n++)
        q.put(row(n, T0 + (n % 500 === 7 ? -HOUR : 24 * HOUR)), 0, true)
      // Seen later, ended sooner: still listed after the ones seen first.
      q.put(row(5000, T0 - 2 * HOUR), 0, true)
    })()

    expect(q.endedBy(T0).map((a) => a.identity)).toEqual([
      'node-7',
      'node-507',
      'node-1007',
      'node-1507',
      'node-5000',
    ])
    const endedBy = sql.find((s) => /\bends <= \?/.test(s))!
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${endedBy}`).all(T0) as Array<{ detail: string }>)
      .map((r) => r.detail)
      .join(' | ')
    expect(plan).toContain('USING INDEX firing_ends')
    expect(plan).not.toMatch(/SCAN firing\b/)
    db.close()
  })
})
