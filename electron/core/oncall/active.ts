import type Database from 'better-sqlite3'
import { takeSenderPart, type Alert, type AlertSource } from '../alerts/model'
import { levelRank } from '../alerts/levels'
import { parseInstant } from '../time/time-zone'
import { firingStatements, openFiringDb, type FiringStatements } from './firing-db'

/** Who acknowledged a firing alert, when, why, and until when repeats are held. */
export interface Acknowledgement {
  by: string
  at: string
  note?: string
  /** ISO time; absent: until the alert resolves. */
  until?: string
}

/** One alert identity that is firing now. */
export interface ActiveAlert {
  /** The sender's fingerprint, or the relay's hash of name, target and labels. */
  identity: string
  /** The latest alert received for this identity (History's id). */
  alertId: string
  name: string
  level: string
  target: string
  source: AlertSource
  labels: Record<string, string>
  /** When it started firing: the sender's start time when it gave one, else first arrival. */
  since: string
  lastSeen: string
  /** How many firing notifications arrived for it. */
  count: number
  /** Channels it was routed to. */
  channels: string[]
  /** ISO time after which it counts as over although no resolve came. */
  expiresAt: string
  ack?: Acknowledgement
}

export interface ActiveGroup {
  key: string
  level: string
  alerts: ActiveAlert[]
  acknowledged: boolean
}

/** What one observed alert did to the firing set. */
export type Observation = 'new' | 'repeat' | 'resolved' | 'unknown-resolve'

/**
 * How long an alert counts as firing after its last notification when the sender gave no end.
 * Alertmanager and Grafana re-send firing alerts (Alertmanager's repeat_interval defaults to 4 h),
 * so a missing repeat for longer than that means the sender has forgotten the alert. Senders
 * without resolves (plain text, many scripts) get a day.
 */
const DAY = 24 * 3_600_000
export const DEFAULT_EXPIRY_MS: Readonly<Record<string, number>> = {
  alertmanager: 6 * 3_600_000,
  grafana: 6 * 3_600_000,
}

/** A real sender time (`0001-…` is Alertmanager's "none"), as epoch ms. */
function instant(v: unknown): number | undefined {
  if (typeof v !== 'string' || v.startsWith('0001-')) return undefined
  const t = Date.parse(v)
  return Number.isFinite(t) ? t : undefined
}

/**
 * When the sender says the alert began (any reader's `alarm_active_raw`, else Alertmanager's
 * `startsAt`), never later than its arrival (a sender's clock may run ahead); else its arrival.
 */
function senderStart(alert: Alert, raw: () => { startsAt?: unknown }): string {
  const arrived = Date.parse(alert.receivedAt)
  const said = parseInstant(alert.vars.alarm_active_raw) ?? instant(raw().startsAt)
  return said !== undefined && said <= arrived ? new Date(said).toISOString() : alert.receivedAt
}

/**
 * The alert's raw part as the sender sent it, read at most once per observed alert. The adapter's
 * object is taken at once, whatever the alert turns out to need, so that none is left behind.
 */
function rawOnce(alert: Alert): () => { startsAt?: unknown; endsAt?: unknown } {
  let raw = takeSenderPart(alert) as { startsAt?: unknown; endsAt?: unknown } | undefined
  return () => {
    if (raw !== null && typeof raw === 'object') return raw
    try {
      raw = (JSON.parse(alert.raw) as typeof raw) ?? {}
    } catch {
      raw = {}
    }
    return typeof raw === 'object' && raw !== null ? raw : (raw = {})
  }
}

export interface ActiveOptions {
  now?: () => number
  /** Per-source expiry overrides (ms); sources not listed get a day. */
  expiryMs?: Partial<Record<AlertSource, number>>
  /** The firing set's database (`firing-db.ts`); default: one in memory. */
  db?: Database.Database
  /** Told of each row written (the log's checkpoint thread starts on it). */
  onWrite?: () => void
}

/** An alert of the set as stored: its acknowledgement is kept apart (see `acks`). */
type Stored = Omit<ActiveAlert, 'ack'>

/**
 * The set of alerts firing now, by identity: firing until a resolve arrives, the sender's `endsAt`
 * passes, or the per-source expiry runs out. The alerts live in a SQLite table, one row each
 * (`firing-db.ts`), written as they change: a storm's 100,000 firing alerts cost no memory and
 * no whole-file rewrite, and a start reads nothing. Acknowledgements are few and must outlive a
 * crash at once: they are kept here in memory and persisted by the caller with the mutes
 * (`acks()`). The caller schedules one timer at `nextExpiry()` (no polling).
 */
export class ActiveAlerts {
  readonly #acks = new Map<string, Acknowledgement>()
  readonly #now: () => number
  readonly #expiry: Record<string, number>
  readonly #db: Database.Database
  readonly #onWrite: () => void
  readonly #q: FiringStatements<Stored>
  #size: number

