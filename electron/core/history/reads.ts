import type Database from 'better-sqlite3'
import type { CsvRow, exportChunks } from './export'
import { historyQuerySchema, type HistoryQuery } from './query'
import type { AlertRecord, AttemptRecord, ChannelDelivery, HistoryEntry } from './records'
import { emptyBars, type ChartBucket } from './chart'
import { filteredReads } from './filtered-reads'
import { whereOf } from './sql-query'
import type { Statements } from './statements'

/**
 * The history's reads for the window: whole entries of alert rows, History's filtered pages and
 * chart, and what an export reads a page at a time (filters and search are `sql-query.ts`).
 */

/** Rows read per page by exports: memory stays flat. */
const PAGE = 500

export type Row = { seq: number; record: string }
type DeliveryRow = {
  alert: number
  channel: string
  state: string
  at: number
  record: string | null
}

/** Whole entries of the given alert rows, in the rows' order. */
export function entriesOf(
  stmt: Statements,
  rows: Row[],
  parsed = new Map<number, AttemptRecord>(),
): HistoryEntry[] {
  if (!rows.length) return []
  const seqs = JSON.stringify(rows.map((r) => r.seq))
  const deliveries = new Map<number, DeliveryRow[]>()
  for (const d of stmt.deliveriesOf.all(seqs) as DeliveryRow[]) {
    const list = deliveries.get(d.alert)
    if (list) list.push(d)
    else deliveries.set(d.alert, [d])
  }
  const attempts = new Map<number, AttemptRecord[]>()
  // Links first, then each attempt once: a storm summary is linked to thousands of alerts, and
  // joining its record to every link copied (and sorted) it thousands of times.
  const links = stmt.attemptLinks.all(seqs) as Array<{ alert: number; attempt: number }>
  const ids = [...new Set(links.map((l) => l.attempt))].filter((a) => !parsed.has(a))
  for (const a of stmt.attemptRecords.all(JSON.stringify(ids)) as Row[])
    parsed.set(a.seq, JSON.parse(a.record) as AttemptRecord)
  for (const l of links) {
    const rec = parsed.get(l.attempt)
    if (!rec) continue
    const list = attempts.get(l.alert)
    if (list) list.push(rec)
    else attempts.set(l.alert, [rec])
  }
  return rows.map((row) => {
    const r = JSON.parse(row.record) as Omit<AlertRecord, 't'>
    const entry: HistoryEntry = {
      alert: r.alert,
      targets: r.targets ?? [],
      skipped: r.skipped ?? [],
      deliveries: {},
      attempts: attempts.get(row.seq) ?? [],
    }
    for (const d of deliveries.get(row.seq) ?? [])
      entry.deliveries[d.channel] = d.record
        ? (JSON.parse(d.record) as ChannelDelivery)
        : d.state === 'skipped'
          ? {
              state: 'skipped',
              at: r.alert.receivedAt,
              reason: entry.skipped.find((s) => s.channel === d.channel)?.reason,
            }
          : { state: d.state as ChannelDelivery['state'], at: r.alert.receivedAt }
    return entry
  })
}

/** The chart's bars; with filters, only the alerts the list shows under the same filters. */
export function chartOf(
  db: Database.Database,
  start: number,
  end: number,
  buckets: number,
  filters?: Omit<HistoryQuery, 'from' | 'to' | 'offset' | 'limit'>,
): ChartBucket[] {
  const q = historyQuerySchema.parse({
    ...filters,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
  })
  const where = whereOf(q)
  // Driven by time (the index holds every filter column), unless the text's matches drive it.
  const { out } = emptyBars(start, end, buckets)
  const width = Math.max(1, (end - start) / buckets)
  const rows = db
    .prepare(
      `SELECT min(?, max(0, CAST((a.received - ?) / ? AS INTEGER))) AS bar, coalesce((
         SELECT min(CASE d.state WHEN 'failed' THEN 0 WHEN 'pending' THEN 1 WHEN 'delivered' THEN 2 ELSE 3 END)
         FROM deliveries d WHERE d.alert = a.seq), 3) AS worst, count(*) AS n
       FROM alerts a ${q.text ? '' : 'INDEXED BY alerts_received'} ${where.sql} GROUP BY bar, worst`,
    )
    .all(buckets - 1, start, width, ...where.params) as Array<{
    bar: number
    worst: number
    n: number
  }>
  const keys = ['failed', 'pending', 'delivered', 'other'] as const
  for (const r of rows) out[r.bar]![keys[r.worst]!] += r.n
  return out
}

