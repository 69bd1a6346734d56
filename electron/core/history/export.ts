import { redact } from '../secrets/mask'
import type { Alert } from '../alerts/model'
import type { HistoryEntry } from './records'

/** What a CSV row shows: the alert, each channel's state, and how many attempts were made. */
export interface CsvRow {
  alert: Alert
  states: Array<[channel: string, state: string]>
  attempts: number
}

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

function csvRow({ alert, states, attempts }: CsvRow): string {
  const v = alert.vars
  return [
    alert.receivedAt,
    alert.id,
    alert.source,
    alert.status,
    v.alarm_level,
    v.alarm_name,
    v.alarm_target,
    v.alarm_summary,
    states.map(([c]) => c).join(' '),
    states.map(([c, s]) => `${c}:${s}`).join(' '),
    attempts,
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
  source: { entries(): Iterable<HistoryEntry>; rows(): Iterable<CsvRow> },
  secrets: Array<string | undefined>,
): Generator<string> {
  if (format === 'csv') {
    yield `${HEADER.join(',')}\r\n`
    for (const r of source.rows()) yield redact(`${csvRow(r)}\r\n`, secrets)
    return
  }
  const entries = source.entries()
  let first = true
  for (const e of entries) {
    // The same text as JSON.stringify(all, null, 2): each item indented one level.
    const item = JSON.stringify(e, null, 2).replace(/\n/g, '\n  ')
    yield redact(`${first ? '[\n  ' : ',\n  '}${item}`, secrets)
    first = false
  }
  yield first ? '[]' : '\n]'
}
