import type { MessageFormat } from '../templates/formats'
import {
  dateInZone,
  machineTimeZone,
  timeOfDay,
  wallTimeToInstant,
  zoneOffsetMinutes,
} from '../time/time-zone'
import type { CapsStatus } from './status'
import { say, type CoreText } from '../text/core-text'

/** A channel's caps as the settings give them (0: no cap). */
export interface CapLimits {
  perHour: number
  perDay: number
}

/** What a cap held back in the hour or day that just ended: the summary to send about it. */
export interface CapSummary {
  which: 'hourly' | 'daily'
  held: number
  cap: number
  /** The start of the hour or day that ended (ms). */
  since: number
}

/** The start of the hour `ms` falls in, on the clock of `zone` (India's hours start at :30 UTC). */
function hourStart(ms: number, zone: string): number {
  const wall = ms + zoneOffsetMinutes(ms, zone) * 60_000
  return ms - (((wall % 3_600_000) + 3_600_000) % 3_600_000)
}

/**
 * A channel's hourly and daily caps: what went out in the current hour and day, and what was held
 * back (recorded as throttled, never dropped silently). When the hour or day turns, the counters
 * reset and what was held is summarised in one message.
 */
export class ChannelCaps {
  /** The start of the current hour (ms). */
  hourBucket: number
  hourCount = 0
  heldHour = 0
  /** The current day, `2026-11-28`, in the user's zone. */
  dayBucket: string
  dayCount = 0
  heldDay = 0

  /**
   * `timeZone` reads the user's zone (the settings' `app.timeZone`, resolved), in which a day and
   * an hour turn: a daily cap resets at the user's midnight, not the machine's.
   */
  constructor(
    now: number,
    private readonly timeZone: () => string = machineTimeZone,
  ) {
    this.hourBucket = hourStart(now, timeZone())
    this.dayBucket = dateInZone(now, timeZone())
  }

  #hourOf = (ms: number) => hourStart(ms, this.timeZone())
  #dayOf = (ms: number) => dateInZone(ms, this.timeZone())

  /** Counts a delivery made at `at` (rebuilding the counters from the history at start). */
  countPast(at: number): void {
    if (this.#hourOf(at) === this.hourBucket) this.hourCount++
    if (this.#dayOf(at) === this.dayBucket) this.dayCount++
  }

  /** Counts `n` alerts sent now. */
  sent(n: number): void {
    this.hourCount += n
    this.dayCount += n
  }

  /** Moves to the hour and day of `now`; returns the summaries of what the ended ones held back. */
  roll(now: number, limits: CapLimits): CapSummary[] {
    const out: CapSummary[] = []
    if (this.#hourOf(now) !== this.hourBucket) {
      if (this.heldHour)
        out.push({
          which: 'hourly',
          held: this.heldHour,
          cap: limits.perHour,
          since: this.hourBucket,
        })
      this.hourBucket = this.#hourOf(now)
      this.hourCount = 0
      this.heldHour = 0
    }
    if (this.#dayOf(now) !== this.dayBucket) {
      if (this.heldDay)
        out.push({
          which: 'daily',
          held: this.heldDay,
          cap: limits.perDay,
          since:
            wallTimeToInstant(`${this.dayBucket} 00:00:00`, this.timeZone()) ??
            Date.parse(this.dayBucket),
        })
      this.dayBucket = this.#dayOf(now)
      this.dayCount = 0
      this.heldDay = 0
    }
    return out
  }

  /**
   * Whether one more alert may go out, `taken` being the alerts already taken for the message
   * being built. When a cap is reached, counts the alert as held and returns the reason to record.
   */
  admit(limits: CapLimits, taken: number): CoreText | undefined {
    const overHour = limits.perHour > 0 && this.hourCount + taken >= limits.perHour
    const overDay = limits.perDay > 0 && this.dayCount + taken >= limits.perDay
    if (!overHour && !overDay) return undefined
    if (overHour) this.heldHour++
    if (overDay) this.heldDay++
    return overHour
      ? say('reason.capHour', { cap: limits.perHour })
      : say('reason.capDay', { cap: limits.perDay })
  }

  status(limits: CapLimits): CapsStatus {
    return {
      perHour: limits.perHour,
      sentThisHour: this.hourCount,
      heldThisHour: this.heldHour,
      perDay: limits.perDay,
      sentToday: this.dayCount,
      heldToday: this.heldDay,
    }
  }
}

/**
 * The content of the summary message for what a cap held back, in the channel's format and
 * language, its time in `timeZone` (the user's, as the alerts beside it).
 */
export function summaryContent(
  channel: string,
  format: MessageFormat,
  s: CapSummary,
  language: 'en' | 'zh',
  timeZone: string,
): string {
  const since = s.which === 'hourly' ? timeOfDay(s.since, timeZone) : dateInZone(s.since, timeZone)
  if (language === 'zh') {
    const text = `频道“${channel}”自 ${since} 起有 ${s.held} 条告警超过${s.which === 'hourly' ? '每小时' : '每日'}上限 ${s.cap}，已暂缓发送：请查看中继的历史记录。`
    return format === 'text' ? text : `<font color="warning">**已暂缓**</font>\n${text}`
  }
  const text = `${s.held} alert${s.held === 1 ? ' was' : 's were'} held back by the ${s.which} cap of ${s.cap} on channel "${channel}" since ${since}: see the relay's history.`
  return format === 'text' ? text : `<font color="warning">**Held back**</font>\n${text}`
}

/**
 * Takes the alerts for the next message from those ready, up to `max`, holding back what is over
 * a cap (with the reason to record as throttled).
 */
export function takeWithinCaps<T>(
  ready: Iterable<T>,
  caps: ChannelCaps,
  limits: CapLimits,
  max: number,
): { taken: T[]; held: Array<{ item: T; reason: CoreText }> } {
  const taken: T[] = []
  const held: Array<{ item: T; reason: CoreText }> = []
  for (const item of ready) {
    if (taken.length >= max) break
    const reason = caps.admit(limits, taken.length)
    if (reason) held.push({ item, reason })
    else taken.push(item)
  }
  return { taken, held }
}
