import Database from 'better-sqlite3'
import { chmodSync, closeSync, fdatasync, fdatasyncSync, openSync, statSync } from 'node:fs'
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
 *   database of its own, search.db, by the second step (`search-index.ts`).
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
  // The search index lives in search.db, written by a thread of its own: history.db's writer
  // never waits for it. That thread indexes every alert again, in the background.
  `
  DROP TRIGGER alerts_text_delete;
  DROP TABLE alerts_text;
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
  // messages sent. Created that way, and narrowed when an older version left it readable to all.
  if (path !== ':memory:') {
    closeSync(openSync(path, 'a', 0o600))
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
  }
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
    for (let v = version; v < SCHEMA_VERSION; v++)
      db.transaction(() => {
        db.exec(MIGRATIONS[v]!)
        db.pragma(`user_version = ${v + 1}`)
      })()
    return db
  } catch (err) {
    db.close()
    throw err
  }
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
