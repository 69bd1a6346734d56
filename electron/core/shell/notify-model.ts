import { isCritical } from '../alerts/levels'
/**
 * When to show a native notification for incoming alerts: off, critical only, or all firing
 * alerts; at most one per `intervalMs`, with one summary for whatever arrived in between, so a
 * storm does not bury the desktop.
 */
export type NotifyMode = 'off' | 'critical' | 'all'

export interface IncomingAlert {
  id: string
  name: string
  level?: string
  target?: string
  status: 'firing' | 'resolved'
}

export interface Notice {
  title: string
  body: string
  /** The alert a click opens (the newest, for a summary). */
  alertId: string
  /** Every alert the notice stands for (one, or a summary's). */
  alertIds: string[]
  /** Levels of the alerts it stands for. */
  levels: string[]
}

const WORDS = {
  en: {
    on: (target: string) => `on ${target}`,
    alone: 'New alert',
    many: (n: number) => `${n} new alerts`,
    more: (n: number) => ` and ${n} more`,
    join: ', ',
  },
  zh: {
    on: (target: string) => `对象：${target}`,
    alone: '新告警',
    many: (n: number) => `${n} 条新告警`,
    more: (n: number) => ` 等另外 ${n} 个`,
    join: '、',
  },
}

export class NotificationPolicy {
  #lastShown = -Infinity
  #held: IncomingAlert[] = []
  /** The window's language: the notices speak it too. */
  language: 'en' | 'zh' = 'en'

  /**
   * At most one notice per `intervalMs` (the user's `app.notifyEverySeconds`); a change applies
   * from the next alert or flush.
   */
  constructor(
    public mode: NotifyMode,
    public intervalMs = 5000,
  ) {}

  /** Alerts arrive; returns the notice to show now, if any. Held ones come out from `flush`. */
  offer(alerts: IncomingAlert[], now: number): Notice | undefined {
    const wanted = alerts.filter(
      (a) =>
        a.status === 'firing' &&
        (this.mode === 'all' || (this.mode === 'critical' && isCritical(a.level))),
    )
    if (this.mode === 'off' || !wanted.length) return undefined
    this.#held.push(...wanted)
    if (now - this.#lastShown < this.intervalMs) return undefined
    return this.#emit(now)
  }

  /** Called when the interval has passed: a summary of what was held back, if anything. */
  flush(now: number): Notice | undefined {
    if (!this.#held.length || now - this.#lastShown < this.intervalMs) return undefined
    return this.#emit(now)
  }

  /** When `flush` next has something to say. */
  nextFlushAt(): number | undefined {
    return this.#held.length ? this.#lastShown + this.intervalMs : undefined
  }

  #emit(now: number): Notice {
    const held = this.#held
    this.#held = []
    this.#lastShown = now
    const newest = held.at(-1)!
    const w = WORDS[this.language]
    if (held.length === 1) {
      return {
        title: `${newest.level ? `[${newest.level}] ` : ''}${newest.name}`,
        body: newest.target ? w.on(newest.target) : w.alone,
        alertId: newest.id,
        alertIds: [newest.id],
        levels: [newest.level ?? ''],
      }
    }
    const names = [...new Set(held.map((a) => a.name))]
    return {
      title: w.many(held.length),
      body: `${names.slice(0, 3).join(w.join)}${names.length > 3 ? w.more(names.length - 3) : ''}`,
      alertId: newest.id,
      alertIds: held.map((a) => a.id),
      levels: [...new Set(held.map((a) => a.level ?? ''))],
    }
  }
}