/** Newest first, filtered, paged: the page's rows and the total (`size` when unfiltered). */
export function queryRows(
  db: Database.Database,
  stmt: Statements,
  input: HistoryQuery,
  size: number,
): { rows: Row[]; total: number } {
  const q = historyQuerySchema.parse(input)
  let total = size
  let seqs: number[]
  if (!whereOf(q).sql) {
    seqs = stmt.latestSeqs.all(q.limit, q.offset) as number[]
  } else {
    // Which index drives the count and the page: `filtered-reads.ts`.
    const reads = filteredReads(db, q, size)
    total = db
      .prepare(reads.count.sql)
      .pluck()
      .get(...reads.count.params) as number
    const page = reads.page(total)
    seqs = page
      ? (db
          .prepare(page.sql)
          .pluck()
          .all(...page.params) as number[])
      : []
  }
  // The page's positions first (sorting whole rows would move every record), then the page.
  const byId = new Map((stmt.recordsOf.all(JSON.stringify(seqs)) as Row[]).map((r) => [r.seq, r]))
  return { rows: seqs.flatMap((seq) => byId.get(seq) ?? []), total }
}

/**
 * The rows matching a query, newest first, a page at a time (the connection is free between
 * pages). Without text, the matches are found in `alerts_stored` (every filter column in stored
 * order) and only their records are read: one pass over a narrow index, not over the table.
 */
function* pagesOf(db: Database.Database, stmt: Statements, input: HistoryQuery): Generator<Row[]> {
  const q = historyQuerySchema.parse({ ...input, offset: 0, limit: 1000 })
  const where = whereOf(q)
  const page = db
    .prepare(
      `SELECT a.seq FROM alerts a ${q.text ? '' : 'INDEXED BY alerts_stored'} ${where.sql ? `${where.sql} AND` : 'WHERE'} a.seq < ? ORDER BY a.seq DESC LIMIT ?`,
    )
    .pluck()
  let before = Number.MAX_SAFE_INTEGER
  for (;;) {
    const seqs = page.all(...where.params, before, PAGE) as number[]
    if (!seqs.length) return
    const byId = new Map((stmt.recordsOf.all(JSON.stringify(seqs)) as Row[]).map((r) => [r.seq, r]))
    yield seqs.flatMap((seq) => byId.get(seq) ?? [])
    before = seqs.at(-1)!
  }
}

/** What an export reads, a page at a time: whole entries (JSON), or the alert, its states and attempt count (CSV). */
export function exportSource(
  db: Database.Database,
  stmt: Statements,
  input: HistoryQuery,
): Parameters<typeof exportChunks>[1] {
  const pages = () => pagesOf(db, stmt, input)
  return {
    *entries() {
      for (const rows of pages()) yield* entriesOf(stmt, rows)
    },
    *rows() {
      for (const rows of pages()) {
        const seqs = JSON.stringify(rows.map((r) => r.seq))
        const states = new Map<number, Array<[string, string]>>()
        for (const d of stmt.statesOf.all(seqs) as DeliveryRow[]) {
          const list = states.get(d.alert) ?? []
          list.push([d.channel, d.state])
          states.set(d.alert, list)
        }
        const counts = new Map(
          (stmt.attemptCounts.all(seqs) as Array<{ alert: number; n: number }>).map((c) => [
            c.alert,
            c.n,
          ]),
        )
        for (const r of rows) {
          const row: CsvRow = {
            alert: (JSON.parse(r.record) as AlertRecord).alert,
            states: states.get(r.seq) ?? [],
            attempts: counts.get(r.seq) ?? 0,
          }
          yield row
        }
      }
    },
  }
}
