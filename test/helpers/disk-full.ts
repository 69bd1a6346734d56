import { storageError } from '../../electron/core/history/storage-error'

/**
 * What the history store reports when the disk is full: SQLite's SQLITE_FULL, as ENOSPC. Tests
 * make the store's writes fail with it; SQLite refuses a write-ahead log that is not a regular
 * file, so /dev/full cannot stand in for the database's files as it did for the JSON Lines ones.
 */
export const diskFull = () =>
  storageError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))
