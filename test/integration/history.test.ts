import { chmodSync, statSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { finishAlert, type Alert } from '../../electron/core/alerts/model'
import { HistoryStore } from '../../electron/core/history/history-store'
import { tempDir } from '../helpers/servers'
import { startTestRelay, waitFor } from '../helpers/relay'

/** How many alerts search.db's index holds (read as another process would). */
function indexedIn(dir: string): number {
  const db = new Database(join(dir, 'search.db'), { readonly: true })
  try {
    return db.prepare('SELECT count(*) FROM alerts_text').pluck().get() as number
  } finally {
    db.close()
  }
}

/** history.db's schema as its first version shipped it (the search index inside). */
const FIRST_SCHEMA = `
  CREATE TABLE alerts (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, received INTEGER NOT NULL,
    resolved INTEGER NOT NULL, level TEXT, source TEXT NOT NULL, record TEXT NOT NULL);
  CREATE INDEX alerts_received ON alerts (received);
  CREATE INDEX alerts_level ON alerts (level, resolved);
  CREATE INDEX alerts_status ON alerts (resolved);
  CREATE TABLE deliveries (alert INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
    channel TEXT NOT NULL, state TEXT NOT NULL, at INTEGER NOT NULL, record TEXT,
    PRIMARY KEY (alert, channel)) WITHOUT ROWID;
  CREATE INDEX deliveries_state ON deliveries (state, alert);
  CREATE TABLE attempts (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record TEXT NOT NULL);
  CREATE TABLE attempt_alerts (alert INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
    attempt INTEGER NOT NULL REFERENCES attempts (seq) ON DELETE CASCADE,
    PRIMARY KEY (alert, attempt)) WITHOUT ROWID;
  CREATE INDEX attempt_alerts_attempt ON attempt_alerts (attempt);
  CREATE VIRTUAL TABLE alerts_text USING fts5 (name, target, summary, description, tokenize = 'trigram');
  CREATE TRIGGER alerts_text_delete AFTER DELETE ON alerts BEGIN
    DELETE FROM alerts_text WHERE rowid = old.seq;
  END;
`

const alert = (i: number, extra: Partial<Record<string, string>> = {}, at = new Date()): Alert =>
  finishAlert(
    {
      source: 'generic',
      status: i % 4 === 0 ? 'resolved' : 'firing',
      vars: {
        alarm_name: `Alert ${i}`,
        alarm_level: i % 2 ? 'critical' : 'warning',
        alarm_target: `host-${i}`,
        alarm_summary: `summary number ${i}`,
        ...extra,
      },
      labels: {},
      annotations: {},
      raw: { i },
    },
    at,
  )

describe('HistoryStore', () => {
  it('indexes at start the search text a crash left unindexed, and searches find it', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    await h.addAlerts([
      {
        alert: alert(1, { alarm_summary: 'replica lag on shard seven' }),
        targets: [],
        skipped: [],
      },
      { alert: alert(2, { alarm_summary: 'certificate expires soon' }), targets: [], skipped: [] },
    ])
    await h.close()
    // As a kill -9 before the batch of new alerts was indexed leaves it.
    const db = new Database(join(dir, 'search.db'))
    db.exec('DELETE FROM alerts_text')
    db.close()
    const again = await HistoryStore.open({ dir })
    const search = () => [
      again.query({ text: 'shard seven' }).items.map((e) => e.alert.vars.alarm_name),
      again.query({ text: 'certificate' }).total,
    ]
    // Found at once (read from the alerts), then from the index its thread rebuilt.
    expect(search()).toEqual([['Alert 1'], 1])
    await again.searchIndexed()
    expect(indexedIn(dir)).toBe(2)
    expect(search()).toEqual([['Alert 1'], 1])
    await again.close()
  })

  it('indexes alerts for search on a thread of its own: while the event loop is held, the index grows', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    const n = 2_400
    await h.addAlerts(
      Array.from({ length: n }, (_, i) => ({ alert: alert(i), targets: [], skipped: [] })),
    )
    // The listener's event loop never runs here; only another thread can index.
    const until = Date.now() + 20_000
    let indexed = 0
    while (indexed < n && Date.now() < until) indexed = indexedIn(dir)
    expect(indexed).toBe(n)
    expect(h.query({ text: `summary number ${n - 1}` }).total).toBe(1)
    await h.close()
  })

  it('a clean stop leaves the search index whole: the next start has nothing to index', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    // The thread's first round is under way for the first alerts; the rest arrive after it.
    await h.addAlerts([{ alert: alert(0), targets: [], skipped: [] }])
    await h.addAlerts(
      Array.from({ length: 1_500 }, (_, i) => ({ alert: alert(i + 1), targets: [], skipped: [] })),
    )
    await h.close()
    expect(indexedIn(dir)).toBe(1_501)
  })

  it('a history whose search index was in history.db (the first schema) moves it out and still finds everything', async () => {
    const dir = tempDir()
    // The first schema as it shipped, with an alert stored and indexed by that version.
    const old = new Database(join(dir, 'history.db'))
    old.exec(FIRST_SCHEMA)
    old.pragma('user_version = 1')
    const a = alert(1, { alarm_summary: 'replica lag on shard seven' })
    old
      .prepare(
        'INSERT INTO alerts (id, received, resolved, level, source, record) VALUES (?, ?, 0, ?, ?, ?)',
      )
      .run(
        a.id,
        Date.parse(a.receivedAt),
        'critical',
        'generic',
        JSON.stringify({ alert: a, targets: [], skipped: [] }),
      )
    old
      .prepare(
        'INSERT INTO alerts_text (rowid, name, target, summary, description) VALUES (1, ?, ?, ?, ?)',
      )
      .run('Alert 1', 'host-1', 'replica lag on shard seven', '')
    old.close()
    const h = await HistoryStore.open({ dir })
    const names = () => h.query({ text: 'shard seven' }).items.map((e) => e.alert.vars.alarm_name)
    expect(names()).toEqual(['Alert 1'])
    await h.searchIndexed()
    expect(indexedIn(dir)).toBe(1)
    expect(names()).toEqual(['Alert 1'])
    await h.close()
    const check = new Database(join(dir, 'history.db'), { readonly: true })
    const tables = check
      .prepare("SELECT name FROM sqlite_master WHERE name LIKE 'alerts_text%'")
      .all()
    check.close()
    expect(tables).toEqual([])
  })

  it('the outbox read at start leaves out alerts whose write has not answered yet (they come through enqueue)', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    await h.addAlerts([{ alert: alert(1), targets: ['oncall'], skipped: [] }])
    const first = h.lastSeq()
    expect(first).toBeGreaterThan(0)
    const second = h.addAlerts([{ alert: alert(2), targets: ['oncall'], skipped: [] }])
    // Committed into the log, its sync still under way: its sender has no 202 yet.
    await new Promise((r) => setImmediate(r))
    expect(h.lastSeq()).toBe(first)
    expect(h.pendingPage(0, h.lastSeq()).rows.map((r) => r.brief.vars.alarm_name)).toEqual([
      'Alert 1',
    ])
    await second
    expect(h.lastSeq()).toBeGreaterThan(first)
    expect(h.pendingPage(0, h.lastSeq()).rows).toHaveLength(2)
    await h.close()
  })

  it('reads back what it stored, with deliveries and attempts, after reopening', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    const a = alert(1)
    await h.addAlerts([
      {
        alert: a,
        targets: ['oncall', 'db'],
        skipped: [{ channel: 'off', reason: 'The channel is disabled.' }],
      },
    ])
    await h.addAttempt({
      id: 'att1',
      at: new Date().toISOString(),
      channel: 'oncall',
      robot: 'http://x/send?key=…',
      alertIds: [a.id],
      kind: 'alone',
      msgtype: 'markdown',
      content: 'hello',
      bytes: 5,
      httpStatus: 200,
      errcode: 0,
      errmsg: 'ok',
      latencyMs: 3,
      outcome: 'success',
      explanation: 'ok',
      retry: 0,
    })
    await h.setDeliveries([
      {
        alertId: a.id,
        channel: 'oncall',
        state: 'delivered',
        at: new Date().toISOString(),
        via: 'alone',
        attemptId: 'att1',
      },
    ])
    // The newest entries are kept whole and updated as writes commit: they read as the database does.
    expect(h.get(a.id)).toEqual(h.query({ limit: 1 }).items[0])
    expect(h.get(a.id)!.deliveries.oncall).toMatchObject({ state: 'delivered', attemptId: 'att1' })
    await h.close()
    const again = await HistoryStore.open({ dir })
    const e = again.get(a.id)!
    expect(e.alert).toEqual(a)
    expect(e.deliveries).toMatchObject({
      oncall: { state: 'delivered', attemptId: 'att1' },
      db: { state: 'pending' },
      off: { state: 'skipped' },
    })
    expect(e.attempts).toHaveLength(1)
    expect(again.pending().map((p) => p.channel)).toEqual(['db'])
    await again.close()
  })

  it('keeps history.db readable by its owner only, also one an older version left open to all', async () => {
    const dir = tempDir()
    const db = join(dir, 'history.db')
    const h = await HistoryStore.open({ dir })
    await h.addAlerts([{ alert: alert(1), targets: ['oncall'], skipped: [] }])
    await h.close()
    expect(statSync(db).mode & 0o777).toBe(0o600)
    chmodSync(db, 0o644)
    const again = await HistoryStore.open({ dir })
    expect(statSync(db).mode & 0o777).toBe(0o600)
    expect((await again.query({})).total).toBe(1)
    await again.close()
  })

  it('hands the outbox over as briefs (what the queue reads of each alert), and the alert whole on asking', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    const named = alert(1)
    const unnamed = finishAlert(
      {
        source: 'alertmanager',
        status: 'resolved',
        vars: { alarm_level: 'warning' },
        labels: { alertname: 'DiskFull', instance: 'db-1' },
        annotations: { summary: 'disk' },
        raw: {},
      },
      new Date(),
    )
    await h.addAlerts([
      { alert: named, targets: ['oncall', 'db'], skipped: [] },
      { alert: unnamed, targets: ['oncall'], skipped: [] },
    ])
    await h.close()
    const again = await HistoryStore.open({ dir })
    const pending = again.pending()
    expect(pending.map((p) => [p.brief.id, p.channel])).toEqual([
      [named.id, 'db'],
      [named.id, 'oncall'],
      [unnamed.id, 'oncall'],
    ])
    // Both channels of one alert share its brief, and the brief is no more than its few fields.
    expect(pending[0]!.brief).toBe(pending[1]!.brief)
    expect(pending[0]!.brief).toEqual({
      id: named.id,
      status: 'firing',
      fingerprint: named.fingerprint,
      receivedAt: named.receivedAt,
      vars: { alarm_name: 'Alert 1', alarm_level: 'critical', alarm_target: 'host-1' },
      labels: {},
      annotations: {},
    })
    // A missing name stays missing (the storm summary falls back on the alertname label).
    expect(pending[2]!.brief).toMatchObject({
      status: 'resolved',
      vars: { alarm_level: 'warning' },
      labels: { alertname: 'DiskFull' },
    })
    expect(again.alert(unnamed.id)).toEqual(unnamed)
    expect(again.alert('nope')).toBeUndefined()
    await again.close()
  })

  it('a store never closed (the process died) reads back everything its writes resolved', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    const one = alert(1)
    await h.addAlerts([
      { alert: one, targets: ['oncall'], skipped: [] },
      { alert: alert(2), targets: [], skipped: [] },
    ])
    await h.setDeliveries([
      { alertId: one.id, channel: 'oncall', state: 'failed', at: new Date().toISOString() },
    ])
    // No close: a second opening sees what the first committed, as a restart after kill -9 does.
    const again = await HistoryStore.open({ dir })
    expect(again.size).toBe(2)
    expect(again.get(one.id)!.deliveries.oncall!.state).toBe('failed')
    await again.close()
    await h.close()
  })

  it('queries newest first with filters, text search and paging', async () => {
    const h = await HistoryStore.open({ dir: tempDir() })
    const base = Date.parse('2026-11-27T00:00:00Z')
    await h.addAlerts(
      Array.from({ length: 50 }, (_, i) => ({
        alert: alert(
          i,
          i === 7 ? { alarm_description: 'Replication LAG on shard' } : {},
          new Date(base + i * 60_000),
        ),
        targets: ['oncall'],
        skipped: [],
      })),
    )
    const all = h.query({ limit: 10 })
    expect(all.total).toBe(50)
    expect(all.items[0]!.alert.vars.alarm_name).toBe('Alert 49')
    expect(h.query({ offset: 45, limit: 10 }).items.map((e) => e.alert.vars.alarm_name)).toEqual([
      'Alert 4',
      'Alert 3',
      'Alert 2',
      'Alert 1',
      'Alert 0',
    ])
    expect(h.query({ status: 'resolved' }).total).toBe(13)
    expect(h.query({ level: 'critical', status: 'firing' }).total).toBe(25)
    expect(h.query({ text: 'lag shard' }).items.map((e) => e.alert.vars.alarm_name)).toEqual([
      'Alert 7',
    ])
    expect(
      h.query({
        from: new Date(base + 10 * 60_000).toISOString(),
        to: new Date(base + 12 * 60_000).toISOString(),
      }).total,
    ).toBe(3)
    expect(h.query({ channel: 'oncall', outcome: 'pending' }).total).toBe(50)
    expect(h.query({ outcome: 'delivered' }).total).toBe(0)
    await h.close()
  })

  it('search: every word a substring of one field, any case; short words, Chinese, % and _ as written', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    const names = [
      ['Disk 95% full', 'db_01', '磁盘空间不足 on 数据库'],
      ['Disk 9 full', 'db-01', 'Ünïcode ÄRGER'],
      ['CPU high', 'web-7', 'load is UP'],
    ]
    await h.addAlerts(
      names.map(([name, target, summary], i) => ({
        alert: alert(i, { alarm_name: name!, alarm_target: target!, alarm_summary: summary! }),
        targets: [],
        skipped: [],
      })),
    )
    const found = (text: string) =>
      h
        .query({ text })
        .items.map((e) => e.alert.vars.alarm_name)
        .sort()
    // The same answers from the alerts not indexed yet (at once) and from the index (after).
    for (const phase of ['not indexed', 'indexed']) {
      if (phase === 'indexed') await h.searchIndexed()
      expect(found('disk')).toEqual(['Disk 9 full', 'Disk 95% full'])
      expect(found('5%')).toEqual(['Disk 95% full']) // % is a character, not a wildcard
      expect(found('db_')).toEqual(['Disk 95% full']) // _ too
      expect(found('9 disk')).toEqual(['Disk 9 full', 'Disk 95% full'])
      expect(found('up web')).toEqual(['CPU high'])
      expect(found('磁盘')).toEqual(['Disk 95% full']) // two characters: no trigram holds it
      expect(found('空间不足')).toEqual(['Disk 95% full'])
      expect(found('ärger')).toEqual(['Disk 9 full']) // case folded beyond ASCII
      expect(found('ä 9')).toEqual(['Disk 9 full'])
      expect(found('disk cpu')).toEqual([]) // every word must match
      expect(
        h.chart(Date.now() - 60_000, Date.now() + 1000, 1, { text: 'up web' })[0],
      ).toMatchObject({ other: 1 })
    }
    expect(indexedIn(dir)).toBe(3)
    await h.close()
  })

  it('exports JSON and CSV with secrets masked and spreadsheet formulas defused', async () => {
    const h = await HistoryStore.open({ dir: tempDir() })
    await h.addAlerts([
      {
        alert: alert(1, {
          alarm_summary: '=HYPERLINK("http://evil")',
          alarm_description: 'token super-secret-key-123 leaked',
        }),
        targets: [],
        skipped: [],
      },
    ])
    const csv = h.export('csv', {}, ['super-secret-key-123'])
    expect(csv.split('\r\n')[0]).toBe(
      'received_at,id,source,status,level,name,target,summary,channels,outcomes,attempts',
    )
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)
    const json = h.export('json', {}, ['super-secret-key-123'])
    expect(json).not.toContain('super-secret-key-123')
    expect(json).toContain('supe…-123')
    expect(JSON.parse(json)).toHaveLength(1)
    await h.close()
  })

  it("keeps the newest alert past every limit, so a later alert never takes a deleted one's stored order (nor its search text)", async () => {
    const dir = tempDir()
    // A relay left idle past maxAgeDays: every alert it holds is too old.
    const h = await HistoryStore.open({ dir, maxAgeDays: 1 })
    const old = new Date(Date.now() - 2 * 86_400_000)
    await h.addAlerts(
      [0, 1, 2].map((i) => ({
        alert: alert(i, { alarm_summary: `old outage ${i}` }, old),
        targets: [],
        skipped: [],
      })),
    )
    await h.searchIndexed()
    await h.compact()
    expect(h.size).toBe(1)
    await h.addAlerts([
      { alert: alert(3, { alarm_summary: 'fresh outage' }), targets: [], skipped: [] },
    ])
    const found = (text: string) => h.query({ text }).items.map((e) => e.alert.vars.alarm_summary)
    expect(found('outage')).toEqual(['fresh outage', 'old outage 2'])
    await h.searchIndexed()
    expect(found('outage')).toEqual(['fresh outage', 'old outage 2'])
    expect(found('old outage 0')).toEqual([])
    await h.close()
  })

  it('keeps at most maxAlerts and drops alerts older than maxAgeDays, but never a pending one', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir, maxAlerts: 100 })
    const old = new Date(Date.now() - 40 * 86_400_000)
    const [expired, pending] = [alert(0, {}, old), alert(1, {}, old)]
    await h.addAlerts([
      { alert: expired, targets: [], skipped: [] },
      { alert: pending, targets: ['oncall'], skipped: [] },
    ])
    for (let i = 2; i < 150; i++) await h.addAlerts([{ alert: alert(i), targets: [], skipped: [] }])
    await h.compact()
    expect(h.size).toBeLessThanOrEqual(101)
    expect(
      h
        .query({ text: 'summary number 1' })
        .items.some((e) => e.alert.vars.alarm_name === 'Alert 1'),
    ).toBe(true) // pending: kept
    expect(h.query({ limit: 1 }).items[0]!.alert.vars.alarm_name).toBe('Alert 149')
    // Nothing of a deleted alert stays findable: its text, its deliveries.
    expect(h.query({ text: 'host-0' }).total).toBe(0)
    expect(h.query({ text: 'host-1' }).items.map((e) => e.alert.vars.alarm_name)).toContain(
      'Alert 1',
    )
    await h.close()
    const again = await HistoryStore.open({ dir, maxAlerts: 100, maxAgeDays: 30 })
    expect(again.size).toBeLessThanOrEqual(101)
    expect(again.get(expired.id)).toBeUndefined()
    expect(again.get(pending.id)!.deliveries.oncall!.state).toBe('pending')
    await again.close()
  })
})

