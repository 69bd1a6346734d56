import { mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { AlertIndex, type Loc } from './alert-index'
import { deliveryOf } from './entries'
import type { HistoryEntry, HistoryRecord } from './records'
import { SEGMENT, readFrom, scanLines, segmentName } from './segment-files'
import { fingerprint, readSnapshot, type SegmentMark } from './snapshot'

/** Entries kept whole in memory: the newest, which the engine and the tray ask for at once. */
const LIVE_MAX = 1000

/** What a start finds on disk: the index, the segments and how much of each the index covers. */
export interface LoadedHistory {
  index: AlertIndex
  /** Segment numbers, oldest first. */
  segments: number[]
  covered: Map<number, number>
  /** The highest segment number seen, regular file or not. */
  segmentSeq: number
  /** Lines that could not be read (a torn last write after a crash, or damage). */
  skippedLines: string[]
  /** How the index was loaded: from a snapshot (and how many bytes were replayed) or rebuilt. */
  loadInfo: { fromSnapshot: boolean; replayedBytes: number }
}

/**
 * Indexes one record at `loc`. Records written now (not replayed) pass `live`, the newest entries
 * kept whole in memory, which they update too.
 */
export function applyRecord(
  index: AlertIndex,
  record: HistoryRecord,
  loc: Loc,
  live?: Map<string, HistoryEntry>,
): void {
  switch (record?.t) {
    case 'alert': {
      if (!record.alert?.id || !index.addAlert(record, loc) || !live) return
      const entry: HistoryEntry = {
        alert: record.alert,
        targets: record.targets ?? [],
        skipped: record.skipped ?? [],
        deliveries: {},
        attempts: [],
      }
      const at = record.alert.receivedAt
      for (const c of entry.targets) entry.deliveries[c] = { state: 'pending', at }
      for (const s of entry.skipped)
        entry.deliveries[s.channel] = { state: 'skipped', at, reason: s.reason }
      live.set(entry.alert.id, entry)
      if (live.size > LIVE_MAX) live.delete(live.keys().next().value!)
      return
    }
    case 'attempt': {
      index.addAttempt(record.alertIds, loc)
      if (live) for (const id of record.alertIds) live.get(id)?.attempts.push(record)
      return
    }
    case 'delivery': {
      index.setDelivery(record, loc)
      const entry = live?.get(record.alertId)
      if (entry) entry.deliveries[record.channel] = deliveryOf(record)
    }
  }
}

/**
 * Opens the history folder: lists its segments, takes the snapshot's index if it still describes
 * them, and replays what follows it (or everything, rebuilding the index).
 */
export async function loadHistory(dir: string, snapshotPath: string): Promise<LoadedHistory> {
  const loaded: LoadedHistory = {
    index: new AlertIndex(),
    segments: [],
    covered: new Map(),
    segmentSeq: 0,
    skippedLines: [],
    loadInfo: { fromSnapshot: false, replayedBytes: 0 },
  }
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const seqs: number[] = []
  const regular = new Set<number>()
  for (const name of await readdir(dir)) {
    const m = SEGMENT.exec(name)
    if (!m) continue
    const seq = Number(m[1])
    loaded.segmentSeq = Math.max(loaded.segmentSeq, seq)
    seqs.push(seq)
    // Only regular files hold history (a device or fifo in its place is not read, though it
    // is still written to when it is the last: a full disk then refuses, as it should).
    if ((await stat(join(dir, name)).catch(() => undefined))?.isFile()) regular.add(seq)
  }
  seqs.sort((a, b) => a - b)
  const start = fromSnapshot(
    loaded,
    dir,
    snapshotPath,
    [...regular].sort((a, b) => a - b),
  )
  for (const seq of seqs) {
    loaded.segments.push(seq)
    if (regular.has(seq)) replay(loaded, dir, seq, start.get(seq) ?? 0)
    else loaded.covered.set(seq, 0)
  }
  return loaded
}

/** Takes the snapshot's index if it still describes these segments; where to read on from. */
function fromSnapshot(
  loaded: LoadedHistory,
  dir: string,
  snapshotPath: string,
  seqs: number[],
): Map<number, number> {
  const snap = readSnapshot(snapshotPath)
  const start = new Map<number, number>()
  if (!snap) return start
  const known = new Set(seqs)
  const newest = Math.max(-1, ...snap.marks.map((m) => m.seq))
  const valid =
    snap.marks.every((m) => known.has(m.seq) && fingerprint(dir, m.seq, m.covered) === m.check) &&
    // A segment older than the snapshot's newest that it does not know: not ours to trust.
    seqs.every((s) => s > newest || snap.marks.some((m) => m.seq === s))
  if (!valid) return start
  loaded.index = snap.index
  loaded.loadInfo.fromSnapshot = true
  for (const m of snap.marks) start.set(m.seq, m.covered)
  return start
}

/** Indexes a segment from byte `from` on. */
function replay(loaded: LoadedHistory, dir: string, seq: number, from: number): void {
  const name = segmentName(seq)
  const buf = readFrom(join(dir, name), from)
  loaded.loadInfo.replayedBytes += buf.length
  const { tornAt } = scanLines(buf, from, (text, off, len) => {
    let record: HistoryRecord
    try {
      record = JSON.parse(text) as HistoryRecord
    } catch {
      loaded.skippedLines.push(`${name}@${off}`)
      return
    }
    applyRecord(loaded.index, record, { seg: seq, off, len })
  })
  if (tornAt !== undefined) loaded.skippedLines.push(`${name}@${tornAt}`)
  loaded.covered.set(seq, tornAt ?? from + buf.length)
}

/** What the snapshot records of each segment: how much the index covers, and its fingerprint. */
export function snapshotMarks(
  dir: string,
  segments: number[],
  covered: Map<number, number>,
): SegmentMark[] {
  const marks: SegmentMark[] = []
  for (const seq of segments) {
    const bytes = covered.get(seq) ?? 0
    const check = fingerprint(dir, seq, bytes)
    if (check) marks.push({ seq, covered: bytes, check })
  }
  return marks
}

/**
 * Drops alerts past the count and age limits from the index (and the entries kept whole); never
 * one that is still pending. Run at start, after loading, and by retention later.
 */
export function dropExpired(
  x: AlertIndex,
  live: Map<string, HistoryEntry>,
  maxAlerts: number,
  maxAgeDays: number,
  now = Date.now(),
): void {
  const cutoff = now - maxAgeDays * 86_400_000
  const excess = x.size - maxAlerts
  const time = x.a.time.data
  const keep = new Uint32Array(x.size)
  let n = 0
  for (let i = 0; i < x.size; i++) {
    const expired = i < excess || time[i]! < cutoff
    if (expired && !x.isPending(i)) live.delete(x.ids[i]!)
    else keep[n++] = i
  }
  if (n < x.size) x.keep(keep, n)
}
