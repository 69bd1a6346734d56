import { closeSync, openSync } from 'node:fs'
import Database from 'better-sqlite3'

/**
 * The firing set's table: one row per alert identity firing now, with the columns the set sorts
 * and expires on and the alert itself as JSON. Written in WAL with `synchronous=NORMAL`: a commit
 * survives the process being killed (the firing set is rebuilt by the senders' repeats anyway;
 * what must survive a power cut, mutes and acknowledgements, is in `oncall.json`, written and
 * synced at once). Rows are updated in place (`ON CONFLICT … DO UPDATE`), so `rowid` keeps the
 * order alerts were first seen in.
 */
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS firing (
    identity TEXT NOT NULL UNIQUE,
    ends INTEGER NOT NULL,
    rank INTEGER NOT NULL,
    since TEXT NOT NULL,
    level TEXT NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX IF NOT EXISTS firing_ends ON firing (ends);
  CREATE INDEX IF NOT EXISTS firing_order ON firing (rank, since);
`
const VERSION = 1

/** Opens (creating if need be) the firing set's database at `path` (`:memory:` for none on disk). */
export function openFiringDb(path: string): Database.Database {
  // Only its owner reads it, like oncall.json: the firing alerts' labels are there.
  if (path !== ':memory:') closeSync(openSync(path, 'a', 0o600))
  const db = new Database(path)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > VERSION)
      throw new Error(
        `the firing-set database ${path} was written by a newer version of the relay (schema ${version}, this one knows ${VERSION}): update the relay or move the file aside`,
      )
    db.exec(SCHEMA)
    db.pragma(`user_version = ${VERSION}`)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** What the table reads of a firing alert besides its JSON (`ActiveAlert` without its acknowledgement). */
interface Row {
  identity: string
  expiresAt: string
  since: string
  level: string
}

export interface FiringStatements<Stored extends Row> {
  get(identity: string): Stored | undefined
  has(identity: string): boolean
  /**
   * Inserts or replaces (`rank`: its level's rank, most severe 0); true when the identity is new.
   * `isNew`, when the caller read the row already, spares a lookup.
   */
  put(a: Stored, rank: number, isNew?: boolean): boolean
  /** True when there was one to drop. */
  drop(identity: string): boolean
  count(): number
  soonestEnd(): number | undefined
  endedBy(now: number): Stored[]
  /** Most severe first, then longest firing, then first seen. */
  ordered(): Stored[]
  all(): Stored[]
  countByLevel(): Record<string, number>
}

/** The prepared statements the firing set runs. */
export function firingStatements<Stored extends Row>(
  db: Database.Database,
): FiringStatements<Stored> {
  const parse = (r: { record: string }) => JSON.parse(r.record) as Stored
  const q = {
    get: db.prepare('SELECT record FROM firing WHERE identity = ?'),
    has: db.prepare('SELECT 1 FROM firing WHERE identity = ?').pluck(),
    put: db.prepare(
      `INSERT INTO firing (identity, ends, rank, since, level, record) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (identity) DO UPDATE SET ends = excluded.ends, rank = excluded.rank,
         since = excluded.since, level = excluded.level, record = excluded.record`,
    ),
    drop: db.prepare('DELETE FROM firing WHERE identity = ?'),
    count: db.prepare('SELECT count(*) FROM firing').pluck(),
    soonest: db.prepare('SELECT min(ends) FROM firing').pluck(),
    // By the ends index: ordered by rowid, SQLite chose to read every row to find the few that
    // ended (187 ms and a 16 MiB page cache filled at a start with 100,000 firing).
    endedBy: db.prepare(
      'SELECT record FROM firing INDEXED BY firing_ends WHERE ends <= ? ORDER BY rowid',
    ),
    ordered: db.prepare('SELECT record FROM firing ORDER BY rank, since, rowid'),
    all: db.prepare('SELECT record FROM firing ORDER BY rowid'),
    byLevel: db.prepare('SELECT level, count(*) AS n FROM firing GROUP BY level'),
  }
  return {
    get: (identity) => {
      const r = q.get.get(identity) as { record: string } | undefined
      return r && parse(r)
    },
    has: (identity) => q.has.get(identity) !== undefined,
    put: (a, rank, known) => {
      const isNew = known ?? q.has.get(a.identity) === undefined
      q.put.run(a.identity, Date.parse(a.expiresAt), rank, a.since, a.level, JSON.stringify(a))
      return isNew
    },
    drop: (identity) => q.drop.run(identity).changes > 0,
    count: () => q.count.get() as number,
    soonestEnd: () => (q.soonest.get() as number | null) ?? undefined,
    endedBy: (now) => (q.endedBy.all(now) as Array<{ record: string }>).map(parse),
    ordered: () => (q.ordered.all() as Array<{ record: string }>).map(parse),
    all: () => (q.all.all() as Array<{ record: string }>).map(parse),
    countByLevel: () =>
      Object.fromEntries(
        (q.byLevel.all() as Array<{ level: string; n: number }>).map((r) => [r.level, r.n]),
      ),
  }
}
