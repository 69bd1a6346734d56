import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import type Database from 'better-sqlite3'

import type { Alert, AlertSource } from '../alerts/model'
import { ActiveAlerts, type Acknowledgement, type Observation } from './active'
import { KEEP_EXPIRED_MS, Mutes, type Mute, type NewMute } from './mutes'
import { StateFile } from './oncall-state-file'
import { openFiringDb } from './firing-db'
import { walCheckpoints, type WatchedLog } from '../files/wal-checkpoints'
import { writeFileAtomicSync } from '../files/atomic-write'

/** What the relay does with one routed alert, given the on-call state. */
export type Hold =
  | { kind: 'send' }
  /** Matched an active mute: stored, not sent. */
  | { kind: 'muted'; muteId: string }
  /** A repeat of an acknowledged alert on a channel that holds repeats. */
  | { kind: 'acknowledged'; by: string }

export interface OnCallOptions {
  /** `<dataDir>/oncall.json` (mutes, silences, acknowledgements); the firing set is `firing.db` beside it. */
  file: string
  now?: () => number
  expiryMs?: Partial<Record<AlertSource, number>>
  /** Told whenever the firing set or the mutes change (the tray, the window). */
  onChange?: () => void
  /** How long to gather changes before one write (firing state is advisory; mutes are written at once). */
  saveDelayMs?: number
  /** A write that failed (full disk, lost folder): logged by default; the next change retries. */
  onWriteError?: (err: Error) => void
  /** A write succeeded after one failed. */
  onWritten?: () => void
}

/** A silence created in an Alertmanager from the relay, kept so it can be expired from here. */
export interface UpstreamSilence {
  id: string
  link: string
  /** The Alertmanager's base URL (credentials never stored here). */
  url: string
  alertId: string
  identity: string
  name: string
  comment: string
  createdBy: string
  createdAt: string
  endsAt: string
  expiredAt?: string
}

interface Saved {
  /** 1: the firing set was in this file too (`active`); 2: it is in `firing.db`. */
  version: 1 | 2
  active?: unknown
  acks?: unknown
  mutes: unknown
  silences?: unknown
}

/**
 * The on-call state: what is firing now, who acknowledged what, and the local mutes. The firing
 * set is a SQLite table (`firing.db`, written as alerts arrive: a storm's set is never held in
 * memory nor rewritten whole); the mutes, silences and acknowledgements are one small JSON file
 * replaced atomically, written off the event loop, at once for a person's change and at most once
 * per `saveDelayMs` otherwise. One timer, set to the next expiry, instead of polling.
 */
export class OnCall {
  readonly active: ActiveAlerts
  readonly mutes: Mutes
  readonly #o: OnCallOptions
  readonly #now: () => number
  readonly #file: StateFile
  #expiryTimer: NodeJS.Timeout | undefined
  /** When the armed timer fires (ms). */
  #armedFor: number | undefined
  #stopped = false
  #silences: UpstreamSilence[]
  readonly #db: Database.Database
  /** The log's checkpoints, on their own thread (`wal-checkpoints.ts`). */
  readonly #log: WatchedLog

  constructor(o: OnCallOptions) {
    this.#o = o
    this.#now = o.now ?? Date.now
    const saved = readSaved(o.file)
    mkdirSync(dirname(o.file), { recursive: true })
    const dbFile = join(dirname(o.file), 'firing.db')
    this.#db = openFiringDb(dbFile)
    this.#log = walCheckpoints.watch(this.#db)
    this.active = new ActiveAlerts(
      { now: this.#now, expiryMs: o.expiryMs, db: this.#db, onWrite: this.#log.written },
      saved?.acks,
    )
    this.mutes = new Mutes(this.#now, saved?.mutes)
    this.#silences = Array.isArray(saved?.silences)
      ? (saved.silences as UpstreamSilence[]).filter((x) => x && typeof x.id === 'string')
      : []
    this.#file = new StateFile({
      file: o.file,
      delayMs: o.saveDelayMs,
      onError: o.onWriteError,
      onWritten: o.onWritten,
      serialize: () => this.#text(),
    })
    if (saved?.version === 1) this.#migrate(saved, dbFile)
    this.active.expire()
    this.#schedule()
  }