describe('resend', () => {
  it('sends a past alert again, to its channel or another one, and records the new attempt', async () => {
    const t = await startTestRelay({
      channels: [
        { name: 'oncall', aggregate: { enabled: true, windowSeconds: 600 } },
        { name: 'db', keys: ['db-robot-key-01'] },
      ],
    })
    try {
      const { ids } = (await (
        await t.post('/alerts', { title: 'Resend me', severity: 'critical' })
      ).json()) as { ids: string[] }
      await waitFor(() => t.relay.history.get(ids[0]!)!.deliveries.oncall!.state === 'delivered')
      await t.relay.delivery.resend(ids[0]!, ['oncall', 'db'])
      await waitFor(() => t.sim.rules.messages.length === 3)
      expect(t.sim.rules.messages.map((m) => m.key).sort()).toEqual([
        'db-robot-key-01',
        'robot-key-0001',
        'robot-key-0001',
      ])
      await waitFor(() => t.relay.history.get(ids[0]!)!.deliveries.db?.state === 'delivered')
      expect(t.relay.history.get(ids[0]!)!.attempts).toHaveLength(3)
    } finally {
      await t.close()
    }
  })
})

describe('group commit', () => {
  it('hundreds of concurrent writes: each resolves once stored, all read back after reopening, in order', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir, maxAlerts: 1_000_000 })
    const base = Date.now() - 60_000
    const alerts = Array.from({ length: 200 }, (_, i) => alert(i, {}, new Date(base + i)))
    const entries = await Promise.all(
      alerts.map((a) =>
        h.addAlerts([{ alert: a, targets: ['oncall'], skipped: [] }]).then(() => h.get(a.id)),
      ),
    )
    expect(entries.every((e) => e !== undefined)).toBe(true)
    await h.close()
    const again = await HistoryStore.open({ dir })
    expect(again.size).toBe(200)
    expect(again.query({ limit: 3 }).items.map((e) => e.alert.vars.alarm_name)).toEqual([
      'Alert 199',
      'Alert 198',
      'Alert 197',
    ])
    expect(again.pending()).toHaveLength(200)
    await again.close()
  })

  it('an alert id stored twice is stored once', async () => {
    const h = await HistoryStore.open({ dir: tempDir() })
    const a = alert(1)
    expect(await h.addAlerts([{ alert: a, targets: [], skipped: [] }])).toHaveLength(1)
    expect(await h.addAlerts([{ alert: a, targets: [], skipped: [] }])).toHaveLength(0)
    expect(h.size).toBe(1)
    await h.close()
  })
})

