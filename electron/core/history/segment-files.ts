import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { join } from 'node:path'
import type { Loc } from './alert-index'

export const SEGMENT = /^segment-(\d{6})\.jsonl$/
export const segmentName = (seq: number) => `segment-${String(seq).padStart(6, '0')}.jsonl`

/** Open read handles beyond this are closed, oldest first (a year of history is ~200 segments). */
const MAX_OPEN = 32

/**
 * Reads single records from the segments by offset, synchronously: a detail is one `pread` of a
 * few kilobytes, cheaper than a promise round-trip, and keeps the store's API synchronous.
 */
export class SegmentReader {
  readonly #fds = new Map<number, number>()

  constructor(private readonly dir: string) {}

  #fd(seg: number): number {
    let fd = this.#fds.get(seg)
    if (fd !== undefined) {
      // Most recently used last.
      this.#fds.delete(seg)
      this.#fds.set(seg, fd)
      return fd
    }
    fd = openSync(join(this.dir, segmentName(seg)), 'r')
    this.#fds.set(seg, fd)
    if (this.#fds.size > MAX_OPEN) {
      const [oldest, ofd] = this.#fds.entries().next().value as [number, number]
      this.#fds.delete(oldest)
      closeSync(ofd)
    }
    return fd
  }

  /** The record at `loc`, parsed; undefined if it cannot be read any more. */
  read<T>(loc: Loc): T | undefined {
    try {
      const buf = Buffer.allocUnsafe(loc.len)
      const n = readSync(this.#fd(loc.seg), buf, 0, loc.len, loc.off)
      return JSON.parse(buf.toString('utf8', 0, n)) as T
    } catch {
      return undefined
    }
  }

  size(seg: number): number {
    return fstatSync(this.#fd(seg)).size
  }

  /** Forgets a segment's handle (before it is deleted). */
  forget(seg: number): void {
    const fd = this.#fds.get(seg)
    if (fd !== undefined) closeSync(fd)
    this.#fds.delete(seg)
  }

  close(): void {
    for (const fd of this.#fds.values()) closeSync(fd)
    this.#fds.clear()
  }
}

/** A file's bytes from `from` to its end. */
export function readFrom(path: string, from: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(Math.max(0, fstatSync(fd).size - from))
    let got = 0
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, from + got)
      if (!n) break
      got += n
    }
    return buf.subarray(0, got)
  } finally {
    closeSync(fd)
  }
}

/**
 * Calls `onLine` for every complete line of `buf` (bytes from `base` on in the file). An
 * unterminated last line is not a record yet (a write cut short): it is returned as damaged.
 */
export function scanLines(
  buf: Buffer,
  base: number,
  onLine: (text: string, off: number, len: number) => void,
): { tornAt?: number } {
  let start = 0
  while (start < buf.length) {
    const nl = buf.indexOf(0x0a, start)
    if (nl === -1) return { tornAt: base + start }
    if (nl > start) onLine(buf.toString('utf8', start, nl), base + start, nl - start)
    start = nl + 1
  }
  return {}
}
