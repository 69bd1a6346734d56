import { chmodSync, closeSync, openSync, statSync } from 'node:fs'

/**
 * Creates the file at `path` if need be, readable by its owner only, and narrows one an older
 * version left readable to all: the databases hold hosts, labels and the messages sent. A
 * database in memory (`:memory:`) has no file.
 */
export function ownerOnly(path: string): void {
  if (path === ':memory:') return
  closeSync(openSync(path, 'a', 0o600))
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600)
}
