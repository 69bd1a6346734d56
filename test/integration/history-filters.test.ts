import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../electron/core/alerts/model'
import { HistoryStore } from '../../electron/core/history/history-store'
import { SCHEMA_VERSION } from '../../electron/core/history/history-schema'
import type { HistoryQuery } from '../../electron/core/history/query'
import { filteredReads } from '../../electron/core/history/filtered-reads'
import { historyQuerySchema } from '../../electron/core/history/query'
import { queryRows } from '../../electron/core/history/reads'
import type { HistoryEntry } from '../../electron/core/history/records'
import { relayHas, whereOf } from '../../electron/core/history/sql-query'
import { prepare, prepareDeliveryReads } from '../../electron/core/history/statements'
import { tempDir } from '../helpers/servers'

/**
 * History's filters, every combination a person can pick on the page (status, level, channel,
 * outcome, source, a time range, text), against what the entries themselves say, and how SQLite
 * reads them: index entries only, never the alert rows (each holds a whole record) one by one.
 */

const BASE = Date.parse('2026-11-01T00:00:00Z')
const MIN = 60_000
const LEVELS = ['critical', 'warning', 'info']
const SOURCES = ['alertmanager', 'grafana', 'zabbix'] as const
const STATES = ['delivered', 'failed', 'pending', 'muted'] as const

const alertAt = (i: number): Alert =>
  finishAlert(
    {
      source: SOURCES[i % 3 === 0 ? 1 : i % 7 === 0 ? 2 : 0]!,
      status: i % 5 === 0 ? 'firing' : 'resolved',
      vars: {
        alarm_name: `Disk ${i % 9 === 0 ? 'full' : 'filling up'}`,
        alarm_level: LEVELS[i % 13 === 0 ? 2 : i % 4 === 0 ? 0 : 1]!,
        alarm_target: `db-${i}`,
        alarm_summary: `Filesystem on db-${i} is ${i % 100}% used`,
      },
      labels: {},
      annotations: {},
      raw: { i },
    },
    new Date(BASE + i * MIN),
  )

/**
 * 600 alerts a minute apart: most resolved, three levels and sources of unequal size, sent to
 * "oncall" (most), "db" (some, others skipped there) and "audit" (a few), in all of
 * delivered, failed, pending and muted, so that each filter matches many, few or no alerts.
 */
async function filledStore(dir: string): Promise<HistoryStore> {
  const h = await HistoryStore.open({ dir, maxAlerts: 100_000, maxAgeDays: 3650 })
  for (let k = 0; k < 600; k += 100) {
    const batch = Array.from({ length: 100 }, (_, j) => alertAt(k + j))
    await h.addAlerts(
      batch.map((alert, j) => {
        const i = k + j
        const targets = [
          'oncall',
          ...(i % 3 === 0 ? ['db'] : []),
          ...(i % 50 === 0 ? ['audit'] : []),
        ]
        return {
          alert,
          targets: i % 11 === 0 ? targets.slice(1) : targets,
          skipped: i % 3 === 1 ? [{ channel: 'db', reason: 'routing' }] : [],
        }
      }),
    )
    await h.setDeliveries(
      batch.flatMap((a, j) => {
        const i = k + j
        const state = STATES[i % 17 === 0 ? 1 : i % 10 === 0 ? 2 : i % 23 === 0 ? 3 : 0]!
        return [
          ...(i % 11 === 0 ? [] : [{ alertId: a.id, channel: 'oncall', state, at: a.receivedAt }]),
          ...(i % 6 === 0
            ? [{ alertId: a.id, channel: 'db', state: 'failed' as const, at: a.receivedAt }]
            : []),
        ]
      }),
    )
  }
  return h
}

/** Whether an entry passes the filters, read from the entry alone (the meaning History gives them). */
function passes(e: HistoryEntry, q: HistoryQuery): boolean {
  const a = e.alert
  const at = Date.parse(a.receivedAt)
  const text = [
    a.vars.alarm_name,
    a.vars.alarm_target,
    a.vars.alarm_summary,
    a.vars.alarm_description,
  ].map((f) => (f ?? '').toLowerCase())
  const deliveries = Object.entries(e.deliveries)
  return (
    (!q.status || a.status === q.status) &&
    (q.level === undefined || a.vars.alarm_level === q.level) &&
    (q.source === undefined || a.source === q.source) &&
    (!q.from || at >= Date.parse(q.from)) &&
    (!q.to || at <= Date.parse(q.to)) &&
    (q.channel === undefined && q.outcome === undefined
      ? true
      : deliveries.some(
          ([c, d]) =>
            (q.channel === undefined || c === q.channel) &&
            (q.outcome === undefined || d.state === q.outcome),
        )) &&
    (q.text ?? '')
      .toLowerCase()
      .split(/\s+/)
      .filter(Boolean)
      .every((w) => text.some((f) => f.includes(w)))
  )
}