describe('size', () => {
  it('is the number of alerts stored, kept across duplicates, retention and reopening without counting them', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir, maxAlerts: 1000 })
    const alerts = Array.from({ length: 30 }, (_, i) => alert(i))
    await h.addAlerts(alerts.map((a) => ({ alert: a, targets: [], skipped: [] })))
    await h.addAlerts(alerts.slice(0, 5).map((a) => ({ alert: a, targets: [], skipped: [] })))
    expect(h.size).toBe(30)
    await h.close()
    const stored = () => {
      const db = new Database(join(dir, 'history.db'), { readonly: true })
      const n = db.prepare('SELECT count(*) FROM alerts').pluck().get()
      db.close()
      return n
    }
    const again = await HistoryStore.open({ dir, maxAlerts: 12 })
    expect(again.size).toBe(12)
    await again.addAlerts([{ alert: alert(99), targets: [], skipped: [] }])
    await again.compact()
    expect(again.size).toBe(12)
    await again.close()
    expect(stored()).toBe(12)
    const third = await HistoryStore.open({ dir, maxAlerts: 1000 })
    expect(third.size).toBe(12)
    expect(third.query({ limit: 100 }).total).toBe(12)
    await third.close()
  })
})

describe('retention at real scale', () => {
  it('trims a store of 150,000 alerts to its limit without overflowing the stack (it used to crash the relay)', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir, maxAlerts: 140_000 })
    const base = Date.now() - 3_600_000
    for (let batch = 0; batch < 150; batch++) {
      await h.addAlerts(
        Array.from({ length: 1000 }, (_, i) => ({
          alert: alert(batch * 1000 + i, {}, new Date(base + batch * 1000 + i)),
          targets: [],
          skipped: [],
        })),
      )
    }
    await expect(h.compact()).resolves.toBeUndefined()
    expect(h.size).toBe(140_000)
    expect(h.query({ limit: 1 }).items[0]!.alert.vars.alarm_name).toBe('Alert 149999')
    await h.close()
  }, 60_000)
})

