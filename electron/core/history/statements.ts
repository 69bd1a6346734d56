import type Database from 'better-sqlite3'
import type { AlertRecord, AttemptRecord, DeliveryRecord, HistoryEntry } from './records'
import { DELIVERY_STATES } from './records'
import { deliveryOf } from './entries'
import { BRIEF_PATHS, TALLY_PATHS } from './outbox'

/**
 * The history's SQL: the statements the store runs often, prepared once, and the row writes
 * (an alert with its routing and search text, an attempt with its links, a delivery state)
 * that the store's group commit and the one-time JSON Lines import share.
 */

export const KNOWN_STATES: ReadonlySet<string> = new Set(DELIVERY_STATES)

/**
 * The delivery engine's reads: the outbox (`delivery/outbox-window.ts`) and, at start, the alerts
 * delivered within its aggregation windows. Each row is read once, in order, so a page cache does
 * not help them; the store runs them on a connection of its own with a small cache. On the main
 * connection, a storm's 100,000 waiting records filled History's 16 MiB cache, and that memory
 * stayed with the process.
 */
export function prepareDeliveryReads(db: Database.Database) {
  return {
    deliveredSince: db.prepare(
      // The deliveries of the alerts stored from the first one received since then, in their
      // stored order (the table's own): no sort, so each record is read once, a row at a time.
      // Ordered by arrival, SQLite chose to scan every alert (36 s at a start with a million).
      `SELECT d.alert AS seq, a.id, d.channel, d.at, a.record FROM deliveries d CROSS JOIN alerts a ON a.seq = d.alert
       WHERE d.alert >= (SELECT min(seq) FROM alerts INDEXED BY alerts_received WHERE received >= ?)
         AND a.received >= ? AND d.state = 'delivered' ORDER BY d.alert, d.channel`,
    ),
    // One channel's outbox beyond what its queue holds in memory (`delivery/outbox-window.ts`).
    // The outbox is read through the state index, named: by the sampled statistics SQLite chose
    // History's channel index and read every row of the channel to find the pending ones (0.46 s
    // of a start at a million alerts, before the listener answered).
    pendingOfChannel: db.prepare(
      `SELECT d.alert AS seq, d.channel, d.record ->> '$.resentAt' AS resentAt,
         json_extract(jsonb(a.record), ${BRIEF_PATHS}) AS brief
       FROM deliveries d INDEXED BY deliveries_state JOIN alerts a ON a.seq = d.alert
       WHERE d.state = 'pending' AND d.channel = ? AND d.alert > ? AND d.alert <= ?
       ORDER BY d.alert LIMIT ?`,
    ),
    pendingCount: db
      .prepare(
        `SELECT count(*) FROM deliveries INDEXED BY deliveries_state
         WHERE state = 'pending' AND channel = ? AND alert > ? AND alert <= ?`,
      )
      .pluck(),
    // What a storm summary counts of those, a page at a time, counted by SQLite: one row per
    // status, name, level and grouping label's value (the label's paths are the first three
    // parameters), with how many, the first and last stored order, and the distinct targets in
    // the order they first came. Row by row, a backlog of 100,000 grew the JS heap by 20 MiB.
    pendingTally: db.prepare(
      `WITH page AS (
         SELECT d.alert AS seq, json_extract(jsonb(a.record), ${TALLY_PATHS}, ?, ?, ?) AS f
         FROM deliveries d INDEXED BY deliveries_state JOIN alerts a ON a.seq = d.alert
         WHERE d.state = 'pending' AND d.channel = ? AND d.alert > ? AND d.alert <= ?
         ORDER BY d.alert LIMIT ?
       ), fields AS (
         SELECT seq, f ->> 0 AS status, f ->> 1 AS name, f ->> 2 AS alertname, f ->> 3 AS level,
           coalesce(f ->> 5, f ->> 6, f ->> 7) AS label, f ->> 4 AS target
         FROM page
       ), targets AS (
         SELECT status, name, alertname, level, label, target,
           count(*) AS n, min(seq) AS first, max(seq) AS last
         FROM fields GROUP BY status, name, alertname, level, label, target
       )
       SELECT status, name, alertname, level, label, sum(n) AS n, min(first) AS first,
         max(last) AS last,
         json_group_array(target ORDER BY first) FILTER (WHERE target IS NOT NULL) AS targets
       FROM targets GROUP BY status, name, alertname, level, label ORDER BY first`,
    ),
  }
}