/** SQLite's plan for a statement, a line a step (its parameters bound to null). */
function planOf(db: Database.Database, sql: string): string[] {
  const params = (sql.match(/\?/g) ?? []).map(() => null)
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map(
    (r) => r.detail,
  )
}

const iso = (minute: number) => new Date(BASE + minute * MIN).toISOString()

/** One value of each filter, or none: common, rare and absent values, so each read path runs. */
const CHOICES: Array<[keyof HistoryQuery, unknown[]]> = [
  ['status', [undefined, 'firing', 'resolved']],
  ['level', [undefined, 'warning', 'info', 'none-such']],
  ['channel', [undefined, 'oncall', 'db', 'audit']],
  ['outcome', [undefined, 'delivered', 'failed', 'muted', 'skipped']],
  ['source', [undefined, 'alertmanager', 'zabbix', 'ocp']],
  ['from', [undefined, iso(590), iso(100)]],
  ['to', [undefined, iso(300)]],
]

/** Every combination of CHOICES, in a fixed order of `n` (a mixed radix). */
function combination(n: number): HistoryQuery {
  const q: Record<string, unknown> = {}
  for (const [key, values] of CHOICES) {
    const v = values[n % values.length]
    n = Math.floor(n / values.length)
    if (v !== undefined) q[key] = v
  }
  return q as HistoryQuery
}
const COMBINATIONS = CHOICES.reduce((n, [, v]) => n * v.length, 1)

