import type { Statements } from './statements'

/**
 * Retention: which alerts go, oldest first, past the count and age limits, never one with a
 * pending delivery; each chunk is deleted by the caller in a transaction of its own (with its
 * deliveries, attempt links and search text, and the attempts no kept alert refers to).
 */

/** Alerts deleted per transaction by retention: each is short, the listener keeps its pace. */
const RETENTION_CHUNK = 2000

export interface Retention {
  size: number
  maxAlerts: number
  maxAgeDays: number
  /** Deletes one chunk of alerts (resolved once committed). */
  delete: (rows: Array<{ seq: number; id: string }>) => Promise<void>
  /** True once the store is closing: the work stops between chunks. */
  closed: () => boolean
}

/** Deletes what is past the limits, a chunk per transaction, by count then by age (each a range). */
export async function retain(stmt: Statements, r: Retention): Promise<void> {
  const cutoff = Date.now() - r.maxAgeDays * 86_400_000
  const excess = Math.max(0, r.size - r.maxAlerts)
  // The newest alert past the count limit: everything up to it may go.
  const last =
    excess > 0 ? ((stmt.nthOldest.get(excess - 1) as { seq: number } | undefined)?.seq ?? 0) : 0
  await deleteAll(r, () => stmt.overCount.all(last, RETENTION_CHUNK))
  await deleteAll(r, () => stmt.overAge.all(cutoff, RETENTION_CHUNK))
}

/** Deletes what `next` lists, a chunk per transaction, until it lists nothing more. */
async function deleteAll(r: Retention, next: () => unknown[]): Promise<void> {
  for (;;) {
    if (r.closed()) return
    const rows = next() as Array<{ seq: number; id: string }>
    if (!rows.length) return
    await r.delete(rows)
  }
}

/** Deletes the listed alerts and the attempts only they referred to; returns how many alerts went. */
export function deleteAlerts(stmt: Statements, rows: ReadonlyArray<{ seq: number }>): number {
  const list = JSON.stringify(rows.map((r) => r.seq))
  const attempts = stmt.attemptsLinked.all(list) as Array<{ attempt: number }>
  const gone = stmt.deleteAlerts.run(list).changes
  if (attempts.length) stmt.deleteOrphanAttempts.run(JSON.stringify(attempts.map((a) => a.attempt)))
  return gone
}
