import Database from 'better-sqlite3'
import { closeSync, fdatasync, fdatasyncSync, openSync } from 'node:fs'
import { ownerOnly } from '../files/owner-only'
import type { Syncer } from './group-commit'

/**
 * The history database's migrations, in order: the schema is at version N once the first N have
 * run (`PRAGMA user_version`). Append a new step; never edit one that has shipped.
 *
 * - `alerts`: one row per alert, in arrival order (`seq`), with the columns History filters on
 *   and the stored record (`{alert, targets, skipped}`) as JSON.
 * - `deliveries`: each alert × channel's latest state (`record`: the delivery record's JSON, null
 *   while only the alert's own routing says pending or skipped). A pending row is the outbox.
 * - `attempts` and `attempt_alerts`: one row per HTTP request, linked to the alerts it carried.
 * - `alerts_text`: FTS5 with the trigram tokenizer over name, target, summary and description, so
 *   search keeps its meaning (each word a substring of one of them, any case). Moved to a
 *   database of its own, search.db, by step 3 (`search-index.ts`).
 *
 * Step 2, History's filters at a million alerts (`filtered-reads.ts` says which read uses which):
 * an alert row holds its whole record, so a read that visits rows visits the whole table. Every
 * index an alert filter is read through now holds every filter column (status, level, source,
 * time), so a count or a page reads index entries only: `alerts_stored` in stored order (a page of
 * a filter most alerts pass), `alerts_source` by source, `alerts_received` (rebuilt wider) by time.
 * `deliveries_channel` is a narrow copy of each alert × channel's state, read by channel, so
 * "has a delivery to this channel" is a seek in a small index, not in the rows with records.
 * ANALYZE gives the planner the sizes it chooses the rest with. `alerts_count` holds how many
 * alerts there are, kept by triggers in the transaction that stores or deletes them: a start
 * reads it instead of counting a million rows (64 ms of a start, before the listener answered).
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE alerts (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    received INTEGER NOT NULL,
    resolved INTEGER NOT NULL,
    level TEXT,
    source TEXT NOT NULL,
    record TEXT NOT NULL
  );
  CREATE INDEX alerts_received ON alerts (received);
  CREATE INDEX alerts_level ON alerts (level, resolved);
  CREATE INDEX alerts_status ON alerts (resolved);
  CREATE TABLE deliveries (
    alert INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
    channel TEXT NOT NULL,
    state TEXT NOT NULL,
    at INTEGER NOT NULL,
    record TEXT,
    PRIMARY KEY (alert, channel)
  ) WITHOUT ROWID;
  CREATE INDEX deliveries_state ON deliveries (state, alert);
  CREATE TABLE attempts (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    record TEXT NOT NULL
  );
  CREATE TABLE attempt_alerts (
    alert INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
    attempt INTEGER NOT NULL REFERENCES attempts (seq) ON DELETE CASCADE,
    PRIMARY KEY (alert, attempt)
  ) WITHOUT ROWID;
  CREATE INDEX attempt_alerts_attempt ON attempt_alerts (attempt);
  CREATE VIRTUAL TABLE alerts_text USING fts5 (
    name, target, summary, description,
    tokenize = 'trigram'
  );
  CREATE TRIGGER alerts_text_delete AFTER DELETE ON alerts BEGIN
    DELETE FROM alerts_text WHERE rowid = old.seq;
  END;
  `,
  `
  CREATE INDEX alerts_stored ON alerts (seq, resolved, level, source, received);
  CREATE INDEX alerts_source ON alerts (source, resolved, level, received);
  DROP INDEX alerts_received;
  CREATE INDEX alerts_received ON alerts (received, resolved, level, source);
  CREATE INDEX deliveries_channel ON deliveries (channel, alert, state);
  CREATE TABLE alerts_count (n INTEGER NOT NULL);
  INSERT INTO alerts_count SELECT count(*) FROM alerts;
  CREATE TRIGGER alerts_counted AFTER INSERT ON alerts BEGIN
    UPDATE alerts_count SET n = n + 1;
  END;
  CREATE TRIGGER alerts_uncounted AFTER DELETE ON alerts BEGIN
    UPDATE alerts_count SET n = n - 1;
  END;
  ANALYZE alerts;
  ANALYZE deliveries;
  `,
  // The search index lives in search.db, written by a thread of its own: history.db's writer
  // never waits for it. That thread indexes every alert again, in the background.
  `
  DROP TRIGGER IF EXISTS alerts_text_delete;
  DROP TABLE IF EXISTS alerts_text;
  `,
]

export const SCHEMA_VERSION = MIGRATIONS.length

/**
 * Opens (creating if need be) the history database at `path`: WAL with `synchronous=FULL` (a
 * commit is on disk when it returns), foreign keys on, migrations applied in one transaction each.
 * A database from a newer version is refused, never written.
 */
