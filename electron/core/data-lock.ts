import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import {
  accessSync,
  constants,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname, join } from 'node:path'

/**
 * One relay per data folder. Two relays on one folder each take alerts into their own memory and
 * write over each other's history and queue, so accepted alerts are lost: the second one refuses
 * the folder, with a sentence that names the holder. The lock is a file holding the holder's pid
 * (and host, and what it is); a lock whose pid is gone on this host is stale (a crash, a kill -9)
 * and is taken over.
 */

export const LOCK_FILE = 'relay.lock'

export interface LockHolder {
  pid: number
  host: string
  /** "wecom-alert-relay serve", "the tray app". */
  what: string
  startedAt: string
}

/** The folder is held by another live relay. */
export class DataFolderInUseError extends Error {
  readonly code = 'DATA_FOLDER_IN_USE'
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder | undefined,
    advice: string,
  ) {
    super(
      `The data folder ${dataDir} is in use by another relay (${describe(holder)}): stop that one first, or ${advice}.`,
    )
  }
}

const describe = (h: LockHolder | undefined) =>
  h
    ? `${h.what}, pid ${h.pid}${h.host !== hostname() ? ` on ${h.host}` : ''}, since ${h.startedAt}`
    : 'its lock file cannot be read'

/** The data folder cannot be created or written: one sentence with the real reason. */
export class DataFolderError extends Error {
  readonly code = 'DATA_FOLDER_UNUSABLE'
  constructor(
    readonly dataDir: string,
    readonly reason: string,
    advice: string,
  ) {
    super(`The data folder ${dataDir} cannot be used (${reason}): make it writable, or ${advice}.`)
  }
}

const REASONS: Record<string, string> = {
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a file stands where a folder should be',
  EEXIST: 'a file stands where the folder should be',
  EDQUOT: 'disk quota exceeded',
}

/**
 * Why a folder cannot be made or written. Node reports `mkdir -p` under a read-only parent as
 * ENOENT; the nearest existing parent says the real reason.
 */
function reasonOf(dataDir: string, err: NodeJS.ErrnoException): string {
  let code = err.code ?? 'UNKNOWN'
  if (code === 'ENOENT') {
    let dir = dirname(dataDir)
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
    try {
      accessSync(dir, constants.W_OK)
    } catch (e) {
      code = (e as NodeJS.ErrnoException).code ?? code
    }
  }
  return REASONS[code] ? `${code}: ${REASONS[code]}` : code
}

/** Creates the data folder (owner-only); throws DataFolderError with the real reason. */
export function makeDataDir(dataDir: string, advice: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  } catch (err) {
    throw new DataFolderError(dataDir, reasonOf(dataDir, err as NodeJS.ErrnoException), advice)
  }
}

export interface DataLock {
  /** Removes the lock file (only while it is still ours). */
  release(): void
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const h = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>
    if (typeof h.pid !== 'number' || typeof h.host !== 'string') return undefined
    return {
      pid: h.pid,
      host: h.host,
      what: typeof h.what === 'string' ? h.what : 'a relay',
      startedAt: typeof h.startedAt === 'string' ? h.startedAt : 'an unknown time',
    }
  } catch {
    return undefined
  }
}

/** Whether a process with this pid runs on this machine (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the data folder's lock, or throws DataFolderInUseError. The lock file appears whole or not
 * at all (written aside, then hard-linked into place, which fails if one is there), so a reader
 * never sees it half written.
 */
export function lockDataDir(
  dataDir: string,
  what: string,
  /** The end of the refusal: what this program's user can do instead. */
  advice = 'choose another data folder (--data-dir)',
): DataLock {
  const path = join(dataDir, LOCK_FILE)
  const mine: LockHolder = {
    pid: process.pid,
    host: hostname(),
    what,
    startedAt: new Date().toISOString(),
  }
  const aside = join(dataDir, `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`)
  try {
    writeFileSync(aside, `${JSON.stringify(mine)}\n`, { mode: 0o600 })
  } catch (err) {
    throw new DataFolderError(dataDir, reasonOf(dataDir, err as NodeJS.ErrnoException), advice)
  }
  try {
    for (let tries = 0; ; tries++) {
      try {
        linkSync(aside, path)
        break
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      }
      const holder = readHolder(path)
      // Unreadable: not one this code wrote (it writes whole files), so nobody holds it.
      const stale = !holder || (holder.host === hostname() && !alive(holder.pid))
      if (!stale || tries >= 2) throw new DataFolderInUseError(dataDir, holder, advice)
      // Another starter may take over the same stale lock at once: only one link then succeeds.
      rmSync(path, { force: true })
    }
  } finally {
    rmSync(aside, { force: true })
  }
  let held = true
  const release = () => {
    if (!held) return
    held = false
    process.off('exit', release)
    const now = readHolder(path)
    if (now?.pid === mine.pid && now.startedAt === mine.startedAt) {
      try {
        unlinkSync(path)
      } catch {
        // already gone
      }
    }
  }
  // An exit without a clean stop (process.exit after an error) still frees the folder.
  process.on('exit', release)
  return { release }
}