/** The statements the store runs often, prepared once. */
export function prepare(db: Database.Database) {
  const inList = 'SELECT value FROM json_each(?)'
  return {
    insertAlert: db.prepare(
      'INSERT OR IGNORE INTO alerts (id, received, resolved, level, source, record) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertDelivery: db.prepare(
      'INSERT OR REPLACE INTO deliveries (alert, channel, state, at, record) VALUES (?, ?, ?, ?, NULL)',
    ),
    setDelivery: db.prepare(
      `INSERT INTO deliveries (alert, channel, state, at, record)
       SELECT seq, ?, ?, ?, ? FROM alerts WHERE id = ?
       ON CONFLICT (alert, channel) DO UPDATE SET state = excluded.state, at = excluded.at, record = excluded.record`,
    ),
    insertAttempt: db.prepare('INSERT OR IGNORE INTO attempts (id, record) VALUES (?, ?)'),
    linkAttempt: db.prepare(
      `INSERT OR IGNORE INTO attempt_alerts (alert, attempt) SELECT seq, ? FROM alerts WHERE id IN (${inList})`,
    ),
    byId: db.prepare('SELECT seq, record FROM alerts WHERE id = ?'),
    lastSeq: db.prepare('SELECT max(seq) FROM alerts').pluck(),
    alertCount: db.prepare('SELECT n FROM alerts_count').pluck(),
    recordsOf: db.prepare(`SELECT seq, record FROM alerts WHERE seq IN (${inList})`),
    latest: db.prepare('SELECT seq, record FROM alerts ORDER BY seq DESC LIMIT ?'),
    // A page of the whole list: deep in it, the rows skipped are counted in the narrow index.
    latestSeqs: db
      .prepare('SELECT seq FROM alerts INDEXED BY alerts_stored ORDER BY seq DESC LIMIT ? OFFSET ?')
      .pluck(),
    since: db.prepare(
      'SELECT seq, record FROM alerts INDEXED BY alerts_received WHERE received >= ? ORDER BY seq',
    ),
    pendingPage: db.prepare(
      `SELECT d.alert AS seq, d.channel, d.record ->> '$.resentAt' AS resentAt,
         json_extract(jsonb(a.record), ${BRIEF_PATHS}) AS brief
       FROM deliveries d INDEXED BY deliveries_state JOIN alerts a ON a.seq = d.alert
       WHERE d.state = 'pending' AND d.alert IN (
         SELECT DISTINCT alert FROM deliveries INDEXED BY deliveries_state WHERE state = 'pending' AND alert > ? AND alert <= ? ORDER BY alert LIMIT ?
       ) ORDER BY d.alert, d.channel`,
    ),
    pendingChannels: db
      .prepare(
        `SELECT DISTINCT channel FROM deliveries INDEXED BY deliveries_state WHERE state = 'pending'`,
      )
      .pluck(),
    seqById: db.prepare('SELECT seq FROM alerts WHERE id = ?').pluck(),
    deliveriesOf: db.prepare(
      `SELECT alert, channel, state, at, record FROM deliveries WHERE alert IN (${inList})`,
    ),
    statesOf: db.prepare(
      `SELECT alert, channel, state FROM deliveries WHERE alert IN (${inList}) ORDER BY alert, channel`,
    ),
    attemptLinks: db.prepare(
      `SELECT alert, attempt FROM attempt_alerts WHERE alert IN (${inList}) ORDER BY attempt`,
    ),
    attemptRecords: db.prepare(`SELECT seq, record FROM attempts WHERE seq IN (${inList})`),
    attemptCounts: db.prepare(
      `SELECT alert, count(*) AS n FROM attempt_alerts WHERE alert IN (${inList}) GROUP BY alert`,
    ),
    // Counted in the narrow index: in the table, each row skipped is a whole record's pages.
    nthOldest: db.prepare(
      'SELECT seq FROM alerts INDEXED BY alerts_stored ORDER BY seq LIMIT 1 OFFSET ?',
    ),
    // Pending alerts are never deleted: they are skipped, and the range goes on past them. Nor is
    // the newest: stored order is never reused (search.db's rows of deleted alerts match nothing).
    overCount: db.prepare(
      `SELECT seq, id FROM alerts a WHERE a.seq <= ? AND a.seq < (SELECT max(seq) FROM alerts)
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert = a.seq AND d.state = 'pending')
       ORDER BY a.seq LIMIT ?`,
    ),
    overAge: db.prepare(
      `SELECT seq, id FROM alerts a WHERE a.received < ? AND a.seq < (SELECT max(seq) FROM alerts)
         AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert = a.seq AND d.state = 'pending')
       ORDER BY a.received LIMIT ?`,
    ),
    attemptsLinked: db.prepare(
      `SELECT DISTINCT attempt FROM attempt_alerts WHERE alert IN (${inList})`,
    ),
    deleteAlerts: db.prepare(`DELETE FROM alerts WHERE seq IN (${inList})`),
    deleteOrphanAttempts: db.prepare(
      `DELETE FROM attempts WHERE seq IN (${inList})
         AND NOT EXISTS (SELECT 1 FROM attempt_alerts l WHERE l.attempt = attempts.seq)`,
    ),
  }
}

