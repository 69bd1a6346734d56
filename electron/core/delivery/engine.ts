// The delivery engine: the one owner of the channel runtimes' private state (queues, the pump's
// timers, the stop and recovery flags, hands-on resends), and what touches that state: intake of
// each alert on each channel, the pump's loop, start and stop. The work itself lives beside it:
// one step of the pump (`dispatch.ts`), the runtimes' sync with the settings
// (`channel-runtimes.ts`), recovery at start, the outbox window, deleted channels, storms, shared
// robots, retries, outcomes.
import type { StorageHealth } from '../storage-health'
import { buildMessages, type WeComSender } from '../channels/wecom/sender'
import type { Alert } from '../alerts/model'
import type { RelayEvents } from '../events'
import type { HistoryEntry } from '../history/records'
import type { HistoryStore } from '../history/history-store'
import type { Channel } from '../settings/schema'
import { createChannelSenders, type ChannelSenders } from '../channels/registry'
import type { SettingsStore } from '../settings/settings-store'
import { channelStatus, queueSummary, type ChannelRuntime } from './channel'
import type { Held } from './hold'
import { intake } from './intake'
import { OutcomeRecorder } from './outcomes'
import { Pause } from './pause'
import { StoredEntry, type AlertBrief, type QueuedEntry } from './queue'
import { resendTime } from './resend'
import { resolveTimeZone } from '../time/time-zone'
import { budgetsState } from './robots'
import { firstInLine, sharing } from './shared-robots'
import type { SendContext } from './send'
import { dispatch, nextWake, type DispatchContext } from './dispatch'
import { DeletedChannels } from './deleted-channels'
import { DeliveryStateWriter, readDeliveryState, type DeliveryState } from './delivery-state-file'
import type { ChannelStatus, DeliveryStatus } from './status'
import { stormArrived, stormClose, stormPagedIn } from './storm'
import { resolveTuning, type DeliveryTuning } from './tuning'
import { channelUsable } from './usable'
import { OUTBOX_WINDOW, OutboxWindow } from './outbox-window'
import { ChannelRuntimes } from './channel-runtimes'
import { readOutbox, rebuildWindows } from './recovery'
import { say } from '../text/core-text'

export interface EngineOptions extends DeliveryTuning {
  history: HistoryStore
  settings: SettingsStore
  events: RelayEvents
  sender: WeComSender
  /**
   * The senders of every channel type (default: created here, WeCom's robots sent by `sender`, the
   * others sharing one set of connection pools apart from it).
   */
  senders?: ChannelSenders
  /** Where robot send times and the pause are kept across restarts. */
  statePath: string
  /** Told when the data folder refuses a write; read back into the status. */
  storage?: StorageHealth
  /**
   * Asked before an alert is queued and again before it is sent: a mute or an acknowledgement
   * may hold it back for good (its final state, with the reason).
   */
  hold?: (alert: Alert, channel: Channel) => Held | undefined
  /**
   * Whether anything could hold this alert on this channel (an active mute, its acknowledgement),
   * judged on the queue's brief of it: when not, an alert recovered from the outbox is not read
   * whole just to ask `hold`. Absent: `hold` is always asked.
   */
  mayHold?: (brief: AlertBrief, channel: Channel) => boolean
  /**
   * Alerts per channel held in memory while more wait in the outbox, read from disk as the queue
   * drains (default `OUTBOX_WINDOW`, 2,000).
   */
  outboxWindow?: number
}

/**
 * Delivers alerts to their channels' robots: never over a robot's limit, never losing an alert.
 * One queue per channel (`queue.ts`); a pool of robots per channel, each with a sliding-window
 * budget (`robots.ts`); repeats folded by aggregation; a backlog merged into digest messages;
 * hourly and daily caps that summarise what they hold back (`caps.ts`); errcode-aware retries
 * (`retry.ts`); every outcome written one way (`outcomes.ts`). The history is the outbox: what is
 * still pending there after a restart is sent again, in order.
 */
export class DeliveryEngine {
  /** The runtimes by channel, in step with the settings (pools, shared robots, pruning). */
  readonly #channels: ChannelRuntimes
  readonly #inFlight = new Set<Promise<void>>()
  readonly #tuning: Required<DeliveryTuning>
  readonly #now: () => number
  readonly #record: OutcomeRecorder
  #state: DeliveryState
  readonly #stateWriter: DeliveryStateWriter
  readonly #pause: Pause
  readonly #send: SendContext
  #stopping = false
  readonly #senders: ChannelSenders
  readonly #ownSenders: boolean
  /** Alerts resent by hand: a person asked for them, so no mute holds them. */
  readonly #byHand = new Set<string>()
  /**
   * While the outbox is read at start: nothing is sent until every channel has its first window
   * and its count of what waits on disk (a storm is judged on the whole backlog).
   */
  #recovering = false
  /** Each channel's outbox beyond what its queue holds (`outbox-window.ts`). */
  readonly #outbox: OutboxWindow
  /** What a step of the pump needs (`dispatch.ts`). */
  readonly #dispatching: DispatchContext
  /** Deleted channels' runtimes while something of theirs is on the wire or on disk. */
  readonly #deleted: DeletedChannels

