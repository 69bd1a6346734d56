import { randomBytes } from 'node:crypto'

import type { Alert } from '../alerts/model'
import { matches } from '../delivery/router'
import { parseMatcher, type Matcher } from '../settings/fields'
import { say, type CoreText } from '../text/core-text'

/**
 * A local silence: Alertmanager-style matchers over a time span. Alerts it matches are accepted
 * and stored but not sent; History shows them as muted by it.
 */
export interface Mute {
  id: string
  matchers: Matcher[]
  startsAt: string
  endsAt: string
  comment: string
  createdBy: string
  createdAt: string
  /** Set when someone ended it early. */
  expiredAt?: string
}

export interface NewMute {
  /** `name=value`, `name!=value`, `name=~regex`, `name!~regex`; or parsed matchers. */
  matchers: ReadonlyArray<string | Matcher>
  startsAt?: string
  endsAt: string
  comment?: string
  createdBy?: string
}

/** A mute input the relay cannot take, with the sentence to show. */
export class MuteError extends Error {
  constructor(readonly sentence: CoreText) {
    super(sentence.text)
  }
}

/** How long an ended mute stays listed (so "who muted this last night?" has an answer). */
export const KEEP_EXPIRED_MS = 7 * 24 * 3_600_000

/** Parsed start and end per mute object: `match` runs for every alert on every channel. */
const spans = new WeakMap<Mute, { start: number; end: number; of: string }>()
function span(m: Mute): { start: number; end: number } {
  const of = m.expiredAt ?? m.endsAt
  let s = spans.get(m)
  if (!s || s.of !== of) {
    s = { start: Date.parse(m.startsAt), end: Date.parse(of), of }
    spans.set(m, s)
  }
  return s
}
const end = (m: Mute) => span(m).end

/** The set of mutes, active, future and recently ended. Pure state; the caller persists it. */
export class Mutes {
  #list: Mute[] = []
  readonly #now: () => number

  constructor(now: () => number = Date.now, saved?: unknown) {
    this.#now = now
    if (Array.isArray(saved))
      this.#list = (saved as Mute[]).filter(
        (m) => m && typeof m.id === 'string' && Array.isArray(m.matchers),
      )
  }

  /** Validates and adds a mute; throws a `MuteError` with one sentence when the input is wrong. */
  create(input: NewMute): Mute {
    const now = this.#now()
    const matchers = input.matchers.map((m) => {
      if (typeof m !== 'string') return m
      const r = parseMatcher(m)
      if (!r.ok) throw new MuteError(r.error)
      return r.value
    })
    if (!matchers.length) throw new MuteError(say('mute.noMatcher'))
    const startsAt = input.startsAt ? Date.parse(input.startsAt) : now
    const endsAt = Date.parse(input.endsAt)
    if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt))
      throw new MuteError(say('mute.badTime'))
    if (endsAt <= Math.max(startsAt, now)) throw new MuteError(say('mute.endsBefore'))
    const mute: Mute = {
      id: randomBytes(6).toString('hex'),
      matchers,
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(endsAt).toISOString(),
      comment: input.comment?.trim() ?? '',
      createdBy: input.createdBy?.trim() || 'local user',
      createdAt: new Date(now).toISOString(),
    }
    this.#list.push(mute)
    return mute
  }

  /** Ends a mute now; false when there is no such mute. */
  expire(id: string): boolean {
    const m = this.#list.find((x) => x.id === id)
    if (!m) return false
    if (end(m) > this.#now()) m.expiredAt = new Date(this.#now()).toISOString()
    return true
  }

  get(id: string): Mute | undefined {
    return this.#list.find((m) => m.id === id)
  }

  /** Whether any mute is active at `now` (else no alert needs matching). */
  anyActive(now = this.#now()): boolean {
    return this.#list.some((m) => span(m).start <= now && end(m) > now)
  }

  /** The active mute that holds this alert, if any. */
  match(alert: Alert, now = this.#now()): Mute | undefined {
    return this.#list.find(
      (m) =>
        span(m).start <= now &&
        end(m) > now &&
        m.matchers.every((matcher) => matches(alert, matcher)),
    )
  }

  /** Active and future mutes first (ending soonest first), then those ended within a week. */
  list(now = this.#now()): Array<Mute & { state: 'active' | 'pending' | 'expired' }> {
    this.#prune(now)
    const state = (m: Mute) =>
      end(m) <= now ? 'expired' : Date.parse(m.startsAt) > now ? 'pending' : 'active'
    return this.#list
      .map((m) => ({ ...m, state: state(m) }) as Mute & { state: 'active' | 'pending' | 'expired' })
      .sort(
        (a, b) =>
          Number(a.state === 'expired') - Number(b.state === 'expired') ||
          (a.state === 'expired' ? end(b) - end(a) : end(a) - end(b)),
      )
  }

  /** When a mute next starts or ends, for one timer. */
  nextChange(now = this.#now()): number | undefined {
    let next: number | undefined
    for (const m of this.#list)
      for (const t of [Date.parse(m.startsAt), end(m)])
        if (t > now && (next === undefined || t < next)) next = t
    return next
  }

  #prune(now: number): void {
    this.#list = this.#list.filter((m) => end(m) > now - KEEP_EXPIRED_MS)
  }

  toJSON(): Mute[] {
    this.#prune(this.#now())
    return this.#list
  }
}
