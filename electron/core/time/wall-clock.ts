/**
 * The fields every time the relay shows is made of, for `Intl.DateTimeFormat('en-CA', …)`:
 * `2026-11-27, 16:00:05`, 24-hour. The messages (`time.ts`) and the window (`i18n/index.ts`) add
 * their zone (and the window its offset) to the same fields, so both read times alike. Pure: the
 * renderer imports it.
 */
export const WALL_CLOCK_FIELDS = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
} as const satisfies Intl.DateTimeFormatOptions