  /** The JSON file's text: everything but the firing set. */
  #text(): string {
    return JSON.stringify({
      version: 2,
      acks: this.active.acks(),
      mutes: this.mutes.toJSON(),
      silences: this.#silences,
    })
  }

  /**
   * Moves the firing set of an `oncall.json` written by an earlier version into the database,
   * then rewrites the file without it, at once and synced: a crash in between imports it again
   * (the same rows), never half of it. Said once in the log.
   */
  #migrate(saved: Saved, dbFile: string): void {
    const n = this.active.import(saved.active)
    try {
      writeFileAtomicSync(this.#o.file, this.#text())
    } catch (err) {
      // Written again by the usual save, which says so while the disk refuses.
      this.#o.onWriteError?.(err as Error)
      this.#file.changed(true)
    }
    console.log(
      `oncall: moved ${n} firing alert(s) from ${this.#o.file} into ${dbFile}; the file now keeps the mutes, silences and acknowledgements.`,
    )
  }

  /** Writes done so far (coalesced; the measurement script reads it). */
  get writes(): number {
    return this.#file.writes
  }

  /** Resolves once every change so far is on disk (the API waits on it for mutes and silences). */
  flush(): Promise<void> {
    return this.#file.flush()
  }

  /** Folds received alerts into the firing set; says per alert id what each did to it. */
  observe(
    alerts: ReadonlyArray<{ alert: Alert; targets: readonly string[] }>,
  ): Map<string, Observation> {
    const seen = new Map<string, Observation>()
    try {
      this.active.batch(() => {
        for (const { alert, targets } of alerts)
          seen.set(alert.id, this.active.observe(alert, targets))
      })
    } catch (err) {
      // The disk refused the firing set (full, gone): these alerts are stored and delivered all
      // the same; the Now page misses them until they repeat. Said like a refused state file.
      seen.clear()
      this.#o.onWriteError?.(err as Error)
    }
    if (alerts.length) this.#changed(false)
    return seen
  }

  /**
   * Whether an alert goes out on a channel now: not while a mute matches it, nor when it repeats an
   * acknowledged alert on a channel that holds such repeats (`holdAcknowledged`).
   */
  hold(alert: Alert, holdAcknowledged: boolean, now = this.#now()): Hold {
    const mute = this.mutes.match(alert, now)
    if (mute) return { kind: 'muted', muteId: mute.id }
    if (holdAcknowledged && alert.status === 'firing') {
      const a = this.active.get(alert.fingerprint)
      if (a?.ack && this.active.isAcknowledged(alert.fingerprint, now))
        return { kind: 'acknowledged', by: a.ack.by }
    }
    return { kind: 'send' }
  }

  /**
   * Whether `hold` could hold an alert known only by its identity and status: an active mute
   * (which matches on its labels) or an acknowledgement of that identity. False means `hold`
   * would say send, so the alert need not be read whole to ask it.
   */
  mayHold(identity: string, status: string, holdAcknowledged: boolean, now = this.#now()): boolean {
    if (this.mutes.anyActive(now)) return true
    return holdAcknowledged && status === 'firing' && this.active.isAcknowledged(identity, now)
  }

  acknowledge(
    identities: readonly string[],
    by: string,
    note?: string,
    forMs?: number,
  ): Acknowledgement | undefined {
    const now = this.#now()
    const ack: Acknowledgement = {
      by: by.trim() || 'local user',
      at: new Date(now).toISOString(),
      ...(note?.trim() ? { note: note.trim() } : {}),
      ...(forMs ? { until: new Date(now + forMs).toISOString() } : {}),
    }
    const done = this.active.acknowledge(identities, ack)
    if (!done.length) return undefined
    // Written at once, like a mute: an acknowledgement lost at a restart pages again.
    this.#changed(true)
    return ack
  }

  unacknowledge(identities: readonly string[]): void {
    this.active.unacknowledge(identities)
    this.#changed(true)
  }

  /** Adds a mute and writes it at once: a mute that vanished on restart would wake someone up. */
  createMute(input: NewMute): Mute {
    const mute = this.mutes.create(input)
    this.#changed(true)
    return mute
  }

  expireMute(id: string): boolean {
    const done = this.mutes.expire(id)
    if (done) this.#changed(true)
    return done
  }

  /** Silences made upstream from here: current ones first, those ended within a week after. */
  silences(now = this.#now()): Array<UpstreamSilence & { state: 'active' | 'expired' }> {
    const end = (x: UpstreamSilence) => Date.parse(x.expiredAt ?? x.endsAt)
    this.#silences = this.#silences.filter((x) => end(x) > now - KEEP_EXPIRED_MS)
    return this.#silences
      .map((x) => ({ ...x, state: end(x) > now ? ('active' as const) : ('expired' as const) }))
      .sort(
        (a, b) => Number(a.state === 'expired') - Number(b.state === 'expired') || end(a) - end(b),
      )
  }

  addSilence(silence: UpstreamSilence): void {
    this.#silences.push(silence)
    this.#changed(true)
  }

  silence(id: string): UpstreamSilence | undefined {
    return this.#silences.find((x) => x.id === id)
  }

  markSilenceExpired(id: string): void {
    const x = this.silence(id)
    if (!x) return
    x.expiredAt = new Date(this.#now()).toISOString()
    this.#changed(true)
  }

  /** Stops the timers and writes what is pending. */
  async stop(): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#expiryTimer)
    await this.#file.close()
    await this.#log.close()
    this.#db.close()
  }

  #changed(urgent: boolean): void {
    this.#o.onChange?.()
    this.#schedule()
    if (!this.#stopped) this.#file.changed(urgent)
  }

  /**
   * One timer at the next expiry of an alert, an acknowledgement or a mute. Ingest calls this on
   * every request: the timer is only re-armed when that time changed.
   */
  #schedule(): void {
    if (this.#stopped) return
    const now = this.#now()
    const times = [this.active.nextExpiry(), this.mutes.nextChange(now)].filter(
      (t): t is number => t !== undefined,
    )
    const at = times.length ? Math.min(...times) : undefined
    if (at === this.#armedFor && (at === undefined || this.#expiryTimer)) return
    clearTimeout(this.#expiryTimer)
    this.#expiryTimer = undefined
    this.#armedFor = at
    if (at === undefined) return
    // setTimeout's limit is 2^31-1 ms (~24.8 days); a later expiry re-arms on the way.
    const delay = Math.min(Math.max(0, at - now), 2 ** 31 - 1)
    this.#expiryTimer = setTimeout(() => {
      this.#expiryTimer = undefined
      this.#armedFor = undefined
      const gone = this.active.expire()
      if (gone.length) this.#changed(false)
      else {
        this.#o.onChange?.()
        this.#schedule()
      }
    }, delay)
    this.#expiryTimer.unref()
  }
}

function readSaved(file: string): Saved | undefined {
  if (!existsSync(file)) return undefined
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Saved
    return saved && (saved.version === 1 || saved.version === 2) ? saved : undefined
  } catch {
    // A damaged state file loses the firing list (it rebuilds as alerts repeat) but never blocks
    // the relay; mutes are lost too, which is why they are written at once.
    return undefined
  }
}
