import { randomBytes } from 'node:crypto'
import type { SendResult, WeComBody } from '../channels/wecom/sender'
import { maskChannelUrl } from '../channels/catalog'
import type { RelayEvents } from '../events'
import type { AttemptRecord, DeliveryRecord, DeliveryState, DeliveryVia } from '../history/records'
import type { HistoryStore } from '../history/history-store'
import type { StorageHealth } from '../storage-health'
import type { CoreText } from '../text/core-text'

/** One delivery state for some alerts on one channel. */
export interface StateWrite {
  alertIds: readonly string[]
  channel: string
  state: DeliveryState
  /** Why it is in this state (the wait, the failure, the digest). */
  reason?: CoreText
  via?: DeliveryVia
  /** The attempt that delivered the alerts. */
  attemptId?: string
  /** The alert they were folded into. */
  aggregatedInto?: string
  /** Repeats folded into each alert when it was sent. */
  repeats?: ReadonlyMap<string, number>
  /** When each alert resent by hand was resent: kept on every record of that resend's delivery. */
  resends?: ReadonlyMap<string, string>
  /** When (default: now on the wall clock). */
  at?: number
  /** Throw when the history refuses the write (default: carry on; memory still has it). */
  mustStore?: boolean
}

/** One request to a robot, as the history shows it. */
export interface AttemptWrite {
  id: string
  channel: string
  /** The channel's type: the robot's URL is masked through it. */
  type?: string
  robotUrl: string
  alertIds: readonly string[]
  kind: AttemptRecord['kind']
  body: WeComBody
  content: string
  result: SendResult
  retry: number
}

const RETRY_MS = 5_000

export const newAttemptId = () => `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`

/**
 * The one way the engine writes what happened: delivery states (pending with the reason for the
 * wait, or final), alone or with the attempt that settled them, go to the history in one shape
 * and are announced on the event bus from here.
 */
export class OutcomeRecorder {
  constructor(
    private readonly history: HistoryStore,
    private readonly events: RelayEvents,
    private readonly now: () => number,
    private readonly storage?: StorageHealth,
  ) {}

  /** Writes the disk refused, oldest first: retried in order, so no state overtakes an older one. */
  readonly #unsaved: Array<{ run: () => Promise<void>; delivered: string[] }> = []
  #flushing?: Promise<boolean>
  #retryTimer?: NodeJS.Timeout

  /** Records delivery states (one write for them all), then says so. */
  async state(...writes: StateWrite[]): Promise<void> {
    const records = writes.flatMap(deliveryRecords)
    const write = this.#watch(() => this.history.setDeliveries(records), writes)
    if (writes.some((w) => w.mustStore)) await write
    else await write.catch(() => {})
    for (const w of writes) this.#announce(w)
  }

  /**
   * Records one request to a robot (the URL masked) with the states it settled, in one write, then
   * announces the states.
   */
  async outcome(a: AttemptWrite, states: readonly StateWrite[] = []): Promise<void> {
    const r = a.result
    const attempt = () =>
      this.history.addOutcome(
        {
          id: a.id,
          at: new Date(this.now()).toISOString(),
          channel: a.channel,
          robot: maskChannelUrl(a.type, a.robotUrl),
          alertIds: [...a.alertIds],
          kind: a.kind,
          msgtype: a.body.msgtype,
          content: a.content,
          bytes: Buffer.byteLength(a.content),
          httpStatus: r.httpStatus,
          errcode: r.errcode,
          errmsg: r.errmsg,
          latencyMs: r.latencyMs,
          outcome: r.outcome,
          explanation: r.explanation,
          fix: r.fix || undefined,
          retry: a.retry,
        },
        states.flatMap(deliveryRecords),
      )
    await this.#watch(attempt, states).catch(() => {})
    for (const w of states) this.#announce(w)
  }

  /**
   * Runs a write, reporting its fate to the storage health. A refused write is kept and retried
   * (every 5 s, before any newer write, and at stop): once the disk has room again, the history
   * catches up, and a clean restart does not send again what was delivered meanwhile.
   */
  async #watch(run: () => Promise<void>, states: readonly StateWrite[]): Promise<void> {
    const delivered = states.filter((w) => w.state === 'delivered').flatMap((w) => w.alertIds)
    if (this.#unsaved.length) {
      this.#unsaved.push({ run, delivered: [...delivered] })
      this.storage?.failed('deliveries', this.#lastError, delivered)
      if (!(await this.flush())) throw this.#lastError
      return
    }
    try {
      await run()
      this.storage?.succeeded('deliveries')
    } catch (err) {
      this.#lastError = err
      this.#unsaved.push({ run, delivered: [...delivered] })
      this.storage?.failed('deliveries', err, delivered)
      this.#scheduleRetry()
      throw err
    }
  }

  #lastError: unknown

  /** Writes what the disk refused, in order; true once everything is recorded. */
  flush(): Promise<boolean> {
    this.#flushing ??= (async () => {
      try {
        while (this.#unsaved.length) {
          try {
            await this.#unsaved[0]!.run()
          } catch (err) {
            this.#lastError = err
            this.#scheduleRetry()
            return false
          }
          this.#unsaved.shift()
        }
        this.storage?.succeeded('deliveries')
        this.storage?.recorded()
        return true
      } finally {
        this.#flushing = undefined
      }
    })()
    return this.#flushing
  }

  /** Stops retrying on a timer (the engine flushes once more as it stops). */
  close(): void {
    clearTimeout(this.#retryTimer)
  }

  #scheduleRetry(): void {
    clearTimeout(this.#retryTimer)
    this.#retryTimer = setTimeout(() => void this.flush(), RETRY_MS)
    this.#retryTimer.unref()
  }

  #announce(w: StateWrite): void {
    this.events.publish({
      type: 'delivery',
      alertIds: [...w.alertIds],
      channel: w.channel,
      state: w.state,
      // A delivery is announced by its attempt; the digest note is for the history.
      ...(w.state === 'delivered' ? { attemptId: w.attemptId } : { reason: w.reason }),
    })
  }
}

/** The history records of one state write: the one shape every delivery state is stored in. */
function deliveryRecords(w: StateWrite): Array<Omit<DeliveryRecord, 't'>> {
  const at = new Date(w.at ?? Date.now()).toISOString()
  const via = w.via ?? (w.state === 'aggregated' ? ('aggregated' as const) : undefined)
  return w.alertIds.map((alertId) => ({
    alertId,
    channel: w.channel,
    state: w.state,
    at,
    reason: w.reason,
    via,
    attemptId: w.attemptId,
    aggregatedInto: w.aggregatedInto,
    repeats: w.repeats?.get(alertId) || undefined,
    resentAt: w.resends?.get(alertId),
  }))
}
