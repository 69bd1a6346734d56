import { createHash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs'
import { open, rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { AlertIndex, type IndexImage } from './alert-index'
import { segmentName } from './segment-files'

/** Bumped whenever the columns or the state codes change: an older snapshot is then rebuilt. */
const MAGIC = 'RELAY-HISTORY-INDEX-4\n'
const PROBE = 4096

/** How much of a segment the index covers, and a fingerprint of those bytes' ends. */
export interface SegmentMark {
  seq: number
  covered: number
  check: string
}

/** Hash of the first and last few KiB of the covered part: a rewritten segment is not trusted. */
export function fingerprint(dir: string, seq: number, covered: number): string | undefined {
  let fd: number | undefined
  try {
    fd = openSync(join(dir, segmentName(seq)), 'r')
    if (fstatSync(fd).size < covered) return undefined
    const head = Buffer.alloc(Math.min(PROBE, covered))
    readSync(fd, head, 0, head.length, 0)
    const tail = Buffer.alloc(Math.min(PROBE, covered))
    readSync(fd, tail, 0, tail.length, covered - tail.length)
    return createHash('sha1').update(head).update(tail).update(String(covered)).digest('hex')
  } catch {
    return undefined
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

/**
 * Writes the index atomically (temp file, fsync, rename): a crash leaves the old snapshot or the
 * new one, never half of one. The image's bytes are copied first, so writes may go on meanwhile.
 */
export async function writeSnapshot(
  path: string,
  index: AlertIndex,
  marks: SegmentMark[],
): Promise<void> {
  const img = index.image()
  const parts: Buffer[] = []
  const columns: Array<{ name: string; length: number }> = []
  for (const [name, bytes] of Object.entries(img.columns)) {
    parts.push(Buffer.from(bytes))
    columns.push({ name, length: bytes.length })
  }
  const header = Buffer.from(
    JSON.stringify({ marks, ids: img.ids, strings: img.strings, columns }),
    'utf8',
  )
  const len = Buffer.alloc(4)
  len.writeUInt32LE(header.length)
  const tmp = `${path}.tmp`
  const fh = await open(tmp, 'w', 0o600)
  try {
    await fh.writev([Buffer.from(MAGIC), len, header, ...parts])
    await fh.datasync()
  } finally {
    await fh.close()
  }
  await rename(tmp, path)
}

/** The snapshot's index and marks, or undefined when there is none or it cannot be read. */
export function readSnapshot(
  path: string,
): { index: AlertIndex; marks: SegmentMark[] } | undefined {
  let buf: Buffer
  try {
    buf = readFileSync(path)
  } catch {
    return undefined
  }
  try {
    if (buf.toString('latin1', 0, MAGIC.length) !== MAGIC) return undefined
    const hlen = buf.readUInt32LE(MAGIC.length)
    const start = MAGIC.length + 4
    const header = JSON.parse(buf.toString('utf8', start, start + hlen)) as {
      marks: SegmentMark[]
      ids: string[]
      strings: IndexImage['strings']
      columns: Array<{ name: string; length: number }>
    }
    let at = start + hlen
    const columns: Record<string, Uint8Array> = {}
    for (const c of header.columns) {
      if (at + c.length > buf.length) return undefined
      columns[c.name] = buf.subarray(at, at + c.length)
      at += c.length
    }
    const index = AlertIndex.fromImage({ ids: header.ids, strings: header.strings, columns })
    return { index, marks: header.marks }
  } catch {
    return undefined
  }
}

export async function removeSnapshot(path: string): Promise<void> {
  await unlink(path).catch(() => {})
}
