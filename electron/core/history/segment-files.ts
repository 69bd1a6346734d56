import { closeSync, fstatSync, openSync, readSync } from 'node:fs'

/** The JSON Lines history's segments, read once by the migration to SQLite. */

export const SEGMENT = /^segment-(\d{6})\.jsonl$/

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
