import { WALL_CLOCK_FIELDS } from './wall-clock'

/**
 * Times as the on-call reader wants them: in the user's time zone (a setting; default the
 * machine's), with the offset, `2026-11-27 16:00:00 +08:00`. An input that is not a real instant
 * (`99999999999999999999`, `"8640000000000001"`) is shown as it arrived, never as `NaN`.
 */

/**
 * Instants a monitoring system can mean: 1970 to the end of year 9999. Anything else (a Date can
 * hold ±100,000,000 days) is not a time an alert happened at, and is shown as it arrived.
 */
const MAX_MS = 253_402_300_799_999
const NAIVE = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?$/

/** The machine's IANA time zone (what "default" means). */
let machineZone: string | undefined
export function machineTimeZone(): string {
  machineZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  return machineZone
}

/** One formatter per zone: building one costs far more than using it, and a digest uses hundreds. */
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { ...WALL_CLOCK_FIELDS, timeZone: zone })
    formatters.set(zone, f)
  }
  return f
}

/** A usable zone: the given IANA name when the runtime knows it, else the machine's. */
export function resolveTimeZone(zone: string | undefined): string {
  if (zone) {
    try {
      formatterFor(zone)
      return zone
    } catch {
      // unknown zone: fall back to the machine's
    }
  }
  return machineTimeZone()
}

/**
 * Milliseconds since 1970 for a time a sender wrote with an offset or as epoch seconds or
 * milliseconds; undefined for anything else (naive wall times have no instant without a zone).
 */
export function parseInstant(input: string | number | undefined): number | undefined {
  if (input === undefined || input === '') return undefined
  let ms: number
  if (typeof input === 'number') ms = Math.abs(input) < 1e11 ? input * 1000 : input
  else {
    const s = input.trim()
    if (/^0001-01-01/.test(s)) return undefined
    if (/^-?\d+(\.\d+)?$/.test(s)) {
      const n = Number(s)
      ms = Math.abs(n) < 1e11 ? n * 1000 : n
    } else if (NAIVE.test(s)) return undefined
    else ms = Date.parse(s)
  }
  return Number.isFinite(ms) && ms >= 0 && ms <= MAX_MS ? ms : undefined
}

const parts = (ms: number, zone: string) => {
  const f = formatterFor(zone)
  const o: Record<string, string> = {}
  for (const p of f.formatToParts(new Date(ms))) o[p.type] = p.value
  return o
}

/** Exact offset of `zone` at `ms` in ms east of UTC (whole seconds: old local mean times had them). */
function exactOffsetMs(ms: number, zone: string): number {
  const p = parts(ms, zone)
  const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!)
  return asUtc - Math.floor(ms / 1000) * 1000
}

const QUARTER_HOUR = 900_000
const OFFSETS_KEPT = 4096
/** Zone → quarter hour → its offset (NaN when the offset changes inside it). */
const offsets = new Map<string, Map<number, number>>()

/**
 * The offset of `zone` at `ms`, from a cache of quarter hours: formatToParts costs microseconds
 * and ingest formats every alert's times. A quarter hour whose two ends disagree holds a change
 * and is left to the exact path (undefined).
 */
function cachedOffsetMs(ms: number, zone: string): number | undefined {
  if (!(ms >= 0 && ms <= MAX_MS)) return undefined
  let zoneOffsets = offsets.get(zone)
  if (!zoneOffsets) offsets.set(zone, (zoneOffsets = new Map()))
  const q = Math.floor(ms / QUARTER_HOUR)
  let off = zoneOffsets.get(q)
  if (off === undefined) {
    const start = exactOffsetMs(q * QUARTER_HOUR, zone)
    off = start === exactOffsetMs(q * QUARTER_HOUR + QUARTER_HOUR - 1000, zone) ? start : NaN
    if (zoneOffsets.size >= OFFSETS_KEPT) zoneOffsets.clear()
    zoneOffsets.set(q, off)
  }
  return Number.isNaN(off) ? undefined : off
}

/** Offset of `zone` at instant `ms`, in minutes east of UTC. */
export function zoneOffsetMinutes(ms: number, zone: string): number {
  return Math.round((cachedOffsetMs(ms, zone) ?? exactOffsetMs(ms, zone)) / 60_000)
}

const pad = (n: number) => String(n).padStart(2, '0')

const offsetText = (offMs: number) => {
  const off = Math.round(offMs / 60_000)
  const abs = Math.abs(off)
  return `${off < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** `2026-11-27 16:00:00 +08:00` for an instant in a zone. */
export function formatInstant(ms: number, zone: string): string {
  const off = cachedOffsetMs(ms, zone)
  if (off !== undefined) {
    // The wall clock is the instant moved by the offset, read as UTC: what the formatter gives.
    const w = new Date(ms + off)
    return `${String(w.getUTCFullYear()).padStart(4, '0')}-${pad(w.getUTCMonth() + 1)}-${pad(w.getUTCDate())} ${pad(w.getUTCHours())}:${pad(w.getUTCMinutes())}:${pad(w.getUTCSeconds())} ${offsetText(off)}`
  }
  const p = parts(ms, zone)
  const year = p.year!.replace(/^\+/, '')
  return `${year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${offsetText(exactOffsetMs(ms, zone))}`
}

/**
 * The time of day of an instant in a zone (`16:05`): every "at 16:05" the relay writes, in the
 * user's zone (settings' time zone, else the machine's), never the machine's by accident.
 */
export function timeOfDay(ms: number, zone: string): string {
  return formatInstant(ms, zone).slice(11, 16)
}

/** The date of an instant in a zone (`2026-11-27`). */
export function dateInZone(ms: number, zone: string): string {
  return formatInstant(ms, zone).slice(0, 10)
}

/** The instant a naive wall time (`2026-11-27 16:00:00`, no offset) names when read in `zone`. */
export function wallTimeToInstant(wall: string, zone: string): number | undefined {
  const m = NAIVE.exec(wall.trim())
  if (!m) return undefined
  const guess = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0))
  if (!Number.isFinite(guess) || guess < 0 || guess > MAX_MS) return undefined
  let ms = guess - zoneOffsetMinutes(guess, zone) * 60_000
  // Near a DST change the first guess can be an hour out: settle once more.
  ms = guess - zoneOffsetMinutes(ms, zone) * 60_000
  return ms
}

/**
 * Any sender time for display: an instant is shown in `zone` with its offset; a naive wall time
 * (OCP, Zabbix) is read in `zone`; anything else is shown as it arrived.
 */
export function displayTime(input: string | number | undefined, zone: string): string | undefined {
  if (input === undefined || input === '') return undefined
  if (typeof input === 'string' && /^0001-01-01/.test(input)) return undefined
  const ms =
    parseInstant(input) ?? (typeof input === 'string' ? wallTimeToInstant(input, zone) : undefined)
  return ms === undefined ? String(input) : formatInstant(ms, zone)
}

/** Whole seconds as days, hours, minutes and seconds, for the duration wording. */
export function splitSeconds(total: number): { d: number; h: number; m: number; s: number } {
  let s = total
  const d = Math.floor(s / 86400)
  s -= d * 86400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  return { d, h, m, s }
}
