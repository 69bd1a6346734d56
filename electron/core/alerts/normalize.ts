/** Shared helpers for the source adapters: levels, times, durations, first non-empty value. */

/** The first non-empty string among candidates. */
export function first(...values: Array<string | undefined | null>): string | undefined {
  for (const v of values) if (typeof v === 'string' && v.trim() !== '') return v
  return undefined
}

const LEVELS: Record<string, string> = {
  down: 'down',
  stopped: 'down',
  停服: 'down',
  fatal: 'down',
  emergency: 'down',
  critical: 'critical',
  crit: 'critical',
  严重: 'critical',
  p1: 'critical',
  high: 'critical',
  error: 'critical',
  warning: 'warning',
  warn: 'warning',
  警告: 'warning',
  p2: 'warning',
  major: 'warning',
  caution: 'caution',
  注意: 'caution',
  minor: 'caution',
  medium: 'caution',
  p3: 'caution',
  info: 'info',
  information: 'info',
  提醒: 'info',
  low: 'info',
  notice: 'info',
  p4: 'info',
  none: 'info',
}

/** Levels most to least severe (OCP's): down, critical, warning, caution, info. */
export const LEVEL_ORDER = ['down', 'critical', 'warning', 'caution', 'info'] as const

/** Maps the many spellings of severity onto OCP's five levels; unknown spellings pass through. */
export function normalizeLevel(level: string | undefined): string | undefined {
  if (!level) return undefined
  return LEVELS[level.trim().toLowerCase()] ?? level.trim()
}

const ZERO_TIME = /^0001-01-01/

/** Alertmanager's zero time (`0001-01-01T00:00:00Z`) means "not set". */
export function isZeroTime(t: string | undefined): boolean {
  return !t || ZERO_TIME.test(t)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-11-27 16:00:00 +08:00` in the relay machine's time zone; unparseable input is kept as-is. */
export function formatTime(input: string | number | undefined): string | undefined {
  if (input === undefined || input === '' || (typeof input === 'string' && isZeroTime(input)))
    return undefined
  const ms =
    typeof input === 'number'
      ? input < 1e12
        ? input * 1000
        : input
      : /^\d+$/.test(input)
        ? Number(input) * (input.length <= 10 ? 1000 : 1)
        : Date.parse(input)
  if (!Number.isFinite(ms)) return typeof input === 'string' ? input : undefined
  const d = new Date(ms)
  const offset = -d.getTimezoneOffset()
  const sign = offset >= 0 ? '+' : '-'
  const abs = Math.abs(offset)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** `1h 5m`, `12m 30s`, `45s` between two instants. */
export function formatDuration(fromIso: string | undefined, to: Date): string | undefined {
  if (!fromIso || isZeroTime(fromIso)) return undefined
  const start = Date.parse(fromIso)
  if (!Number.isFinite(start)) return undefined
  let s = Math.max(0, Math.round((to.getTime() - start) / 1000))
  const d = Math.floor(s / 86400)
  s -= d * 86400
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
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