describe('History filters', () => {
  it('every combination of filters lists, counts and pages what the entries say, newest first', async () => {
    const h = await filledStore(tempDir())
    const all = h.query({ limit: 1000 }).items
    expect(all).toHaveLength(600)
    let matched = 0
    for (let n = 0; n < COMBINATIONS; n++) {
      const q = combination(n)
      const want = all.filter((e) => passes(e, q)).map((e) => e.alert.id)
      const label = JSON.stringify(q)
      const first = h.query({ ...q, limit: 100 })
      expect(first.total, label).toBe(want.length)
      expect(
        first.items.map((e) => e.alert.id),
        label,
      ).toEqual(want.slice(0, 100))
      if (want.length > 30) {
        // A page further down, as the table fetches when scrolled.
        const page = h.query({ ...q, offset: 25, limit: 7 })
        expect(
          page.items.map((e) => e.alert.id),
          label,
        ).toEqual(want.slice(25, 32))
      }
      if (want.length) matched++
    }
    // The choices reach many matches, a few and none.
    expect(matched).toBeGreaterThan(1000)
    expect(matched).toBeLessThan(COMBINATIONS)
    // Text joins any of them, an export lists what the query lists.
    for (const q of [
      { text: 'full', channel: 'db', outcome: 'failed' as const },
      { text: 'DB-4', status: 'firing' as const, source: 'alertmanager' as const },
      { text: 'filling 9', from: iso(100), to: iso(300), level: 'warning' },
    ]) {
      const want = all.filter((e) => passes(e, q)).map((e) => e.alert.id)
      expect(want.length, JSON.stringify(q)).toBeGreaterThan(0)
      expect(h.query({ ...q, limit: 1000 }).items.map((e) => e.alert.id)).toEqual(want)
    }
    for (const q of [
      { channel: 'db', outcome: 'failed' as const },
      { source: 'zabbix' as const },
    ]) {
      const exported = JSON.parse(h.export('json', q, [])) as HistoryEntry[]
      expect(exported.map((e) => e.alert.id)).toEqual(
        all.filter((e) => passes(e, q)).map((e) => e.alert.id),
      )
    }
    await h.close()
  }, 60_000)

  it('every way of reading a filter gives the same answers: each side counted to a small limit, as a big history counts it to 20,000', async () => {
    const dir = tempDir()
    const h = await filledStore(dir)
    const all = h.query({ limit: 1000 }).items
    await h.close()
    const db = new Database(join(dir, 'history.db'), { readonly: true })
    const idOf = new Map(
      (db.prepare('SELECT seq, id FROM alerts').all() as Array<{ seq: number; id: string }>).map(
        (r) => [r.seq, r.id],
      ),
    )
    for (const limit of [3, 40, 250]) {
      for (let n = 0; n < COMBINATIONS; n += 7) {
        const q = combination(n)
        const want = all.filter((e) => passes(e, q)).map((e) => e.alert.id)
        const parsed = historyQuerySchema.parse({ ...q, offset: 10, limit: 20 })
        if (!whereOf(parsed).sql) continue
        const reads = filteredReads(db, parsed, 600, limit)
        const total = db
          .prepare(reads.count.sql)
          .pluck()
          .get(...reads.count.params)
        const label = `${JSON.stringify(q)} counted to ${limit}`
        expect(total, label).toBe(want.length)
        const page = reads.page(want.length)
        const seqs = page
          ? (db
              .prepare(page.sql)
              .pluck()
              .all(...page.params) as number[])
          : []
        expect(
          seqs.map((s) => idOf.get(s)),
          label,
        ).toEqual(want.slice(10, 30))
      }
    }
    db.close()
  }, 60_000)

  it('reads index entries only: no filter makes SQLite visit the alerts (each a whole record) one by one', async () => {
    const dir = tempDir()
    const h = await filledStore(dir)
    await h.close()
    const ran: string[] = []
    const db = new Database(join(dir, 'history.db'), { verbose: (sql) => ran.push(String(sql)) })
    db.function('relay_has', { deterministic: true, varargs: true }, relayHas)
    const stmt = prepare(db)
    const visits: string[] = []
    for (let n = 0; n < COMBINATIONS; n++) {
      const q = combination(n)
      ran.length = 0
      queryRows(db, stmt, { ...q, offset: 20 }, 600)
      for (const sql of ran.filter((s) => /^\s*SELECT/i.test(s))) {
        const plan = planOf(db, sql)
        // A scan of a table, or an index that is not covering, reads rows; a seek by stored order
        // in the table is fine (the page's own rows).
        for (const step of plan)
          if (
            /^(SCAN|SEARCH) (a|d|alerts|deliveries) /.test(`${step} `) &&
            !/^(SCAN|SEARCH) \w+( EXISTS)? USING (COVERING INDEX|INTEGER PRIMARY KEY)/.test(step)
          )
            visits.push(`${JSON.stringify(q)}: ${step}`)
      }
    }
    expect(visits).toEqual([])
    db.close()
  }, 60_000)

  it('the outbox is read through the state index, also under the statistics PRAGMA optimize samples at a million alerts', async () => {
    const dir = tempDir()
    const h = await filledStore(dir)
    await h.close()
    // What `PRAGMA optimize` (analysis_limit) left in the bench's million-alert history: SQLite
    // then read every delivery row of the channel to find the pending ones.
    const sampled = new Database(join(dir, 'history.db'))
    sampled.exec(`
      DELETE FROM sqlite_stat1 WHERE tbl IN ('alerts', 'deliveries');
      INSERT INTO sqlite_stat1 VALUES
        ('alerts', 'alerts_received', '1000000 1 1 1 1'),
        ('alerts', 'alerts_source', '1000000 2001 2001 2001 1'),
        ('alerts', 'alerts_stored', '1000000 1 1 1 1 1'),
        ('alerts', 'alerts_status', '1000000 2001'),
        ('alerts', 'alerts_level', '1000000 2001 2001'),
        ('alerts', 'sqlite_autoindex_alerts_1', '1000000 1'),
        ('deliveries', 'deliveries_channel', '1000000 2001 1 1'),
        ('deliveries', 'deliveries_state', '1000000 2001 1'),
        ('deliveries', 'deliveries', '1000000 1 1');
    `)
    sampled.close()
    const db = new Database(join(dir, 'history.db'), { readonly: true })
    const stmt = { ...prepare(db), ...prepareDeliveryReads(db) }
    for (const name of [
      'pendingPage',
      'pendingOfChannel',
      'pendingCount',
      'pendingTally',
    ] as const) {
      const sql = stmt[name].source
      const steps = planOf(db, sql)
      const onDeliveries = steps.filter((d) => /^(SCAN|SEARCH) (d|deliveries)\b/.test(d))
      expect(onDeliveries.length, name).toBeGreaterThan(0)
      for (const step of onDeliveries)
        expect(step, name).toMatch(/INDEX deliveries_state \(state=\?/)
    }
    db.close()
  })

  it('a history.db of the version before gets the filters’ indexes once, and answers the same', async () => {
    const dir = tempDir()
    const h = await filledStore(dir)
    const before = h.query({ channel: 'db', outcome: 'failed', status: 'resolved', limit: 1000 })
    await h.close()
    // The database as the version before left it: step 1 of the schema only.
    const old = new Database(join(dir, 'history.db'))
    old.exec(`
      DROP INDEX alerts_stored; DROP INDEX alerts_source; DROP INDEX deliveries_channel;
      DROP INDEX alerts_received; CREATE INDEX alerts_received ON alerts (received);
      DROP TRIGGER alerts_counted; DROP TRIGGER alerts_uncounted; DROP TABLE alerts_count;
      CREATE VIRTUAL TABLE alerts_text USING fts5 (name, target, summary, description, tokenize = 'trigram');
      CREATE TRIGGER alerts_text_delete AFTER DELETE ON alerts BEGIN
        DELETE FROM alerts_text WHERE rowid = old.seq;
      END;
      PRAGMA user_version = 1;
    `)
    old.close()
    const again = await HistoryStore.open({ dir, maxAlerts: 100_000, maxAgeDays: 3650 })
    expect(
      again.query({ channel: 'db', outcome: 'failed', status: 'resolved', limit: 1000 }),
    ).toEqual(before)
    expect(again.size).toBe(600)
    await again.close()
    const db = new Database(join(dir, 'history.db'), { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION)
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all()
    expect(indexes).toEqual(
      expect.arrayContaining([
        'alerts_stored',
        'alerts_source',
        'alerts_received',
        'deliveries_channel',
      ]),
    )
    db.close()
  })
})
