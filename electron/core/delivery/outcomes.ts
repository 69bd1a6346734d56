import { randomBytes } from 'node:crypto'
import type { SendResult, WeComBody } from '../channels/wecom'
import type { RelayEvents } from '../events'
import type { AttemptRecord, DeliveryRecord, DeliveryState, DeliveryVia } from '../history/records'
import type { HistoryStore } from '../history/store'
import { maskUrl } from '../secrets/mask'
import type { StorageHealth } from '../storage-health'

/** One delivery state for some alerts on one channel. */
export interface StateWrite {
  alertIds: readonly string[]
  channel: string
  state: DeliveryState
  /** Why it is in this state (the wait, the failure, the digest). */
  reason?: string
  via?: DeliveryVia
  /** The attempt that delivered the alerts. */
  attemptId?: string
  /** The alert they were folded into. */
  aggregatedInto?: string
  /** Repeats folded into each alert when it was sent. */
  repeats?: ReadonlyMap<string, number>
  /** When (default: now on the wall clock). */
  at?: number
  /** Throw when the history refuses the write (default: carry on; memory still has it). */
  mustStore?: boolean
}

/** One request to a robot, as the history shows it. */
export interface AttemptWrite {
  id: string
  channel: string
  robotUrl: string
  alertIds: readonly string[]
  kind: AttemptRecord['kind']
  body: WeComBody
  content: string
  result: SendResult
  retry: number
}

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

  /** Records delivery states (one write for them all), then says so. */
  async state(...writes: StateWrite[]): Promise<void> {
    const write = this.#watch(this.history.setDeliveries(writes.flatMap(deliveryRecords)), writes)
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
    await this.#watch(
      this.history.addOutcome(
        {
          id: a.id,
          at: new Date(this.now()).toISOString(),
          channel: a.channel,
          robot: maskUrl(a.robotUrl),
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
      ),
      states,
    ).catch(() => {})
    for (const w of states) this.#announce(w)
  }

  /** Reports the write's fate to the storage health, naming delivered alerts it failed to record. */
  async #watch(write: Promise<void>, states: readonly StateWrite[]): Promise<void> {
    try {
      await write
      this.storage?.succeeded('deliveries')
    } catch (err) {
      const delivered = states.filter((w) => w.state === 'delivered').flatMap((w) => w.alertIds)
      this.storage?.failed('deliveries', err, delivered)
      throw err
    }
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
  }))
}
