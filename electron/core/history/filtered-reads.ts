import type Database from 'better-sqlite3'
import type { z } from 'zod'
import type { historyQuerySchema } from './query'
import {
  alertConditions,
  deliveryConditions,
  deliveryIndexOf,
  whereOf,
  type Filters,
  type Where,
} from './sql-query'

/**
 * How History reads a filtered page and its total at a million alerts: which index drives each
 * read is chosen here, from the filters and from counts, not left to SQLite's planner. Its
 * statistics come from `PRAGMA optimize`, which samples (it took "status" for a selective column
 * when 99% of alerts are resolved, and read the table row by row for seconds), and an alert row
 * holds its whole record, so any read that visits rows instead of index entries visits the table.
 *
 * - Filters on the alert's own columns are read through the one index that serves them best,
 *   each holding every filter column (`history-schema.ts`, step 2): time, else source, else level,
 *   else status.
 * - Filters on deliveries alone (channel, outcome) are counted and paged in `deliveries_channel`
 *   or `deliveries_state`, both ordered by alert within a channel or state.
 * - Both: the side with fewer matches drives (each side counted up to `PROBE`), and the other is
 *   a seek per row in a narrow index. When both are big and a status is chosen, the total is the
 *   same query without the status less the one with the other status, if that one is small.
 * - Channel and outcome together: the one whose part of its index is smaller drives.
 * - A page of a filter most alerts pass is read newest first from `alerts_stored` (the filter
 *   columns in stored order), stopping at the page's end; of a rarer one, its matches are sorted.
 * - Text search is driven by the FTS5 index, as SQLite plans it.
 */

type Query = z.output<typeof historyQuerySchema>

/** A statement and its parameters. */
export interface Read {
  sql: string
  params: unknown[]
}

/** How far each side of a filter on alerts and deliveries is counted to choose the driving one. */
const PROBE = 20_000

/** The index an alert-column filter is read through (every filter column is in each). */
function alertIndexOf(q: Filters): string {
  if (q.from || q.to) return 'alerts_received'
  if (q.source !== undefined) return 'alerts_source'
  if (q.level !== undefined) return 'alerts_level'
  return 'alerts_status'
}

const hasAlertFilter = (q: Filters) =>
  !!(q.status || q.level !== undefined || q.source !== undefined || q.from || q.to)
const hasDeliveryFilter = (q: Filters) => q.channel !== undefined || q.outcome !== undefined

const and = (...parts: string[]) => parts.filter(Boolean).join(' AND ')

/** The reads of a filtered page: its total, and (given the total) the page's stored orders. */
export interface FilteredReads {
  count: Read
  /** The page's rows, newest first; undefined when the total says the page is empty. */
  page(total: number): Read | undefined
}

/**
 * The reads for a filtered query (at least one filter). `size` is the number of alerts stored;
 * `db` answers the probes that choose between driving from alerts and from deliveries.
 */
export function filteredReads(
  db: Database.Database,
  q: Query,
  size: number,
  /** How far each side is counted to choose (tests make it small to reach every path). */
  limit = PROBE,
): FilteredReads {
  const paging = [q.limit, q.offset]
  const empty = (total: number) => !total || q.offset >= total
  if (q.text) {
    // The FTS5 index drives: SQLite plans the text's row list well.
    const where = whereOf(q)
    return {
      count: { sql: `SELECT count(*) FROM alerts a ${where.sql}`, params: where.params },
      page: (total) =>
        empty(total)
          ? undefined
          : {
              sql: `SELECT a.seq FROM alerts a ${where.sql} ORDER BY a.seq DESC LIMIT ? OFFSET ?`,
              params: [...where.params, ...paging],
            },
    }
  }
  const alert = alertConditions(q)
  const delivery = deliveryConditions(q)
  const bothSides = hasDeliveryFilter(q) && hasAlertFilter(q)
  const index = hasDeliveryFilter(q) ? narrowerIndex(db, q, limit) : ''
  const deliveries = bothSides ? probe(db, deliveriesSide(index, delivery), limit) : 0
  const alerts = bothSides ? probe(db, alertsSide(q), limit) : 0
  if (hasDeliveryFilter(q) && (!bothSides || deliveries < alerts))
    return deliveriesFirst(q, alert, delivery, index)
  const where = whereOf(q)
  const bigSides = bothSides && alerts >= limit && deliveries >= limit
  return {
    count: (bigSides && countByOtherStatus(db, q, size, limit)) || {
      sql: `SELECT count(*) FROM alerts a INDEXED BY ${alertIndexOf(q)} ${where.sql}`,
      params: where.params,
    },
    page: (total) => {
      if (empty(total)) return undefined
      // Reading newest first finds the page's rows after about (offset + limit) × size / total
      // entries; sorting the matches handles `total` of them (each some times dearer).
      const dense = (q.offset + q.limit) * size <= 2 * total * total
      return {
        sql: `SELECT a.seq FROM alerts a INDEXED BY ${dense ? 'alerts_stored' : alertIndexOf(q)} ${where.sql} ORDER BY a.seq DESC LIMIT ? OFFSET ?`,
        params: [...where.params, ...paging],
      }
    },
  }
}

