import { redact } from '../secrets/mask'
import type { HistoryEntry } from './records'

const HEADER = [
  'received_at',
  'id',
  'source',
  'status',
  'level',
  'name',
  'target',
  'summary',
  'channels',
  'outcomes',
  'attempts',
]

const cell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v)
  // Quote, and defuse spreadsheet formulas (CSV injection) from alert text.
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`
}

function csvRow(e: HistoryEntry): string {
  const v = e.alert.vars
  return [
    e.alert.receivedAt,
    e.alert.id,
    e.alert.source,
    e.alert.status,
    v.alarm_level,
    v.alarm_name,
    v.alarm_target,
    v.alarm_summary,
    Object.keys(e.deliveries).join(' '),
    Object.entries(e.deliveries)
      .map(([c, d]) => `${c}:${d.state}`)
      .join(' '),
    e.attempts.length,
  ]
    .map(cell)
    .join(',')
}

/**
 * An export as chunks of text, one entry at a time, each with every given secret masked: memory
 * stays flat however many alerts match (entries are read from disk as they are written out).
 */
export function* exportChunks(
  format: 'json' | 'csv',
  entries: Iterable<HistoryEntry>,
  secrets: Array<string | undefined>,
): Generator<string> {
  if (format === 'csv') {
    yield `${HEADER.join(',')}\r\n`
    for (const e of entries) yield redact(`${csvRow(e)}\r\n`, secrets)
    return
  }
  let first = true
  for (const e of entries) {
    // The same text as JSON.stringify(all, null, 2): each item indented one level.
    const item = JSON.stringify(e, null, 2).replace(/\n/g, '\n  ')
    yield redact(`${first ? '[\n  ' : ',\n  '}${item}`, secrets)
    first = false
  }
  yield first ? '[]' : '\n]'
}