export function openDatabase(path: string): Database.Database {
  // Only its owner reads it, like firing.db and the settings: alerts carry hosts, labels and the
  // messages sent.
  ownerOnly(path)
  const db = new Database(path)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    // Reads of a year of history touch many pages: a bigger cache than the 2 MiB default,
    // still small beside the index the database replaced.
    db.pragma('cache_size = -16384')
    const version = db.pragma('user_version', { simple: true }) as number
    if (version > SCHEMA_VERSION)
      throw new Error(
        `the history database ${path} was written by a newer version of the relay (schema ${version}, this one knows ${SCHEMA_VERSION}): update the relay or move the file aside`,
      )
    migrate(db, version)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** What each step does, as the log says it (by step: the first creates the database). */
const STEP_NOTES = [
  '',
  "new indexes for History's filters",
  'the search index moved to search.db, built again in the background',
]

/** Alerts above which an update of the schema says in the log that it is working, and for how long. */
const BIG_HISTORY = 100_000

/**
 * Runs the migrations after `version`, one transaction each. On a big history a new index takes
 * seconds (about ten for step 2 at a million alerts): the log says so before and after, so a
 * start that waits on it is not taken for a hang.
 */
function migrate(db: Database.Database, version: number): void {
  if (version === SCHEMA_VERSION) return
  const alerts =
    version > 0 ? ((db.prepare('SELECT max(seq) FROM alerts').pluck().get() as number) ?? 0) : 0
  const t0 = performance.now()
  if (alerts >= BIG_HISTORY)
    console.log(
      `history: updating history.db for this version (${STEP_NOTES.slice(version).filter(Boolean).join('; ')}; about ${alerts} alerts); this takes a while, once.`,
    )
  for (let v = version; v < SCHEMA_VERSION; v++)
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!)
      db.pragma(`user_version = ${v + 1}`)
    })()
  if (alerts >= BIG_HISTORY)
    console.log(`history: history.db updated in ${((performance.now() - t0) / 1000).toFixed(1)} s.`)
}

/**
 * The write-ahead log's fdatasync, for a database switched to `synchronous=NORMAL` after its
 * migrations: the store's group commit calls it after each commit, off the event loop, and
 * resolves the commit's writes only then: the same "on disk" as `synchronous=FULL`, whose sync
 * ran on the main thread inside the commit (SQLite syncs the log at a checkpoint itself, and
 * recovers only transactions whose commit frame made it). Undefined for a database in memory.
 * The log is opened once: SQLite keeps the same file while a connection is open.
 */
export function walSyncer(db: Database.Database): (Syncer & { close(): void }) | undefined {
  if (db.memory) return undefined
  const path = `${db.name}-wal`
  let fd: number | undefined
  const log = () => (fd ??= openSync(path, 'r+'))
  return {
    async: () =>
      new Promise<void>((resolve, reject) =>
        fdatasync(log(), (err) => (err ? reject(err) : resolve())),
      ),
    now: () => fdatasyncSync(log()),
    close: () => {
      if (fd !== undefined) closeSync(fd)
      fd = undefined
    },
  }
}