describe('latest', () => {
  it('gives the newest alerts first, as the first page of a query does', async () => {
    const h = await HistoryStore.open({ dir: tempDir() })
    await h.addAlerts(
      Array.from({ length: 8 }, (_, i) => ({ alert: alert(i), targets: [], skipped: [] })),
    )
    expect(h.latest(5)).toEqual(h.query({ limit: 5 }).items)
    expect(h.latest(50)).toHaveLength(8)
    await h.close()
  })
})

describe('reopening', () => {
  const fill = async (h: HistoryStore, from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const a = alert(i)
      await h.addAlerts([{ alert: a, targets: ['oncall'], skipped: [] }])
      if (i % 3 === 0)
        await h.setDeliveries([
          { alertId: a.id, channel: 'oncall', state: 'delivered', at: a.receivedAt },
        ])
    }
  }
  const everything = (h: HistoryStore) =>
    h.query({ limit: 1000 }).items.map((e) => [e.alert.id, e.deliveries.oncall?.state])

  it('a clean stop, then a start: the same answers, the same outbox', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    await fill(h, 0, 40)
    const before = everything(h)
    await h.close()
    const again = await HistoryStore.open({ dir })
    expect(everything(again)).toEqual(before)
    expect(again.query({ text: 'HOST-7', status: 'firing' }).total).toBe(1)
    expect(again.pending()).toHaveLength(26) // 40 alerts, 14 of them delivered
    await again.close()
  })

  it('a history database from a newer version is refused with what to do, and left as it is', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    await fill(h, 0, 3)
    await h.close()
    const Database = (await import('better-sqlite3')).default
    const db = new Database(join(dir, 'history.db'))
    db.pragma('user_version = 99')
    db.close()
    await expect(HistoryStore.open({ dir })).rejects.toThrow(
      /written by a newer version of the relay \(schema 99.*update the relay or move the file aside/,
    )
    const check = new Database(join(dir, 'history.db'))
    expect(check.prepare('SELECT count(*) AS n FROM alerts').get()).toEqual({ n: 3 })
    check.close()
  })

  it('an export streams the same text the one-piece export returns', async () => {
    const h = await HistoryStore.open({ dir: tempDir() })
    await fill(h, 0, 30)
    for (const format of ['csv', 'json'] as const) {
      let streamed = ''
      for await (const chunk of h.exportStream(format, { level: 'critical' }, ['number 1']))
        streamed += String(chunk)
      expect(streamed).toBe(h.export(format, { level: 'critical' }, ['number 1']))
      expect(streamed).not.toContain('number 1')
    }
    expect(JSON.parse(h.export('json', { level: 'critical' }, []))).toHaveLength(15)
    await h.close()
  })
})

