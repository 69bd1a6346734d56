/**
 * Sender times, read one way for every reader: epoch seconds or milliseconds (numbers or digit
 * strings), ISO 8601 with or without a zone, `YYYY-MM-DD HH:mm:ss` and its `.` / `/` spellings
 * (read later in the app's time zone, like OCP's and Zabbix's), and the RFC 2822-like strings
 * `Date.parse` knows (`Sat Oct 26 23:20:39 UTC 2024`). What comes back is what the display reads
 * again in the user's zone: an epoch in milliseconds, an ISO instant, or a naive wall time.
 */
import { parseInstant } from '../time/time-zone'
import { formatTime } from './normalize'

const NAIVE = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})[ T](\d{1,2}):(\d\d)(?::(\d\d)(\.\d{1,9})?)?$/
const DATE_ONLY = /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/
/** "Not set" in the senders' own words: Tencent's `recoverTime: "0"`, nulls, the zero time. */
const UNSET = /^(0|null|none|n\/a|-|0001-01-01.*)$/i

const pad = (s: string) => s.padStart(2, '0')

/** A sender's time in a form the display re-reads, or undefined when it names no instant. */
export function senderTime(input: unknown): string | undefined {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input <= 0) return undefined
    return String(parseInstant(input) ?? '') || undefined
  }
  if (typeof input !== 'string') return undefined
  const s = input.trim()
  if (!s || UNSET.test(s)) return undefined
  if (/^\d+(\.\d+)?$/.test(s)) {
    const ms = parseInstant(s)
    return ms === undefined ? undefined : String(Math.round(ms))
  }
  const naive = NAIVE.exec(s)
  if (naive) {
    const [, y, mo, d, h, mi, sec, frac] = naive
    return `${y}-${pad(mo!)}-${pad(d!)} ${pad(h!)}:${mi}:${sec ?? '00'}${frac ?? ''}`
  }
  const day = DATE_ONLY.exec(s)
  if (day) return `${day[1]}-${pad(day[2]!)}-${pad(day[3]!)} 00:00:00`
  // `+01.00`: an offset written with a dot (seen in Wazuh's times) is still an offset.
  const fixed = s.replace(/([+-]\d\d)\.(\d\d)$/, '$1:$2')
  const ms = parseInstant(fixed) ?? Date.parse(fixed)
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined
}

/** `alarm_<kind>_raw` (what the display re-reads) and `alarm_<kind>_at` (shown as it was read). */
export function timeVars(
  kind: 'active' | 'resolved' | 'updated',
  input: unknown,
): Record<string, string | undefined> {
  const raw = senderTime(input)
  return { [`alarm_${kind}_raw`]: raw, [`alarm_${kind}_at`]: raw ? formatTime(raw) : undefined }
}
