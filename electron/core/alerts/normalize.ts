/** Shared helpers for the source adapters: times, durations, first non-empty value (levels: levels.ts). */
import { displayTime, machineTimeZone, parseInstant, splitSeconds } from '../time/time-zone'

/** The first non-empty string among candidates. */
export function first(...values: Array<string | undefined | null>): string | undefined {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v
  return undefined
}

const ZERO_TIME = /^0001-01-01/

/** Alertmanager's zero time (`0001-01-01T00:00:00Z`) means "not set". */
export function isZeroTime(t: string | undefined): boolean {
  return !t || ZERO_TIME.test(t)
}

/**
 * `2026-11-27 16:00:00 +08:00` in the relay machine's time zone (what history shows); a naive wall
 * time is read in that zone; anything that is not a real instant is kept as it arrived.
 */
export function formatTime(input: string | number | undefined): string | undefined {
  if (input === undefined || input === '' || (typeof input === 'string' && isZeroTime(input)))
    return undefined
  return displayTime(input, machineTimeZone())
}

/** `1h 5m`, `12m 30s`, `45s` between two instants. */
export function formatDuration(fromIso: string | undefined, to: Date): string | undefined {
  if (!fromIso || isZeroTime(fromIso)) return undefined
  const start = parseInstant(fromIso)
  if (start === undefined) return undefined
  const { d, h, m, s } = splitSeconds(Math.max(0, Math.round((to.getTime() - start) / 1000)))
  const parts = d ? [`${d}d`, `${h}h`] : h ? [`${h}h`, `${m}m`] : m ? [`${m}m`, `${s}s`] : [`${s}s`]
  return parts.join(' ')
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string'
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined
}
