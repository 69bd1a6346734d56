import { takeSenderPart, type Alert, type AlertSource } from '../alerts/model'
import { levelRank } from '../alerts/levels'

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

const isoOf = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString())

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

/** Alerts encoded between two turns of the event loop while saving (about 5 ms). */
const ENCODE_SLICE = 1000
const OPEN = Buffer.from('[')
const CLOSE = Buffer.from(']')

export interface ActiveOptions {
  now?: () => number
  /** Per-source expiry overrides (ms); sources not listed get a day. */
  expiryMs?: Partial<Record<AlertSource, number>>
}

/**
 * The set of alerts firing now, by identity: firing until a resolve arrives, the sender's `endsAt`
 * passes, or the per-source expiry runs out. Pure state: the caller persists `toJSON()` and
 * schedules one timer at `nextExpiry()` (no polling).
 */
export class ActiveAlerts {
  readonly #byId = new Map<string, ActiveAlert>()
  /** Identity → the sooner of its expiry and its acknowledgement's end (ms). */
  readonly #ends = new Map<string, number>()
  /** The soonest of `#ends`; null: to be recomputed. */
  #soonest: number | undefined | null = null
  readonly #now: () => number
  readonly #expiry: Record<string, number>

  constructor(opts: ActiveOptions = {}, saved?: unknown) {
    this.#now = opts.now ?? Date.now
    this.#expiry = { ...DEFAULT_EXPIRY_MS, ...opts.expiryMs }
    if (Array.isArray(saved)) {
      for (const a of saved as ActiveAlert[]) {
        if (a && typeof a.identity === 'string' && typeof a.expiresAt === 'string')
          this.#put(a.identity, a)
      }
    }
  }

  /** Folds one received alert into the set. */
  observe(alert: Alert, channels: readonly string[] = []): Observation {
    const identity = alert.fingerprint
    const existing = this.#byId.get(identity)
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
    const next: ActiveAlert = {
      identity,
      alertId: alert.id,
      name: v.alarm_name || alert.labels.alertname || '',
      level: v.alarm_level || '',
      target: v.alarm_target || '',
      source: alert.source,
      labels: { ...alert.labels },
      since: existing?.since ?? isoOf(instant(raw().startsAt)) ?? alert.receivedAt,
      lastSeen: alert.receivedAt,
      count: (existing?.count ?? 0) + 1,
      channels: [...new Set([...(existing?.channels ?? []), ...channels])],
      expiresAt,
      ...(existing?.ack ? { ack: existing.ack } : {}),
    }
    this.#put(identity, next)
    return existing ? 'repeat' : 'new'
  }

  /** Drops what has expired (and acknowledgements past their end); returns the expired alerts. */
  expire(now = this.#now()): ActiveAlert[] {
    const gone: ActiveAlert[] = []
    for (const [id, a] of this.#byId) {
      if (Date.parse(a.expiresAt) <= now) {
        this.#drop(id)
        gone.push(a)
      } else if (a.ack?.until && Date.parse(a.ack.until) <= now) {
        this.#put(id, { ...a, ack: undefined })
      }
    }
    return gone
  }

  /** When the next alert or acknowledgement runs out, for one timer. */
  nextExpiry(): number | undefined {
    if (this.#soonest === null) {
      let next: number | undefined
      for (const t of this.#ends.values()) if (next === undefined || t < next) next = t
      this.#soonest = next
    }
    return this.#soonest
  }

  /**
   * Every write goes through here, keeping each identity's end as a number and the soonest end
   * cached: the firing set can hold thousands of alerts, and ingest asks for the soonest end on
   * every request (re-parsing every date each time made ingest quadratic).
   */
  #put(identity: string, a: ActiveAlert): void {
    this.#byId.set(identity, a)
    const expires = Date.parse(a.expiresAt)
    const until = a.ack?.until ? Date.parse(a.ack.until) : Infinity
    const end = Math.min(expires, until)
    const before = this.#ends.get(identity)
    this.#ends.set(identity, end)
    // The soonest alert ending later makes the cache recompute once; an earlier end folds in.
    if (this.#soonest === null) return
    if (before !== undefined && before === this.#soonest && end > before) this.#soonest = null
    else if (this.#soonest === undefined || end < this.#soonest) this.#soonest = end
  }

  #drop(identity: string): void {
    this.#byId.delete(identity)
    const before = this.#ends.get(identity)
    this.#ends.delete(identity)
    if (before !== undefined && before === this.#soonest) this.#soonest = null
  }

  get(identity: string): ActiveAlert | undefined {
    return this.#byId.get(identity)
  }

  get size(): number {
    return this.#byId.size
  }

  /** Most severe first, then longest firing. */
  list(): ActiveAlert[] {
    return [...this.#byId.values()].sort(
      (a, b) => levelRank(a.level) - levelRank(b.level) || a.since.localeCompare(b.since),
    )
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
    const out: Record<string, number> = {}
    for (const a of this.#byId.values()) out[a.level] = (out[a.level] ?? 0) + 1
    return out
  }

  /** Marks firing alerts acknowledged; returns the ones it found. */
  acknowledge(identities: readonly string[], ack: Acknowledgement): ActiveAlert[] {
    const done: ActiveAlert[] = []
    for (const id of identities) {
      const a = this.#byId.get(id)
      if (!a) continue
      const next = { ...a, ack }
      this.#put(id, next)
      done.push(next)
    }
    return done
  }

  unacknowledge(identities: readonly string[]): void {
    for (const id of identities) {
      const a = this.#byId.get(id)
      if (a?.ack) this.#put(id, { ...a, ack: undefined })
    }
  }

  /** True when repeats of this identity are to be held (acknowledged, and not past the ack's end). */
  isAcknowledged(identity: string, now = this.#now()): boolean {
    const ack = this.#byId.get(identity)?.ack
    return !!ack && (!ack.until || Date.parse(ack.until) > now)
  }

  toJSON(): ActiveAlert[] {
    return [...this.#byId.values()]
  }

  /**
   * `JSON.stringify(toJSON())` as UTF-8 pieces of a thousand alerts, for saving, made a slice at a
   * time so the listener keeps the event loop in between. The set is taken as it is now (alerts are
   * replaced, never edited, so the objects can be read later). Nothing is cached between saves: a
   * copy of each alert's JSON kept for the next save cost more memory than the alerts (87 MiB at
   * 100,000 firing), and encoding them again costs about 3 µs each, at most once per write, which
   * the state file spaces out by the file's size.
   */
  async encode(): Promise<Buffer[]> {
    const alerts = [...this.#byId.values()]
    const parts: Buffer[] = [OPEN]
    for (let i = 0; i < alerts.length; i += ENCODE_SLICE) {
      if (i) await new Promise((r) => setImmediate(r))
      const text = alerts
        .slice(i, i + ENCODE_SLICE)
        .map((a) => JSON.stringify(a))
        .join(',')
      parts.push(Buffer.from(i ? `,${text}` : text))
    }
    parts.push(CLOSE)
    return parts
  }
}
