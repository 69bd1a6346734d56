import type { Alert } from '../alerts/model'

/**
 * What the outbox read at start hands the delivery engine of each pending alert: the few fields
 * its queue, scheduler and storm summary read of every waiting alert (see `AlertBrief` in
 * `delivery/queue.ts`). The whole alert is read when its message is composed.
 */
export type PendingBrief = Pick<
  Alert,
  'id' | 'status' | 'fingerprint' | 'receivedAt' | 'vars' | 'labels' | 'annotations'
>

/** One alert × channel still to be sent: the alert's brief, and when a person resent it there. */
export interface PendingDelivery {
  brief: PendingBrief
  channel: string
  resentAt?: string
}

/** The brief's fields in a stored record, in the order `pendingBrief` reads them. */
const PATHS = [
  '$.alert.id',
  '$.alert.status',
  '$.alert.fingerprint',
  '$.alert.receivedAt',
  '$.alert.vars.alarm_name',
  '$.alert.vars.alarm_level',
  '$.alert.vars.alarm_target',
  '$.alert.labels.alertname',
]

/**
 * `json_extract`'s arguments after the record. The record is given as `jsonb(record)`: with the
 * text itself, SQLite took 1.7 s for the paths of 100,000 records, against 0.6 s converted first.
 */
export const BRIEF_PATHS = PATHS.map((p) => `'${p}'`).join(', ')

/** None of a brief has annotations: one shared, frozen empty object. */
const NONE: Record<string, string> = Object.freeze({}) as Record<string, string>

/** Only the fields the alert has: an absent name stays absent (the summary falls back on it). */
function some(entries: Array<[string, string | null | undefined]>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of entries) if (typeof v === 'string') out[k] = v
  return out
}

/**
 * One copy of each level and name the briefs of a page share: a backlog repeats a few of them
 * thousands of times, and JSON.parse makes each a string of its own.
 */
type Shared = Map<string, string>
const shared = (seen: Shared, v: string | null | undefined): string | null | undefined => {
  if (v == null) return v
  const known = seen.get(v)
  if (known !== undefined) return known
  if (seen.size < 10_000) seen.set(v, v)
  return v
}

/** The brief from `json_extract(record, BRIEF_PATHS)`'s JSON array. */
export function pendingBrief(json: string, seen: Shared = new Map()): PendingBrief {
  const [id, status, fingerprint, receivedAt, rawName, level, target, alertname] = JSON.parse(
    json,
  ) as Array<string | null>
  const name = shared(seen, rawName)
  return {
    id: id!,
    status: status === 'resolved' ? 'resolved' : 'firing',
    fingerprint: fingerprint ?? '',
    receivedAt: receivedAt ?? '',
    vars: some([
      ['alarm_name', name],
      ['alarm_level', shared(seen, level)],
      ['alarm_target', target],
    ]),
    labels: some([['alertname', shared(seen, alertname)]]),
    annotations: NONE,
  }
}

/** Alerts read per page of the outbox: memory stays flat whatever is pending. */
const PAGE = 500

/**
 * The pending deliveries of up to 500 alerts stored after `after` (a stored order, 0 to begin)
 * and no later than `upTo`, and where the next page starts. `page` is the prepared statement
 * (`statements.ts`, `pendingPage`).
 */
export function pendingPageOf(
  page: { all(...params: unknown[]): unknown[] },
  after: number,
  upTo: number,
): { rows: PendingDelivery[]; next: number } {
  const rows = page.all(after, upTo, PAGE) as Array<{
    seq: number
    channel: string
    resentAt: string | null
    brief: string
  }>
  const out: PendingDelivery[] = []
  let seq = after
  let brief: PendingBrief | undefined
  const seen: Shared = new Map()
  for (const r of rows) {
    if (r.seq !== seq) {
      seq = r.seq
      brief = pendingBrief(r.brief, seen)
    }
    out.push(
      r.resentAt
        ? { brief: brief!, channel: r.channel, resentAt: r.resentAt }
        : { brief: brief!, channel: r.channel },
    )
  }
  return { rows: out, next: seq }
}

/**
 * The pending deliveries of one channel stored after `after` and no later than `upTo`, at most
 * `limit`, oldest first, and the stored order of the last one read (`after` when none).
 */
export function channelPageOf(
  page: { all(...params: unknown[]): unknown[] },
  channel: string,
  after: number,
  upTo: number,
  limit: number,
): { rows: Array<PendingDelivery & { seq: number }>; next: number } {
  const rows = page.all(channel, after, upTo, limit) as Array<{
    seq: number
    resentAt: string | null
    brief: string
  }>
  const seen: Shared = new Map()
  const out = rows.map((r) => {
    const brief = pendingBrief(r.brief, seen)
    return r.resentAt
      ? { brief, channel, resentAt: r.resentAt, seq: r.seq }
      : { brief, channel, seq: r.seq }
  })
  return { rows: out, next: rows.at(-1)?.seq ?? after }
}

/** What a storm summary reads of a waiting alert, in the order `pendingTallyOf` reads them. */
export const TALLY_PATHS = [
  '$.alert.status',
  '$.alert.vars.alarm_name',
  '$.alert.labels.alertname',
  '$.alert.vars.alarm_level',
  '$.alert.vars.alarm_target',
]
  .map((p) => `'${p}'`)
  .join(', ')

/**
 * Up to `limit` of one channel's pending deliveries after `after` and no later than `upTo`, as a
 * storm summary counts them: how many of the page share each status, name, level and value of
 * the grouping label (`label`: none groups by name), with their distinct targets in the order
 * they came, how many rows the page read, and the stored order of the last one (`after` when
 * none). `tally` is the prepared statement (`statements.ts`, `pendingTally`).
 */
export function pendingTallyOf(
  tally: { all(...params: unknown[]): unknown[] },
  channel: string,
  after: number,
  upTo: number,
  limit: number,
  label = '',
): {
  groups: Array<{
    alert: Pick<Alert, 'status' | 'vars' | 'labels' | 'annotations'>
    count: number
    targets: string[]
  }>
  rows: number
  next: number
} {
  // A key no alert has when there is no label: the three label paths then read nothing.
  const key = JSON.stringify(label || '\u0000')
  const found = tally.all(
    `$.alert.labels.${key}`,
    `$.alert.vars.${key}`,
    `$.alert.annotations.${key}`,
    channel,
    after,
    upTo,
    limit,
  ) as Array<{
    status: string | null
    name: string | null
    alertname: string | null
    level: string | null
    label: string | null
    n: number
    last: number
    targets: string
  }>
  let rows = 0
  let next = after
  const groups = found.map((g) => {
    rows += g.n
    next = Math.max(next, g.last)
    return {
      alert: {
        status: g.status === 'resolved' ? ('resolved' as const) : ('firing' as const),
        vars: some([
          ['alarm_name', g.name],
          ['alarm_level', g.level],
        ]),
        labels: some([
          ['alertname', g.alertname],
          ...(label ? ([[label, g.label]] as Array<[string, string | null]>) : []),
        ]),
        annotations: NONE,
      },
      count: g.n,
      targets: (JSON.parse(g.targets) as unknown[]).filter(
        (t): t is string => typeof t === 'string' && t !== '',
      ),
    }
  })
  return { groups, rows, next }
}
