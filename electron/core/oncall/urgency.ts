import { isCritical } from '../alerts/levels'
import type { OnCallSettings } from '../settings/urgency-schema'

export type { OnCallSettings }

/** What the workstation does for one firing alert of a level. */
export interface LevelUrgency {
  notify: boolean
  sound: boolean
  /** Play the sound again every `repeatMinutes` until someone acknowledges (critical levels). */
  repeatUntilAck: boolean
}

/** `app.notifications`: the notification rule of levels that do not set their own. */
export type NotifyMode = 'off' | 'critical' | 'all'

/** Whether the level notifies under `app.notifications` alone (how it worked before per-level rules). */
export function notifiesByMode(level: string, mode: NotifyMode): boolean {
  return mode === 'all' || (mode === 'critical' && isCritical(level))
}

/** Critical and down: the levels quiet hours and do-not-disturb may let through. */
export function isCriticalLevel(level: string): boolean {
  return isCritical(level)
}

/** Minutes since midnight of `now` in the given IANA time zone (default: the machine's). */
export function minutesOfDay(now: number, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(new Date(now))
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return get('hour') * 60 + get('minute')
}

/** Whether `now` falls in the quiet hours; spans over midnight (22:00–08:00) work. */
export function inQuietHours(s: OnCallSettings, now: number, timeZone?: string): boolean {
  if (!s.quietHours.enabled) return false
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3))
  const from = toMin(s.quietHours.from)
  const to = toMin(s.quietHours.to)
  const m = minutesOfDay(now, timeZone)
  if (from === to) return true
  return from < to ? m >= from && m < to : m >= from || m < to
}

/**
 * What to do at the workstation for a firing alert: notify, sound, repeat. A level without its own
 * `notify` follows `app.notifications` (`ctx.notifications`, default critical only). Quiet hours silence
 * everything but critical (when allowed); the system's do-not-disturb is respected unless the user
 * opted in for critical alerts.
 */
export function urgencyFor(
  level: string,
  s: OnCallSettings,
  ctx: { now: number; doNotDisturb?: boolean; timeZone?: string; notifications?: NotifyMode },
): LevelUrgency {
  const levels = s.levels as Record<string, OnCallSettings['levels']['info']>
  const own = levels[level] ?? s.levels.info
  const base: LevelUrgency = {
    ...own,
    notify: own.notify ?? notifiesByMode(level, ctx.notifications ?? 'critical'),
  }
  const critical = isCritical(level)
  const silenced =
    (inQuietHours(s, ctx.now, ctx.timeZone) && !(critical && s.quietHours.allowCritical)) ||
    (!!ctx.doNotDisturb && !(critical && s.overrideDoNotDisturb))
  if (silenced) return { notify: false, sound: false, repeatUntilAck: false }
  return { ...base, repeatUntilAck: critical && base.sound && base.repeatUntilAck }
}
