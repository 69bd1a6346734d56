import type { Alert } from '../alerts/model'
import type { WeComBody } from '../channels/wecom/sender'
import type { StoredText } from '../text/core-text'

/**
 * What the queue keeps of a history entry: the alert alone (its attempts and deliveries are the
 * history's). An alert recovered from the outbox at start is read from the history when its
 * message is composed (`alert` is then a getter): a backlog of 100,000 held whole took most of
 * the start's memory.
 */
export interface QueuedEntry {
  readonly alert: Alert
}

/**
 * A queued entry read from the history when its alert is asked for (composing its message, asking
 * a mute), kept while anything still holds it and read again after. A class, so that each queued
 * alert is one small object: as an object literal with a getter, each held a closure, its context
 * and a property dictionary (a backlog of 100,000 held 30 MiB of them).
 */
export class StoredEntry implements QueuedEntry {
  #last?: WeakRef<Alert>

  constructor(
    readonly id: string,
    private readonly history: { alert(id: string): Alert | undefined },
  ) {}

  get alert(): Alert {
    const known = this.#last?.deref()
    if (known) return known
    const alert = this.history.alert(this.id)
    // Retention never deletes an alert still pending, so this is a broken invariant.
    if (!alert) throw new Error(`the alert ${this.id} waiting in the outbox is not in the history`)
    this.#last = new WeakRef(alert)
    return alert
  }
}

/**
 * The few fields the queue, the scheduler and a storm's summary read of every waiting alert:
 * the id, what aggregation and the storm picture key on, the level, the name and target the
 * summary counts. A freshly received alert is its own brief; one recovered from the outbox
 * carries only these (`vars` with `alarm_name`, `alarm_level`, `alarm_target`; `labels` with
 * `alertname`; no `annotations`).
 */
export type AlertBrief = Pick<
  Alert,
  'id' | 'status' | 'fingerprint' | 'receivedAt' | 'vars' | 'labels' | 'annotations'
>

/** Whether a brief is the whole alert (freshly received), not the few fields read from the outbox. */
export const isWhole = (brief: AlertBrief): brief is Alert => 'raw' in brief

/** One alert waiting on one channel. */
export interface WorkItem {
  entry: QueuedEntry
  /** What is read of the alert without loading it (see `AlertBrief`). */
  brief: AlertBrief
  /** Its aggregation key (see `aggregationKey`). */
  key: string
  repeats: number
  firstRepeatAt?: number
  /** Repeats that arrived while this item was being sent. */
  lateRepeats: number
  enqueuedAt: number
  attempts: number
  nextAttemptAt: number
  /** Byte budget factor after a 40058 (1, ½, ¼ …). */
  shrink: number
  inFlight: boolean
  lastError?: StoredText
  /**
   * When a person resent it by hand (as the history records it): a delivery of its own, with its
   * own id, that no mute holds.
   */
  resentAt?: string
}

/** A message that carries no alert of its own: the @mention after a Markdown message, a cap summary. */
export interface ExtraMessage {
  kind: 'mention' | 'summary'
  /** The title other channel types show (default: a cap summary's). */
  title?: string
  /** The most severe level it speaks of (a storm summary's): its place on a shared robot. */
  level?: string
  /** A mention follow-up waits until the message it belongs to has left the queue. */
  after?: ExtraMessage
  body: WeComBody
  content: string
  alertIds: string[]
  attempts: number
  nextAttemptAt: number
  inFlight: boolean
}

/** A fresh work item for `entry`, due at `now`. */
export function workItem(
  entry: QueuedEntry,
  key: string,
  now: number,
  more: Partial<
    Pick<WorkItem, 'repeats' | 'firstRepeatAt' | 'enqueuedAt' | 'resentAt' | 'brief'>
  > = {},
): WorkItem {
  return {
    entry,
    brief: more.brief ?? entry.alert,
    key,
    repeats: more.repeats ?? 0,
    firstRepeatAt: more.firstRepeatAt,
    lateRepeats: 0,
    enqueuedAt: more.enqueuedAt ?? now,
    attempts: 0,
    nextAttemptAt: now,
    shrink: 1,
    inFlight: false,
    ...(more.resentAt ? { resentAt: more.resentAt } : {}),
  }
}