/**
 * Both sides big (say "resolved" on the only channel) would cost a seek per alert. A status has
 * two values: the count is the same query without it, less the one with the other status, when
 * that one is small (each is read the way this module reads any query). Undefined otherwise.
 */
function countByOtherStatus(
  db: Database.Database,
  q: Query,
  size: number,
  limit: number,
): Read | undefined {
  if (!q.status) return undefined
  const other: Query = { ...q, status: q.status === 'firing' ? 'resolved' : 'firing' }
  if (probe(db, alertsSide(other), limit) >= limit) return undefined
  const all = filteredReads(db, { ...q, status: undefined }, size, limit).count
  const rest = filteredReads(db, other, size, limit).count
  return { sql: `SELECT (${all.sql}) - (${rest.sql})`, params: [...all.params, ...rest.params] }
}

/**
 * The deliveries index that drives: with both a channel and an outcome, the one whose part (the
 * channel's rows, or the state's) is smaller, as both are in stored order within it.
 */
function narrowerIndex(db: Database.Database, q: Filters, limit: number): string {
  if (q.channel === undefined || q.outcome === undefined) return deliveryIndexOf(q)
  const byChannel = probe(
    db,
    {
      sql: 'SELECT 1 FROM deliveries d INDEXED BY deliveries_channel WHERE d.channel = ?',
      params: [q.channel],
    },
    limit,
  )
  const byState = probe(
    db,
    {
      sql: 'SELECT 1 FROM deliveries d INDEXED BY deliveries_state WHERE d.state = ?',
      params: [q.outcome],
    },
    limit,
  )
  return byState < byChannel ? 'deliveries_state' : 'deliveries_channel'
}

/** The alert-column side of a query, alone. */
function alertsSide(q: Filters): Read {
  const alert = alertConditions(q)
  return {
    sql: `SELECT 1 FROM alerts a INDEXED BY ${alertIndexOf(q)} WHERE ${alert.sql}`,
    params: alert.params,
  }
}

/** The delivery side of a query, alone. */
function deliveriesSide(index: string, delivery: Where): Read {
  return {
    sql: `SELECT 1 FROM deliveries d INDEXED BY ${index} WHERE ${delivery.sql}`,
    params: delivery.params,
  }
}

/** How many rows a read gives, counted up to `limit`. */
function probe(db: Database.Database, read: Read, limit: number): number {
  return db
    .prepare(`SELECT count(*) FROM (${read.sql} LIMIT ${limit})`)
    .pluck()
    .get(...read.params) as number
}

/**
 * Driven by the deliveries index: in it, a channel's or a state's rows are in stored order, so a
 * page needs no sort. Alert columns are checked in `alerts_stored`, a seek by stored order. An
 * alert has one row per channel: by state alone, an alert delivered to two channels is one match.
 */
function deliveriesFirst(q: Query, alert: Where, delivery: Where, index: string): FilteredReads {
  const one = q.channel !== undefined
  const from = `FROM deliveries d INDEXED BY ${index}${
    alert.sql ? ' JOIN alerts a INDEXED BY alerts_stored ON a.seq = d.alert' : ''
  } WHERE ${and(delivery.sql, alert.sql)}`
  const params = [...delivery.params, ...alert.params]
  return {
    count: { sql: `SELECT count(${one ? '*' : 'DISTINCT d.alert'}) ${from}`, params },
    page: (total) =>
      !total || q.offset >= total
        ? undefined
        : {
            sql: `SELECT ${one ? '' : 'DISTINCT '}d.alert ${from} ORDER BY d.alert DESC LIMIT ? OFFSET ?`,
            params: [...params, q.limit, q.offset],
          },
  }
}