describe('chart', () => {
  it('counts from the index what the entries themselves say, bar by bar', async () => {
    const { chartBuckets } = await import('../../electron/core/history/chart')
    const h = await HistoryStore.open({ dir: tempDir() })
    const start = Date.now() - 60_000
    for (let i = 0; i < 24; i++) {
      const a = alert(i, {}, new Date(start + i * 2000))
      await h.addAlerts([
        {
          alert: a,
          targets: ['oncall', 'db'],
          skipped: i % 5 ? [] : [{ channel: 'x', reason: 'off' }],
        },
      ])
      const state = (['delivered', 'failed', 'pending', 'throttled'] as const)[i % 4]!
      await h.setDeliveries([{ alertId: a.id, channel: 'oncall', state, at: a.receivedAt }])
      if (i % 3 === 0)
        await h.setDeliveries([
          { alertId: a.id, channel: 'db', state: 'delivered', at: a.receivedAt },
        ])
    }
    const end = start + 50_000
    const fromEntries = chartBuckets(h.recent(new Date(start).toISOString()), start, end, 6)
    expect(h.chart(start, end, 6)).toEqual(fromEntries)
    expect(fromEntries.reduce((n, b) => n + b.failed, 0)).toBeGreaterThan(0)

    // Under the list's filters the bars count what the list shows, no more.
    const total = (bars: ReturnType<typeof h.chart>) =>
      bars.reduce((n, b) => n + b.delivered + b.failed + b.pending + b.other, 0)
    for (const filters of [
      { level: 'critical' },
      { text: 'number 1' },
      { channel: 'db', outcome: 'delivered' as const },
    ]) {
      const listed = h.query({ ...filters, from: new Date(start).toISOString(), limit: 1000 })
      expect(total(h.chart(start, end, 6, filters)), JSON.stringify(filters)).toBe(
        listed.items.filter((e) => Date.parse(e.alert.receivedAt) <= end).length,
      )
    }
    expect(total(h.chart(start, end, 6, { level: 'critical' }))).toBeLessThan(total(fromEntries))
    await h.close()
  })
})

describe('deliveredSince', () => {
  it('lists each delivered alert × channel with its delivery time, after a restart too', async () => {
    const dir = tempDir()
    const h = await HistoryStore.open({ dir })
    const base = Date.now() - 10_000
    const sent = new Date(base + 5000).toISOString()
    const alerts = [0, 1, 2, 3].map((i) => alert(i, {}, new Date(base + i)))
    await h.addAlerts(alerts.map((a) => ({ alert: a, targets: ['oncall', 'db'], skipped: [] })))
    await h.setDeliveries([
      { alertId: alerts[1]!.id, channel: 'oncall', state: 'delivered', at: sent },
      { alertId: alerts[2]!.id, channel: 'db', state: 'failed', at: sent },
      { alertId: alerts[3]!.id, channel: 'db', state: 'delivered', at: sent },
    ])
    await h.close()
    const again = await HistoryStore.open({ dir })
    const list = [...again.deliveredSince(new Date(base + 1).toISOString())].map((d) => [
      d.alert()?.vars.alarm_name,
      d.channel,
      new Date(d.at).toISOString(),
    ])
    expect(list).toEqual([
      ['Alert 1', 'oncall', sent],
      ['Alert 3', 'db', sent],
    ])
    await again.close()
  })
})