  constructor(opts: ActiveOptions = {}, savedAcks?: unknown) {
    this.#now = opts.now ?? Date.now
    this.#expiry = { ...DEFAULT_EXPIRY_MS, ...opts.expiryMs }
    this.#db = opts.db ?? openFiringDb(':memory:')
    this.#onWrite = opts.onWrite ?? (() => {})
    this.#q = firingStatements<Stored>(this.#db)
    this.#size = this.#q.count()
    if (savedAcks && typeof savedAcks === 'object')
      for (const [id, ack] of Object.entries(savedAcks as Record<string, Acknowledgement>))
        if (ack && typeof ack.by === 'string' && this.#q.has(id)) this.#acks.set(id, ack)
  }

  /**
   * Takes the alerts of an `oncall.json` written before the set moved to the database (each with
   * its acknowledgement), replacing any of the same identity. Returns how many it took.
   */
  import(saved: unknown): number {
    if (!Array.isArray(saved)) return 0
    let n = 0
    this.#db.transaction(() => {
      for (const a of saved as ActiveAlert[]) {
        if (!a || typeof a.identity !== 'string' || typeof a.expiresAt !== 'string') continue
        const { ack, ...rest } = a
        this.#put(rest)
        if (ack) this.#acks.set(a.identity, ack)
        n++
      }
    })()
    return n
  }

  /** Folds one received alert into the set. */
  observe(alert: Alert, channels: readonly string[] = []): Observation {
    const identity = alert.fingerprint
    const existing = this.#q.get(identity)
    const raw = rawOnce(alert)
    if (alert.status === 'resolved') {
      if (!existing) return 'unknown-resolve'
      this.#drop(identity)
      return 'resolved'
    }
    const now = this.#now()
    // Only Alertmanager and Grafana give an end that means "over by then".
    const end =
      alert.source === 'alertmanager' || alert.source === 'grafana'
        ? instant(raw().endsAt)
        : undefined
    const expiresAt = new Date(
      end !== undefined && end > now ? end : now + (this.#expiry[alert.source] ?? DAY),
    ).toISOString()
    const v = alert.vars
    this.#put(
      {
        identity,
        alertId: alert.id,
        name: v.alarm_name || alert.labels.alertname || '',
        level: v.alarm_level || '',
        target: v.alarm_target || '',
        source: alert.source,
        labels: { ...alert.labels },
        since: existing?.since ?? senderStart(alert, raw),
        lastSeen: alert.receivedAt,
        count: (existing?.count ?? 0) + 1,
        channels: [...new Set([...(existing?.channels ?? []), ...channels])],
        expiresAt,
      },
      !existing,
    )
    return existing ? 'repeat' : 'new'
  }

  /** Runs `fn` (observing many alerts) as one write to the database. */
  batch<T>(fn: () => T): T {
    return this.#db.transaction(fn)()
  }

  /** Drops what has expired (and acknowledgements past their end); returns the expired alerts. */
  expire(now = this.#now()): ActiveAlert[] {
    const gone = this.#q.endedBy(now).map((a) => this.#withAck(a))
    if (gone.length)
      this.#db.transaction(() => {
        for (const a of gone) this.#drop(a.identity)
      })()
    for (const [id, ack] of this.#acks)
      if (ack.until && Date.parse(ack.until) <= now) this.#acks.delete(id)
    return gone
  }

  /** When the next alert or acknowledgement runs out, for one timer. */
  nextExpiry(): number | undefined {
    let next = this.#q.soonestEnd()
    for (const ack of this.#acks.values()) {
      const until = ack.until ? Date.parse(ack.until) : Infinity
      if (next === undefined || until < next) next = until
    }
    return next === Infinity ? undefined : next
  }

  #put(a: Stored, isNew?: boolean): void {
    this.#onWrite()
    if (this.#q.put(a, levelRank(a.level), isNew)) this.#size++
  }

  #drop(identity: string): void {
    this.#onWrite()
    if (this.#q.drop(identity)) this.#size--
    this.#acks.delete(identity)
  }

  #withAck(a: Stored): ActiveAlert {
    const ack = this.#acks.get(a.identity)
    return ack ? { ...a, ack } : a
  }

  get(identity: string): ActiveAlert | undefined {
    const a = this.#q.get(identity)
    return a && this.#withAck(a)
  }

  get size(): number {
    return this.#size
  }

  /** Most severe first, then longest firing (then first seen). */
  list(): ActiveAlert[] {
    return this.#q.ordered().map((a) => this.#withAck(a))
  }

  /** Groups by name or by a label (`labels.team`); groups sorted by their most severe member. */
  groups(by = 'name'): ActiveGroup[] {
    const groups = new Map<string, ActiveAlert[]>()
    for (const a of this.list()) {
      const key = by === 'name' ? a.name : (a.labels[by.replace(/^labels\./, '')] ?? '')
      const list = groups.get(key)
      if (list) list.push(a)
      else groups.set(key, [a])
    }
    return [...groups].map(([key, alerts]) => ({
      key,
      level: alerts[0]!.level,
      alerts,
      acknowledged: alerts.every((a) => a.ack),
    }))
  }

  /** Firing alerts per level, for the tray badge. */
  countByLevel(): Record<string, number> {
    return this.#q.countByLevel()
  }

  /** Marks firing alerts acknowledged; returns the ones it found. */
  acknowledge(identities: readonly string[], ack: Acknowledgement): ActiveAlert[] {
    const done: ActiveAlert[] = []
    for (const id of identities) {
      const a = this.#q.get(id)
      if (!a) continue
      this.#acks.set(id, ack)
      done.push({ ...a, ack })
    }
    return done
  }

  unacknowledge(identities: readonly string[]): void {
    for (const id of identities) this.#acks.delete(id)
  }

  /** True when repeats of this identity are to be held (acknowledged, and not past the ack's end). */
  isAcknowledged(identity: string, now = this.#now()): boolean {
    const ack = this.#acks.get(identity)
    return !!ack && (!ack.until || Date.parse(ack.until) > now)
  }

  /** The acknowledgements by identity, for the caller to persist (few: one per acknowledged alert). */
  acks(): Record<string, Acknowledgement> {
    return Object.fromEntries(this.#acks)
  }

  /** Every alert, in the order first seen. */
  toJSON(): ActiveAlert[] {
    return this.#q.all().map((a) => this.#withAck(a))
  }
}
