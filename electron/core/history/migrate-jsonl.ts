import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { setImmediate as yieldLoop } from 'node:timers/promises'
import type Database from 'better-sqlite3'
import { SEGMENT, readFrom, scanLines } from './segment-files'

/** What the one-time import of a JSON Lines history did. */
export interface JsonlMigration {
  segments: number
  alerts: number
  records: number
  /** Where the imported segments were moved (kept until a person deletes them). */
  keptIn: string
  /** Lines that could not be read (a torn last write, or damage), as `segment@offset`. */
  skippedLines: string[]
}

/** Records per transaction: each commit is one sync, and the event loop breathes between them. */
const CHUNK = 20_000
export const IMPORTED_DIR = 'jsonl-imported'

/**
 * Imports the JSON Lines history of earlier versions (`segment-NNNNNN.jsonl` in the history
 * folder) into the database, once, in file order: alerts, attempts and delivery states as the
 * old store read them. The import can be taken up again after a crash (an alert or attempt id
 * already stored is skipped, a delivery state is set again to the same end), and only once every
 * segment is in are they moved aside to `jsonl-imported/`, never deleted. The old index snapshot
 * (`history.index` beside the folder) is derived data and goes.
 */
export async function migrateJsonl(
  db: Database.Database,
  dir: string,
  apply: (records: unknown[]) => void,
): Promise<JsonlMigration | undefined> {
  const names = readdirSync(dir)
    .filter((n) => SEGMENT.test(n) && statSync(join(dir, n)).isFile())
    .sort()
  if (!names.length) return undefined
  const countAlerts = db.prepare('SELECT count(*) AS n FROM alerts')
  const before = (countAlerts.get() as { n: number }).n
  const result: JsonlMigration = {
    segments: names.length,
    alerts: 0,
    records: 0,
    keptIn: join(dir, IMPORTED_DIR),
    skippedLines: [],
  }
  const commit = db.transaction(apply)
  let batch: unknown[] = []
  for (const name of names) {
    const buf = readFrom(join(dir, name), 0)
    const { tornAt } = scanLines(buf, 0, (text, off) => {
      try {
        batch.push(JSON.parse(text))
      } catch {
        result.skippedLines.push(`${name}@${off}`)
      }
    })
    if (tornAt !== undefined) result.skippedLines.push(`${name}@${tornAt}`)
    if (batch.length >= CHUNK || name === names.at(-1)) {
      result.records += batch.length
      commit(batch)
      batch = []
      await yieldLoop()
    }
  }
  result.alerts = (countAlerts.get() as { n: number }).n - before
  mkdirSync(result.keptIn, { recursive: true, mode: 0o700 })
  for (const name of names) renameSync(join(dir, name), join(result.keptIn, name))
  rmSync(join(dirname(dir), `${basename(dir)}.index`), { force: true })
  return result
}
