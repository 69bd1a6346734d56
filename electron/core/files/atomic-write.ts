import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { lstat, open, rename, rm, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * The one way the relay replaces a state file (robot budgets, the on-call state, the window's
 * bounds): write a temporary file beside it, fsync it, rename it over the old one, fsync the
 * folder. A crash or a power cut leaves the old file or the new one, never half of one, and once
 * this returns the new one survives a power cut too (the rename itself is on disk). Owner-only:
 * state files name robots and people.
 */
export async function writeFileAtomic(
  file: string,
  data: string | readonly Buffer[],
  mode = 0o600,
): Promise<void> {
  const tmp = `${file}.tmp`
  try {
    const handle = await open(tmp, 'w', mode)
    try {
      if (typeof data === 'string') await handle.writeFile(data)
      else await writeAll(handle, data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(tmp, file)
  } catch (err) {
    // The partial copy it wrote goes; anything else found at that path (a link, a device) is not
    // the writer's to delete.
    if ((await lstat(tmp).catch(() => undefined))?.isFile())
      await rm(tmp, { force: true }).catch(() => {})
    throw err
  }
  await syncFolder(dirname(file))
}

/** The same, blocking: for a write that must be done before the process goes on (a window closing). */
export function writeFileAtomicSync(file: string, data: string, mode = 0o600): void {
  const tmp = `${file}.tmp`
  try {
    const fd = openSync(tmp, 'w', mode)
    try {
      writeFileSync(fd, data)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, file)
  } catch (err) {
    if (lstatSync(tmp, { throwIfNoEntry: false })?.isFile()) rmSync(tmp, { force: true })
    throw err
  }
  if (process.platform === 'win32') return
  const dir = openSync(dirname(file), 'r')
  try {
    fsyncSync(dir)
  } finally {
    closeSync(dir)
  }
}

/** Makes a rename in `folder` durable. Windows cannot open a folder to sync it (NTFS journals it). */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** The most buffers one writev takes (IOV_MAX on Linux and macOS). */
const IOV_MAX = 1024

/** Writes the pieces in order, a writev at a time, finishing any piece a write cut short. */
async function writeAll(handle: FileHandle, pieces: readonly Buffer[]): Promise<void> {
  for (let i = 0; i < pieces.length; i += IOV_MAX) {
    const group = pieces.slice(i, i + IOV_MAX)
    const want = group.reduce((n, b) => n + b.length, 0)
    let { bytesWritten } = await handle.writev(group)
    if (bytesWritten === want) continue
    // A short write (rare on a regular file): the rest of the group, piece by piece.
    for (const b of group) {
      if (bytesWritten >= b.length) {
        bytesWritten -= b.length
        continue
      }
      let off = bytesWritten
      bytesWritten = 0
      while (off < b.length) off += (await handle.write(b, off, b.length - off)).bytesWritten
    }
  }
}