/** When those of `items` that a person resent were resent, for their state records (none: undefined). */
export function resendTimes(items: readonly WorkItem[]): ReadonlyMap<string, string> | undefined {
  const resent = items.filter((i) => i.resentAt)
  return resent.length ? new Map(resent.map((i) => [i.brief.id, i.resentAt!])) : undefined
}

/** The first scan stops at this many ready alerts: a 4096-byte message holds far fewer. */
export const MAX_DIGEST_SCAN = 300

/**
 * One channel's outbox in memory: alerts in arrival order, indexed by id and by aggregation key
 * (to fold repeats without scanning), and the extra messages, which go before the alerts.
 */
export class ChannelQueue {
  #items: WorkItem[] = []
  readonly extras: ExtraMessage[] = []
  /** The first queued item of each aggregation key. */
  readonly #byKey = new Map<string, WorkItem>()
  /** How many items of each key are queued: the queue is scanned for the next one only if any. */
  readonly #keyCount = new Map<string, number>()
  readonly #ids = new Set<string>()

  get length(): number {
    return this.#items.length
  }

  /** The items in order (read only: change the queue through push and remove). */
  get items(): readonly WorkItem[] {
    return this.#items
  }

  has(alertId: string): boolean {
    return this.#ids.has(alertId)
  }

  /** The queued item a repeat with this aggregation key folds into. */
  queuedWith(key: string): WorkItem | undefined {
    return this.#byKey.get(key)
  }

  push(item: WorkItem): void {
    this.#items.push(item)
    this.#ids.add(item.brief.id)
    if (!this.#byKey.has(item.key)) this.#byKey.set(item.key, item)
    this.#keyCount.set(item.key, (this.#keyCount.get(item.key) ?? 0) + 1)
  }

  remove(items: readonly WorkItem[]): void {
    if (!items.length) return
    const gone = new Set(items)
    this.#items = this.#items.filter((i) => !gone.has(i))
    for (const i of items) {
      if (!this.#ids.delete(i.brief.id)) continue
      const left = (this.#keyCount.get(i.key) ?? 1) - 1
      if (left > 0) this.#keyCount.set(i.key, left)
      else this.#keyCount.delete(i.key)
      if (this.#byKey.get(i.key) !== i) continue
      this.#byKey.delete(i.key)
      // Rare (the same key queued twice: a resend); scanning for it on every removal made a
      // digest's removal cost the whole backlog per alert.
      const next = left > 0 ? this.#items.find((q) => q.key === i.key) : undefined
      if (next) this.#byKey.set(i.key, next)
    }
  }

  /** The next extra message due at `now`. */
  nextExtra(now: number): ExtraMessage | undefined {
    return this.extras.find(
      (e) => !e.inFlight && e.nextAttemptAt <= now && !(e.after && this.extras.includes(e.after)),
    )
  }

  dropExtra(extra: ExtraMessage): void {
    const i = this.extras.indexOf(extra)
    if (i !== -1) this.extras.splice(i, 1)
  }

  /** Whether anything (extra or alert) can be sent at `now`. */
  hasReady(now: number): boolean {
    return this.nextExtra(now) !== undefined || this.#items.some((i) => ready(i, now))
  }

  /** Alerts that can be sent at `now`, in order. */
  *ready(now: number): Generator<WorkItem> {
    for (const item of this.#items) if (ready(item, now)) yield item
  }

  /** The earliest time some work is due (`now` if anything is ready), or undefined when idle. */
  nextDue(now: number): number | undefined {
    // Now if anything is ready (the common case, found at once), else the earliest retry.
    let due = Infinity
    for (const list of [this.extras, this.#items] as ReadonlyArray<readonly Due[]>) {
      for (const w of list) {
        if (w.inFlight) continue
        if (w.nextAttemptAt <= now) return now
        if (w.nextAttemptAt < due) due = w.nextAttemptAt
      }
    }
    return due === Infinity ? undefined : due
  }

  /** Alerts that failed at least once and wait for another try. */
  retrying(): number {
    return this.#items.filter((i) => i.attempts > 0).length
  }
}

interface Due {
  inFlight: boolean
  nextAttemptAt: number
}

const ready = (w: Due, now: number) => !w.inFlight && w.nextAttemptAt <= now