  constructor(private readonly o: EngineOptions) {
    this.#senders = o.senders ?? createChannelSenders(o.sender)
    this.#ownSenders = !o.senders
    this.#tuning = resolveTuning(o)
    this.#now = this.#tuning.now
    this.#channels = new ChannelRuntimes({
      settings: o.settings,
      now: this.#now,
      windowMs: this.#tuning.windowMs,
      budgets: () => this.#state.robots,
      deleted: (ch) => this.#deleted.drop(ch),
    })
    this.#record = new OutcomeRecorder(o.history, o.events, this.#now, o.storage)
    this.#outbox = new OutboxWindow({
      history: o.history,
      size: Math.max(1, o.outboxWindow ?? OUTBOX_WINDOW),
      queue: (ch, { brief, resentAt }, arrived) =>
        this.#enqueueOne(this.#stored(brief.id), ch.name, {
          recovered: !arrived,
          paged: true,
          resentAt,
          brief,
        }),
      // A grouping label the brief does not carry is read from the whole alert.
      alertOf: ({ brief }, label) => (label ? this.#stored(brief.id).alert : brief),
    })
    this.#state = readDeliveryState(o.statePath)
    // Written off the event loop and coalesced: a send used to write and rename it synchronously
    // twice, blocking every request the listener was answering.
    this.#stateWriter = new DeliveryStateWriter(
      o.statePath,
      () =>
        (this.#state = budgetsState(
          [...this.#channels.values()].map((ch) => ch.pool),
          this.#pause.until,
        )),
      {
        succeeded: () => o.storage?.succeeded('budgets'),
        // Memory still holds the budget; only a restart right now could forget it.
        failed: (err) => o.storage?.failed('budgets', err),
      },
    )
    this.#pause = new Pause(this.#state.pausedUntil, {
      now: this.#now,
      events: o.events,
      persist: () => void this.#persist(),
      resumed: () => {
        for (const ch of this.#channels.values()) this.#pump(ch)
      },
    })
    this.#send = {
      senders: this.#senders,
      now: this.#now,
      tuning: this.#tuning,
      record: this.#record,
      events: o.events,
      byHand: this.#byHand,
      persist: () => this.#persist(),
      // A send that frees a shared robot lets every channel waiting on it have its turn.
      pump: (ch) => {
        this.#pump(ch)
        for (const c of sharing(ch, this.#channels.values())) if (c.wants) this.#pump(c)
      },
    }
    this.#deleted = new DeletedChannels({
      record: this.#record,
      outbox: this.#outbox,
      events: o.events,
      stopping: () => this.#stopping,
    })
    const hold = o.hold
    this.#dispatching = {
      send: this.#send,
      record: this.#record,
      outbox: this.#outbox,
      windowMs: this.#tuning.windowMs,
      app: () => o.settings.get().app,
      track: (p) => this.#track(p),
      // A resend by hand is held by nothing: a person asked for it.
      hold:
        hold &&
        ((item, cfg) =>
          this.#byHand.has(item.brief.id) ? undefined : this.#hold(item.entry, item.brief, cfg)),
    }
    this.#channels.sync()
    o.settings.on('changed', () => {
      this.#channels.sync()
      for (const ch of this.#channels.values()) this.#pump(ch)
    })
  }

  /**
   * From the next turn of the event loop (the listener starts first), rebuilds aggregation
   * windows and cap counters from the history, then queues what is pending, up to each channel's
   * window, a channel per turn so the listener answers meanwhile (`recovery.ts`); the rest is counted and read from disk as the queue drains. Alerts
   * received meanwhile are stored as usual (a 202 is on disk) and wait behind the backlog.
   * Resolves once every channel has its window and sending has begun.
   */
  async start(): Promise<void> {
    this.#recovering = true
    const read = await readOutbox({
      outbox: this.#outbox,
      channels: [...this.#channels.values()],
      rebuild: () =>
        rebuildWindows(this.o.history, this.#channels, this.o.settings.get().channels, this.#now()),
      fill: (ch) => this.#fill(ch),
      gone: ({ brief, channel, resentAt }) =>
        this.#enqueueOne(this.#stored(brief.id), channel, { recovered: true, resentAt, brief }),
      stopping: () => this.#stopping,
    })
    if (!read) return
    this.#recovering = false
    for (const ch of this.#channels.values()) this.#pump(ch)
  }

  /** Queues freshly stored alerts on their target channels. */
  enqueue(entries: HistoryEntry[]): void {
    const touched = new Set<ChannelRuntime>()
    const now = this.#now()
    for (const entry of entries) {
      for (const channel of entry.targets) {
        const known = this.#channels.get(channel)
        // While some of the channel's backlog waits on disk, the alert waits there behind it.
        const where = known ? this.#outbox.arrived(known, entry) : 'queue'
        if (where === 'read') continue
        if (where === 'disk') {
          stormArrived(known!, this.#channels.config(channel)!, now)
          touched.add(known!)
          continue
        }
        const ch = this.#enqueueOne(entry, channel, {})
        if (ch) touched.add(ch)
      }
    }
    for (const ch of touched) {
      this.o.events.publish({
        type: 'backlog',
        channel: ch.name,
        size: ch.queue.length + ch.onDisk,
      })
      this.#pump(ch)
    }
  }

  /**
   * Sends a past alert again to the given channels, bypassing aggregation. Each resend is a new
   * delivery with its own id, named by its time as the history records it (kept on every record of
   * it, so its retries and a restart keep the id). One still waiting on a channel is sent once:
   * the resend joins it and keeps its id.
   */
  async resend(alertId: string, channels: string[]): Promise<void> {
    const entry = this.o.history.get(alertId)
    if (!entry) throw new Error(`No alert ${alertId} in the history.`)
    const resentAt = new Map(
      channels.map(
        (channel) =>
          [
            channel,
            resendTime(this.#channels.get(channel)?.queue, entry, channel, this.#now()),
          ] as const,
      ),
    )
    await this.#record.state(
      ...channels.map((channel) => {
        const at = resentAt.get(channel)
        return {
          alertIds: [alertId],
          channel,
          state: 'pending' as const,
          reason: say('reason.resent'),
          mustStore: true,
          resends: at ? new Map([[alertId, at]]) : undefined,
        }
      }),
    )
    for (const channel of channels) {
      // Pending again on disk, where the channel's outbox read has yet to reach: read in its turn.
      const known = this.#channels.get(channel)
      if (known && this.#outbox.resent(known, alertId)) continue
      const ch = this.#enqueueOne(entry, channel, {
        recovered: true,
        byHand: true,
        resentAt: resentAt.get(channel),
      })
      if (ch) this.#pump(ch)
    }
  }

  /** Queues a short text notice (who acknowledged) on a channel, ahead of its alerts. */
  notice(channel: string, content: string, alertIds: string[]): boolean {
    const ch = this.#channels.get(channel)
    if (!ch || !this.#channels.config(channel)) return false
    const [m] = buildMessages({ format: 'text', content })
    ch.queue.extras.push({
      kind: 'summary',
      body: m!.body,
      content,
      alertIds,
      attempts: 0,
      nextAttemptAt: this.#now(),
      inFlight: false,
    })
    this.#pump(ch)
    return true
  }

  /**
   * A queued entry whose alert is read from the history when asked for (composing its message,
   * asking a mute): kept while anything still holds it, read again after.
   */
  #stored(id: string): QueuedEntry {
    return new StoredEntry(id, this.o.history)
  }

  #enqueueOne(
    entry: QueuedEntry,
    channel: string,
    opts: {
      recovered?: boolean
      byHand?: boolean
      resentAt?: string
      brief?: AlertBrief
      /** Read from the outbox on disk: its arrival was noted when it was received. */
      paged?: boolean
    },
  ): ChannelRuntime | undefined {
    const ch = this.#channels.get(channel)
    const brief = opts.brief ?? entry.alert
    const alertIds = [brief.id]
    // A resend stays one after a restart: a person asked for it, so no mute holds it either.
    const byHand = opts.byHand || !!opts.resentAt
    const resends = opts.resentAt ? new Map([[brief.id, opts.resentAt]]) : undefined
    if (!ch) {
      void this.#record.state({
        alertIds,
        channel,
        resends,
        state: 'failed',
        // Read from disk for a runtime no longer kept: its channel was deleted while it waited.
        reason: opts.paged
          ? say('reason.channelDeleted', { name: channel })
          : say('reason.channelGone', { name: channel }),
      })
      return undefined
    }
    const cfg = this.#channels.config(channel)!
    // Held before intake, so a muted or acknowledged repeat is neither folded nor counted.
    const held = byHand ? undefined : this.#hold(entry, brief, cfg)
    if (held) {
      void this.#record.state({ alertIds, channel, ...held })
      return ch
    }
    if (byHand) this.#byHand.add(brief.id)
    const got = intake(ch.queue, ch.aggregator, entry, this.#now(), {
      aggregate: cfg.aggregate.enabled,
      windowSeconds: cfg.aggregate.windowSeconds,
      recovered: !!opts.recovered,
      resentAt: opts.resentAt,
      timeZone: resolveTimeZone(this.o.settings.get().app.timeZone),
      brief,
      ...(opts.paged ? { enqueuedAt: Date.parse(brief.receivedAt) || this.#now() } : {}),
    })
    if (got.kind === 'queued' && !opts.recovered && !opts.paged) stormArrived(ch, cfg, this.#now())
    if (got.kind === 'folded')
      void this.#record.state({
        alertIds,
        channel,
        state: 'aggregated',
        reason: got.reason,
        aggregatedInto: got.into,
      })
    return ch
  }

  /** What holds an alert on a channel, read whole only when something could. */
  #hold(entry: QueuedEntry, brief: AlertBrief, cfg: Channel): Held | undefined {
    if (!this.o.hold || (this.o.mayHold && !this.o.mayHold(brief, cfg))) return undefined
    return this.o.hold(entry.alert, cfg)
  }

  // ---- pause -------------------------------------------------------------------------------

  /** Stops sending (alerts are still accepted and queued) for `durationMs`, or until resumed. */
  pause(durationMs?: number): void {
    this.#pause.pause(durationMs)
  }

  resume(): void {
    this.#pause.resume()
  }

  // ---- scheduling ------------------------------------------------------------------------------

  /**
   * Reads the channel's next alerts from the outbox on disk once its queue has drained below half
   * its window; a storm under way counts them as already told. Returns how many were read.
   */
  #fill(ch: ChannelRuntime): number {
    const before = ch.queue.length
    const read = this.#outbox.fill(ch)
    const cfg = read ? this.#channels.config(ch.name) : undefined
    if (cfg) stormPagedIn(ch, cfg, ch.queue.items.slice(before))
    return read
  }

  #pump(ch: ChannelRuntime): void {
    // Stopping, what waited for a deleted channel stays pending: the next start fails it.
    if (this.#stopping || this.#recovering) return
    if (this.#deleted.has(ch)) return this.#deleted.fail(ch)
    this.#fill(ch)
    clearTimeout(ch.timer)
    ch.timer = undefined
    ch.wants = false
    const verdict = channelUsable(this.o.settings.get().channels, ch.name)
    // Before any early return: sends that settle while a channel is paused still leave windows.
    this.#channels.armPrune()
    if (!verdict.usable) return
    const cfg = verdict.channel
    const now = this.#now()
    if (this.#pause.active(now)) return
    stormClose(ch, cfg, now, this.#tuning.windowMs, this.o.settings.get().app.linkBaseUrl)
    for (const s of ch.caps.roll(now, cfg.throttle))
      queueSummary(ch, cfg, s, now, this.o.settings.get().app.timeZone)
    for (;;) {
      if (!ch.queue.hasReady(now)) break
      const robot = ch.pool.pick(now)
      if (!robot) {
        ch.wants = true
        break
      }
      // A robot shared with other channels goes to the most urgent message waiting for it.
      const first = firstInLine(ch, this.#channels.values(), robot, now)
      if (first !== ch) {
        ch.wants = true
        setImmediate(() => this.#pump(first))
        break
      }
      if (!dispatch(this.#dispatching, ch, cfg, robot, now)) break
    }
    const wake = nextWake(ch, now)
    if (wake !== undefined)
      ch.timer = setTimeout(() => this.#pump(ch), Math.max(5, wake - now)).unref()
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p)
    // A send that throws must not take the process down: log it; the items stay queued.
    void p
      .catch((err: Error) =>
        console.error(`delivery: unexpected error (${err.message}); the alerts stay queued.`),
      )
      .finally(() => this.#inFlight.delete(p))
  }

  #persist(): Promise<void> {
    return this.#stateWriter.save()
  }

  // ---- visibility --------------------------------------------------------------------------------

  status(): DeliveryStatus {
    const now = this.#now()
    const channels = [...this.#channels.values()].flatMap((ch): ChannelStatus[] => {
      const cfg = this.#channels.config(ch.name)
      return cfg ? [channelStatus(ch, cfg, now)] : []
    })
    return {
      ...this.#pause.status(now),
      backlog: channels.reduce((n, c) => n + c.backlog, 0),
      channels,
      ...(this.o.storage?.problem() ? { storage: this.o.storage.problem() } : {}),
    }
  }

  /** Stops scheduling, waits for sends in flight to be recorded, and saves the budgets. */
  async stop(): Promise<void> {
    this.#stopping = true
    this.#channels.stopPruning()
    this.#pause.stop()
    for (const ch of this.#channels.values()) clearTimeout(ch.timer)
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight])
    // Deliveries the disk refused get one more chance: recorded, a restart does not send them again.
    this.#record.close()
    await this.#record.flush()
    await this.#persist()
    await this.#stateWriter.flush()
    if (this.#ownSenders) await this.#senders.close()
  }
}