export type Statements = ReturnType<typeof prepare>

/**
 * Inserts one alert with its routing (its search text is indexed later, by search.db's thread).
 * Returns its stored order (`seq`), or 0 if its id is already stored.
 */
export function insertAlert(s: Statements, r: Omit<AlertRecord, 't'>): number {
  const a = r.alert
  const v = a.vars ?? {}
  const info = s.insertAlert.run(
    a.id,
    Date.parse(a.receivedAt),
    a.status === 'resolved' ? 1 : 0,
    v.alarm_level ?? null,
    String(a.source),
    JSON.stringify({ alert: a, targets: r.targets ?? [], skipped: r.skipped ?? [] }),
  )
  if (!info.changes) return 0
  const seq = Number(info.lastInsertRowid)
  const at = Date.parse(a.receivedAt)
  for (const c of r.targets ?? []) s.insertDelivery.run(seq, c, 'pending', at)
  for (const k of r.skipped ?? []) s.insertDelivery.run(seq, k.channel, 'skipped', at)
  return seq
}

export function insertAttempt(s: Statements, attempt: Omit<AttemptRecord, 't'>): void {
  const { changes, lastInsertRowid } = s.insertAttempt.run(
    attempt.id,
    JSON.stringify({ t: 'attempt', ...attempt }),
  )
  // An id already stored (a migration taken up again after a crash) is linked already.
  if (changes) s.linkAttempt.run(lastInsertRowid, JSON.stringify(attempt.alertIds ?? []))
}

export function setDelivery(s: Statements, r: Omit<DeliveryRecord, 't'>): void {
  if (!KNOWN_STATES.has(r.state)) return
  s.setDelivery.run(
    r.channel,
    r.state,
    Date.parse(r.at),
    JSON.stringify(deliveryOf({ t: 'delivery', ...r })),
    r.alertId,
  )
}

/** Applies records as the JSON Lines store wrote them (the one-time migration). */
export function applyRecords(s: Statements, records: unknown[]): void {
  for (const rec of records) {
    const r = rec as { t?: string } & Record<string, unknown>
    if (r.t === 'alert' && (r as unknown as AlertRecord).alert?.id)
      insertAlert(s, r as unknown as AlertRecord)
    else if (r.t === 'attempt' && Array.isArray(r.alertIds))
      insertAttempt(s, r as unknown as AttemptRecord)
    else if (r.t === 'delivery' && typeof r.alertId === 'string')
      setDelivery(s, r as unknown as DeliveryRecord)
  }
}

/** A freshly stored alert's entry: each target pending, each skipped channel with its reason. */
export function newEntry(r: Omit<AlertRecord, 't'>): HistoryEntry {
  const entry: HistoryEntry = {
    alert: r.alert,
    targets: r.targets ?? [],
    skipped: r.skipped ?? [],
    deliveries: {},
    attempts: [],
  }
  const at = r.alert.receivedAt
  for (const c of entry.targets) entry.deliveries[c] = { state: 'pending', at }
  for (const k of entry.skipped)
    entry.deliveries[k.channel] = { state: 'skipped', at, reason: k.reason }
  return entry
}
