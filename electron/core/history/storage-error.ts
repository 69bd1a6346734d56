/** SQLite's result codes for what the disk or the folder refused, as the errno a person knows. */
const ERRNO: Array<[RegExp, string]> = [
  [/^SQLITE_FULL/, 'ENOSPC'],
  [/^SQLITE_IOERR/, 'EIO'],
  [/^SQLITE_READONLY/, 'EROFS'],
  [/^SQLITE_CANTOPEN/, 'EACCES'],
  [/^SQLITE_(CORRUPT|NOTADB)/, 'EBADF'],
]

/**
 * An error of the history database, with an errno-style `code` when SQLite's names the disk's
 * refusal (SQLITE_FULL is ENOSPC), so the listener's 503, `/healthz` and the tray say what they
 * said for the files before; the SQLite code stays in the message.
 */
export function storageError(err: unknown): Error {
  const e = err as Error & { code?: string }
  if (!(e instanceof Error)) return new Error(String(err))
  const errno = ERRNO.find(([re]) => re.test(e.code ?? ''))?.[1]
  if (!errno) return e
  const out = new Error(`${e.message} (${e.code})`) as NodeJS.ErrnoException
  out.code = errno
  return out
}
