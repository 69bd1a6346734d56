import { createHash, randomBytes } from 'node:crypto'
import type { Outcome } from '../channels/errcodes'
import { buildMessages, type SendResult, type WeComBody, type WeComSender } from '../channels/wecom'
import type { RelayEvents } from '../events'
import type { HistoryStore } from '../history/store'
import type { DeliveryState as RecordState, HistoryEntry } from '../history/records'
import { maskUrl } from '../secrets/mask'
import type { Channel } from '../settings/schema'
import type { SettingsStore } from '../settings/store'
import { FORMAT_BYTE_LIMITS } from '../templates/formats'
import { aggregationKey, Aggregator } from './aggregator'
import { backoffMs } from './backoff'
import { buildNext } from './digest'
import { SlidingWindowLimiter } from './limiter'
import { readDeliveryState, writeDeliveryState, type DeliveryState } from './state-file'

export interface EngineOptions {
  history: HistoryStore
  settings: SettingsStore
  events: RelayEvents
  sender: WeComSender
  /** Where robot send times and the pause are kept across restarts. */
  statePath: string
  /** The robot's rate window (WeCom: 60 s); tests shorten it. */
  windowMs?: number
  /** How long a retryable failure keeps being retried (default 1 hour). */
  maxRetryAgeMs?: number
  backoff?: (attempt: number) => number
  /** The clock (tests move it forward to cross an hour or a day). */
  now?: () => number
}

interface WorkItem {
  entry: HistoryEntry
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
  lastError?: string
}

interface ExtraMessage {
  kind: 'mention' | 'summary'
  body: WeComBody
  content: string
  alertIds: string[]
  attempts: number
  nextAttemptAt: number
  inFlight: boolean
}

interface Robot {
  id: string
  url: string
  limiter: SlidingWindowLimiter
  pausedUntil: number
  busy: boolean
  /** Set after 93000/93004/93008: the robot is gone; others in the pool carry on. */
  broken?: string
  lastError?: string
  lastErrorAt?: string
}

interface Caps {
  hourBucket: number
  hourCount: number
  heldHour: number
  dayBucket: string
  dayCount: number
  heldDay: number
}

interface ChannelRuntime {
  name: string
  queue: WorkItem[]
  /** Queued items by aggregation key (for folding repeats without scanning the queue). */
  queuedByKey: Map<string, WorkItem>
  queuedIds: Set<string>
  extras: ExtraMessage[]
  robots: Robot[]
  aggregator: Aggregator
  caps: Caps
  timer?: NodeJS.Timeout
  lastError?: string
  lastErrorAt?: string
  lastOutcome?: 'delivered' | 'failed'
}

export interface RobotStatus {
  robot: string
  sendsInWindow: number
  limit: number
  nextFreeSlot: string | null
  pausedUntil: string | null
  broken?: string
  lastError?: string
  lastErrorAt?: string
}

export interface ChannelStatus {
  channel: string
  enabled: boolean
  backlog: number
  retrying: number
  robots: RobotStatus[]
  lastError?: string
  lastErrorAt?: string
  lastOutcome?: 'delivered' | 'failed'
  caps: {
    perHour: number
    sentThisHour: number
    heldThisHour: number
    perDay: number
    sentToday: number
    heldToday: number
  }
}

export interface DeliveryStatus {
  paused: boolean
  pausedUntil: string | null
  backlog: number
  channels: ChannelStatus[]
}

const FOREVER = 8.64e15
const ROBOT_GONE = new Set([93000, 93004, 93008])
const MAX_DIGEST_SCAN = 300

const newAttemptId = () => `${Date.now().toString(36)}${randomBytes(4).toString('hex')}`
const robotId = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 16)
const hourOf = (ms: number) => Math.floor(ms / 3_600_000)
const dayOf = (ms: number) => new Date(ms).toDateString()
const hhmm = (ms: number) => new Date(ms).toTimeString().slice(0, 5)

/**
 * Delivers alerts to their channels' robots: never over a robot's limit, never losing an alert.
 * One queue per channel; a pool of robots per channel (webhookUrl + extraWebhookUrls), each with
 * a sliding-window budget; repeats folded by aggregation; a backlog merged into digest messages;
 * hourly and daily caps that summarise what they hold back; errcode-aware retries. The history is
 * the outbox: what is still pending there after a restart is sent again, in order.
 */
export class DeliveryEngine {
  readonly #channels = new Map<string, ChannelRuntime>()
  readonly #inFlight = new Set<Promise<void>>()
  readonly #windowMs: number
  readonly #maxRetryAgeMs: number
  readonly #backoff: (attempt: number) => number
  readonly #now: () => number
  #state: DeliveryState
  #pausedUntil: number | null
  #pauseTimer?: NodeJS.Timeout
  #stopping = false
  #pruneTimer?: NodeJS.Timeout

  constructor(private readonly o: EngineOptions) {
    this.#windowMs = o.windowMs ?? 60_000
    this.#maxRetryAgeMs = o.maxRetryAgeMs ?? 3_600_000
    this.#backoff = o.backoff ?? ((n) => backoffMs(n))
    this.#now = o.now ?? Date.now
    this.#state = readDeliveryState(o.statePath)
    this.#pausedUntil =
      this.#state.pausedUntil && this.#state.pausedUntil > this.#now()
        ? this.#state.pausedUntil
        : null
    this.#syncChannels()
    o.settings.on('changed', () => {
      this.#syncChannels()
      for (const ch of this.#channels.values()) this.#pump(ch)
    })
    this.#pruneTimer = setInterval(() => {
      for (const ch of this.#channels.values()) ch.aggregator.prune(this.#now())
    }, 60_000).unref()
  }

  /** Rebuilds aggregation windows and cap counters from the history, then queues what is pending. */
  start(): void {
    const now = this.#now()
    const settings = this.o.settings.get()
    const maxWindow = Math.max(
      86_400_000,
      ...settings.channels.map((c) => c.aggregate.windowSeconds * 1000),
    )
    for (const entry of this.o.history.recent(new Date(now - maxWindow).toISOString())) {
      for (const [name, d] of Object.entries(entry.deliveries)) {
        const ch = this.#channels.get(name)
        if (!ch || d.state !== 'delivered') continue
        const at = Date.parse(d.at)
        ch.aggregator.sent(aggregationKey(entry.alert), at, 0, entry.alert.id)
        if (hourOf(at) === ch.caps.hourBucket) ch.caps.hourCount++
        if (dayOf(at) === ch.caps.dayBucket) ch.caps.dayCount++
      }
    }
    for (const { entry, channel } of this.o.history.pending())
      this.#enqueueOne(entry, channel, { recovered: true })
    for (const ch of this.#channels.values()) this.#pump(ch)
  }

  /** Queues freshly stored alerts on their target channels. */
  enqueue(entries: HistoryEntry[]): void {
    const touched = new Set<ChannelRuntime>()
    for (const entry of entries) {
      for (const channel of entry.targets) {
        const ch = this.#enqueueOne(entry, channel, {})
        if (ch) touched.add(ch)
      }
    }
    for (const ch of touched) {
      this.o.events.publish({ type: 'backlog', channel: ch.name, size: ch.queue.length })
      this.#pump(ch)
    }
  }

  /** Sends a past alert again to the given channels, bypassing aggregation. */
  async resend(alertId: string, channels: string[]): Promise<void> {
    const entry = this.o.history.get(alertId)
    if (!entry) throw new Error(`No alert ${alertId} in the history.`)
    const at = new Date().toISOString()
    await this.o.history.setDeliveries(
      channels.map((channel) => ({
        alertId,
        channel,
        state: 'pending' as const,
        at,
        reason: 'Resent by hand.',
      })),
    )
    for (const channel of channels) {
      const ch = this.#enqueueOne(entry, channel, { recovered: true })
      if (ch) this.#pump(ch)
    }
  }

  #enqueueOne(
    entry: HistoryEntry,
    channel: string,
    opts: { recovered?: boolean },
  ): ChannelRuntime | undefined {
    const ch = this.#channels.get(channel)
    const now = this.#now()
    if (!ch) {
      void this.#record(
        [entry.alert.id],
        channel,
        'failed',
        `The channel "${channel}" no longer exists.`,
      )
      return undefined
    }
    const cfg = this.#config(channel)!
    const key = aggregationKey(entry.alert)
    if (!opts.recovered && cfg.aggregate.enabled) {
      const queued = ch.queuedByKey.get(key)
      if (queued) {
        if (queued.inFlight) queued.lateRepeats++
        else queued.repeats++
        queued.firstRepeatAt ??= now
        void this.#record(
          [entry.alert.id],
          channel,
          'aggregated',
          `Folded into ${queued.entry.alert.id}, which is waiting to be sent.`,
          { aggregatedInto: queued.entry.alert.id },
        )
        return ch
      }
      const decision = ch.aggregator.decide(key, now)
      if (decision.action === 'fold') {
        void this.#record(
          [entry.alert.id],
          channel,
          'aggregated',
          `Same alert already sent at ${hhmm(decision.sentAt)}; counted, not sent again within the ${cfg.aggregate.windowSeconds} s aggregation window.`,
          { aggregatedInto: decision.alertId },
        )
        return ch
      }
      this.#push(ch, {
        entry,
        key,
        repeats: decision.repeats,
        firstRepeatAt: decision.firstRepeatAt,
        lateRepeats: 0,
        enqueuedAt: now,
        attempts: 0,
        nextAttemptAt: now,
        shrink: 1,
        inFlight: false,
      })
      return ch
    }
    if (ch.queuedIds.has(entry.alert.id)) return ch
    this.#push(ch, {
      entry,
      key,
      repeats: 0,
      lateRepeats: 0,
      enqueuedAt: opts.recovered ? Date.parse(entry.alert.receivedAt) || now : now,
      attempts: 0,
      nextAttemptAt: now,
      shrink: 1,
      inFlight: false,
    })
    return ch
  }

  #config(name: string): Channel | undefined {
    return this.o.settings.get().channels.find((c) => c.name === name)
  }

  /** Creates runtimes for new channels and refreshes robot pools, keeping queues and budgets. */
  #syncChannels(): void {
    const now = this.#now()
    for (const c of this.o.settings.get().channels) {
      let ch = this.#channels.get(c.name)
      if (!ch) {
        ch = {
          name: c.name,
          queue: [],
          queuedByKey: new Map(),
          queuedIds: new Set(),
          extras: [],
          robots: [],
          aggregator: new Aggregator(
            () => (this.#config(c.name)?.aggregate.windowSeconds ?? 600) * 1000,
          ),
          caps: {
            hourBucket: hourOf(now),
            hourCount: 0,
            heldHour: 0,
            dayBucket: dayOf(now),
            dayCount: 0,
            heldDay: 0,
          },
        }
        this.#channels.set(c.name, ch)
      }
      const urls = [c.webhookUrl, ...c.extraWebhookUrls]
      const old = new Map(ch.robots.map((r) => [r.id, r]))
      ch.robots = urls.map((url) => {
        const id = robotId(url)
        const existing = old.get(id)
        if (existing) {
          existing.limiter.limit = c.throttle.perMinute
          existing.broken = undefined // settings changed: give a "deleted" robot another chance
          return existing
        }
        return {
          id,
          url,
          limiter: new SlidingWindowLimiter(
            c.throttle.perMinute,
            this.#windowMs,
            this.#state.robots[id] ?? [],
          ),
          pausedUntil: 0,
          busy: false,
        }
      })
    }
  }

  // ---- pause -------------------------------------------------------------------------------

  /** Stops sending (alerts are still accepted and queued) for `durationMs`, or until resumed. */
  pause(durationMs?: number): void {
    this.#pausedUntil = durationMs ? this.#now() + durationMs : FOREVER
    this.#persist()
    clearTimeout(this.#pauseTimer)
    if (durationMs) this.#pauseTimer = setTimeout(() => this.resume(), durationMs + 5).unref()
    this.o.events.publish({
      type: 'paused',
      paused: true,
      until: durationMs ? new Date(this.#pausedUntil).toISOString() : undefined,
    })
  }

  resume(): void {
    this.#pausedUntil = null
    clearTimeout(this.#pauseTimer)
    this.#persist()
    this.o.events.publish({ type: 'paused', paused: false })
    for (const ch of this.#channels.values()) this.#pump(ch)
  }

  #paused(now: number): boolean {
    if (this.#pausedUntil !== null && this.#pausedUntil <= now) this.#pausedUntil = null
    return this.#pausedUntil !== null
  }

  // ---- scheduling ------------------------------------------------------------------------------

  #pump(ch: ChannelRuntime): void {
    if (this.#stopping) return
    clearTimeout(ch.timer)
    ch.timer = undefined
    const cfg = this.#config(ch.name)
    if (!cfg || !cfg.enabled) return
    const now = this.#now()
    if (this.#paused(now)) return
    this.#rollCaps(ch, now, cfg)
    for (;;) {
      const work = this.#hasEligibleWork(ch, now)
      if (!work) break
      const robot = this.#pickRobot(ch, now)
      if (!robot) break
      if (!this.#dispatch(ch, cfg, robot, now)) break
    }
    const wake = this.#nextWake(ch, now)
    if (wake !== undefined)
      ch.timer = setTimeout(() => this.#pump(ch), Math.max(5, wake - now)).unref()
  }

  #hasEligibleWork(ch: ChannelRuntime, now: number): boolean {
    return (
      ch.extras.some((e) => !e.inFlight && e.nextAttemptAt <= now) ||
      ch.queue.some((i) => !i.inFlight && i.nextAttemptAt <= now)
    )
  }

  #usable(r: Robot, now: number): boolean {
    return !r.busy && !r.broken && r.pausedUntil <= now && r.limiter.available(now) > 0
  }

  /** The robot with the most budget left right now. */
  #pickRobot(ch: ChannelRuntime, now: number): Robot | undefined {
    let best: Robot | undefined
    for (const r of ch.robots)
      if (this.#usable(r, now) && (!best || r.limiter.available(now) > best.limiter.available(now)))
        best = r
    return best
  }

  #nextWake(ch: ChannelRuntime, now: number): number | undefined {
    // The earliest time some work is due: now if anything is ready (the common case, found at
    // once), else the earliest retry.
    let due = Infinity
    for (const list of [ch.extras, ch.queue] as Array<
      Array<{ inFlight: boolean; nextAttemptAt: number }>
    >) {
      for (const w of list) {
        if (w.inFlight) continue
        if (w.nextAttemptAt <= now) {
          due = now
          break
        }
        if (w.nextAttemptAt < due) due = w.nextAttemptAt
      }
      if (due === now) break
    }
    if (due === Infinity) return undefined
    const live = ch.robots.filter((r) => !r.broken)
    if (!live.length) return undefined
    const free = Math.min(...live.map((r) => Math.max(r.pausedUntil, r.limiter.nextFree(now))))
    return Math.max(due, free, now + 5)
  }

  #rollCaps(ch: ChannelRuntime, now: number, cfg = this.#config(ch.name)): void {
    const c = ch.caps
    if (hourOf(now) !== c.hourBucket) {
      if (c.heldHour && cfg)
        this.#summary(ch, cfg, c.heldHour, 'hourly', cfg.throttle.perHour, c.hourBucket * 3_600_000)
      c.hourBucket = hourOf(now)
      c.hourCount = 0
      c.heldHour = 0
    }
    if (dayOf(now) !== c.dayBucket) {
      if (c.heldDay && cfg)
        this.#summary(ch, cfg, c.heldDay, 'daily', cfg.throttle.perDay, Date.parse(c.dayBucket))
      c.dayBucket = dayOf(now)
      c.dayCount = 0
      c.heldDay = 0
    }
  }

  #summary(
    ch: ChannelRuntime,
    cfg: Channel,
    held: number,
    which: 'hourly' | 'daily',
    cap: number,
    since: number,
  ): void {
    const text = `${held} alert${held === 1 ? ' was' : 's were'} held back by the ${which} cap of ${cap} on channel "${ch.name}" since ${which === 'hourly' ? hhmm(since) : new Date(since).toDateString()}: see the relay's history.`
    const content =
      cfg.format === 'text' ? text : `<font color="warning">**Held back**</font>\n${text}`
    const [m] = buildMessages({ format: cfg.format, content })
    ch.extras.push({
      kind: 'summary',
      body: m!.body,
      content,
      alertIds: [],
      attempts: 0,
      nextAttemptAt: this.#now(),
      inFlight: false,
    })
  }

  /** Takes the next message's worth of work and sends it on `robot`. Returns false when nothing was taken. */
  #dispatch(ch: ChannelRuntime, cfg: Channel, robot: Robot, now: number): boolean {
    const extra = ch.extras.find((e) => !e.inFlight && e.nextAttemptAt <= now)
    if (extra) {
      extra.inFlight = true
      this.#track(this.#sendExtra(ch, cfg, robot, extra))
      return true
    }
    // Caps: alerts over the hourly or daily cap are recorded as throttled, never silently dropped.
    const eligible: WorkItem[] = []
    const held: WorkItem[] = []
    for (const item of ch.queue) {
      // A 4096-byte message holds far fewer than this many alerts: no need to look further.
      if (eligible.length >= MAX_DIGEST_SCAN) break
      if (item.inFlight || item.nextAttemptAt > now) continue
      const overHour =
        cfg.throttle.perHour > 0 && ch.caps.hourCount + eligible.length >= cfg.throttle.perHour
      const overDay =
        cfg.throttle.perDay > 0 && ch.caps.dayCount + eligible.length >= cfg.throttle.perDay
      if (overHour || overDay) {
        held.push(item)
        if (overHour) ch.caps.heldHour++
        if (overDay) ch.caps.heldDay++
        const which = overHour
          ? `hourly cap of ${cfg.throttle.perHour}`
          : `daily cap of ${cfg.throttle.perDay}`
        void this.#record(
          [item.entry.alert.id],
          ch.name,
          'throttled',
          `Held back by the ${which} alerts; a summary goes out when the cap resets.`,
        )
        continue
      }
      eligible.push(item)
    }
    if (held.length) this.#remove(ch, held)
    if (!eligible.length) return false
    const limit = Math.floor(
      FORMAT_BYTE_LIMITS[cfg.format] * Math.min(...eligible.slice(0, 50).map((i) => i.shrink)),
    )
    const built = buildNext(
      eligible.map((i) => ({
        alert: i.entry.alert,
        repeats: i.repeats,
        firstRepeatAt: i.firstRepeatAt,
      })),
      cfg.template,
      cfg.format,
      limit,
    )
    const items = eligible.slice(0, built.count)
    for (const i of items) i.inFlight = true
    this.#track(this.#sendAlerts(ch, cfg, robot, items, built.content, built.kind))
    return true
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

  /**
   * Sends on a robot that stays busy until the caller has applied the result to the robot (rest
   * after 45009, broken after 93000) and recorded it durably: releasing it earlier would let a
   * send slip onto a deleted robot, or widen what a crash can send twice.
   */
  async #transmit(cfg: Channel, robot: Robot, body: WeComBody): Promise<SendResult> {
    robot.busy = true
    // The slot is reserved, and saved, before the request leaves, at the latest moment the message
    // could reach WeCom (now + timeout): if the relay dies mid-send, the restarted relay still
    // counts it. The answer then settles it to when it really was counted.
    const timeoutMs = cfg.timeoutSeconds * 1000
    const reservedAt = this.#now() + timeoutMs
    robot.limiter.record(reservedAt)
    this.#persist()
    const result = await this.o.sender.send(
      {
        url: robot.url,
        proxy: cfg.proxy,
        signatureKey: cfg.signatureKey,
        timeoutMs,
        verify: cfg.verify,
      },
      body,
    )
    robot.limiter.settle(reservedAt, this.#now())
    this.#persist()
    return result
  }

  async #sendAlerts(
    ch: ChannelRuntime,
    cfg: Channel,
    robot: Robot,
    items: WorkItem[],
    content: string,
    kind: 'alone' | 'digest',
  ): Promise<void> {
    const [message] = buildMessages({ format: cfg.format, content })
    const retry = Math.max(...items.map((i) => i.attempts))
    let result: SendResult
    try {
      result = await this.#transmit(cfg, robot, message!.body)
    } finally {
      for (const i of items) i.inFlight = false
    }
    const now = this.#now()
    const attemptId = newAttemptId()
    // In-memory consequences first, all before the robot is released and the queue pumped.
    this.#noteResult(ch, robot, result)
    if (result.ok) {
      this.#remove(ch, items)
      ch.caps.hourCount += items.length
      ch.caps.dayCount += items.length
      for (const i of items) {
        ch.aggregator.sent(i.key, now, i.lateRepeats, i.entry.alert.id)
      }
      if (cfg.mentionMobiles.length && cfg.format !== 'text') {
        const v = items[0]!.entry.alert.vars
        const note =
          items.length > 1
            ? `${items.length} alerts above need attention.`
            : `${v.alarm_name ?? 'Alert'}${v.alarm_target ? ` on ${v.alarm_target}` : ''}: see the message above.`
        const [m] = buildMessages({
          format: 'text',
          content: note,
          mentionMobiles: cfg.mentionMobiles,
        })
        ch.extras.push({
          kind: 'mention',
          body: m!.body,
          content: note,
          alertIds: items.map((i) => i.entry.alert.id),
          attempts: 0,
          nextAttemptAt: now,
          inFlight: false,
        })
      }
    }
    const failureRecords = result.ok ? [] : this.#handleFailure(ch, robot, items, result, now)

    // Then the history, before the robot is released: a crash can then send again at most the
    // one message that was on the wire (the at-least-once window is one message per robot).
    await this.#recordAttempt(
      attemptId,
      ch,
      robot,
      items.map((i) => i.entry.alert.id),
      kind,
      message!.body,
      content,
      result,
      retry,
    )
    for (const write of failureRecords) await write()
    if (result.ok) {
      await this.o.history
        .setDeliveries(
          items.map((i) => ({
            alertId: i.entry.alert.id,
            channel: ch.name,
            state: 'delivered' as const,
            at: new Date(now).toISOString(),
            via: kind === 'digest' ? ('digest' as const) : ('alone' as const),
            attemptId,
            repeats: i.repeats || undefined,
            reason: kind === 'digest' ? `Sent in a digest of ${items.length} alerts.` : undefined,
          })),
        )
        .catch(() => {})
      this.o.events.publish({
        type: 'delivery',
        alertIds: items.map((i) => i.entry.alert.id),
        channel: ch.name,
        state: 'delivered',
        attemptId,
      })
    }
    robot.busy = false
    this.o.events.publish({ type: 'backlog', channel: ch.name, size: ch.queue.length })
    this.#pump(ch)
  }

  #handleFailure(
    ch: ChannelRuntime,
    robot: Robot,
    items: WorkItem[],
    result: SendResult,
    now: number,
  ): Array<() => Promise<unknown>> {
    // Decides in memory now; the history records are returned, to be written after the attempt.
    const later: Array<() => Promise<unknown>> = []
    for (const i of items) {
      i.repeats += i.lateRepeats
      i.lateRepeats = 0
    }
    const reason = `${result.explanation}${result.fix ? ` ${result.fix}` : ''}`
    const retryLater = (what: string) => {
      const failed: WorkItem[] = []
      for (const i of items) {
        i.attempts++
        i.lastError = result.explanation
        if (now - i.enqueuedAt > this.#maxRetryAgeMs) failed.push(i)
        else i.nextAttemptAt = now + this.#backoff(i.attempts)
      }
      if (failed.length) {
        this.#remove(ch, failed)
        later.push(() =>
          this.#record(
            failed.map((i) => i.entry.alert.id),
            ch.name,
            'failed',
            `Gave up after retrying for ${Math.round(this.#maxRetryAgeMs / 60_000)} min: ${reason}`,
          ),
        )
      }
      const waiting = items.filter((i) => !failed.includes(i))
      if (waiting.length) {
        const at = new Date(Math.min(...waiting.map((i) => i.nextAttemptAt))).toISOString()
        later.push(() =>
          this.#record(
            waiting.map((i) => i.entry.alert.id),
            ch.name,
            'pending',
            `${what} Next try at ${at}.`,
          ),
        )
      }
    }
    const outcome: Outcome = result.outcome
    if (outcome === 'rate_limited') {
      // Another sender shares the robot: rest it for a whole window; the items keep their place.
      robot.pausedUntil = now + this.#windowMs
      later.push(() =>
        this.#record(
          items.map((i) => i.entry.alert.id),
          ch.name,
          'pending',
          `The robot answered 45009 (over its limit): waiting a full window. ${result.fix}`,
        ),
      )
      return later
    }
    if (outcome === 'retryable') {
      retryLater(`${result.explanation}`)
      return later
    }
    // Permanent.
    if (result.errcode === 40058) {
      const tooSmall = items.filter((i) => (i.shrink /= 2) < 0.05)
      if (tooSmall.length) {
        this.#remove(ch, tooSmall)
        later.push(() =>
          this.#record(
            tooSmall.map((i) => i.entry.alert.id),
            ch.name,
            'failed',
            `Still too long for WeCom after shrinking: ${reason}`,
          ),
        )
      }
      return later
    }
    if (result.errcode !== undefined && ROBOT_GONE.has(result.errcode)) {
      robot.broken = result.explanation
      if (ch.robots.some((r) => !r.broken)) return later // the rest of the pool carries the items
    }
    this.#remove(ch, items)
    later.push(() =>
      this.#record(
        items.map((i) => i.entry.alert.id),
        ch.name,
        'failed',
        reason,
      ),
    )
    return later
  }

  async #sendExtra(
    ch: ChannelRuntime,
    cfg: Channel,
    robot: Robot,
    extra: ExtraMessage,
  ): Promise<void> {
    let result: SendResult
    try {
      result = await this.#transmit(cfg, robot, extra.body)
    } finally {
      extra.inFlight = false
    }
    const now = this.#now()
    const attemptId = newAttemptId()
    this.#noteResult(ch, robot, result)
    if (result.ok || result.outcome === 'permanent' || extra.attempts >= 5)
      ch.extras.splice(ch.extras.indexOf(extra), 1)
    else if (result.outcome === 'rate_limited') robot.pausedUntil = now + this.#windowMs
    else extra.nextAttemptAt = now + this.#backoff(++extra.attempts)
    await this.#recordAttempt(
      attemptId,
      ch,
      robot,
      extra.alertIds,
      extra.kind,
      extra.body,
      extra.content,
      result,
      extra.attempts,
    )
    robot.busy = false
    this.#pump(ch)
  }

  #noteResult(ch: ChannelRuntime, robot: Robot, result: SendResult): void {
    if (result.ok) {
      ch.lastOutcome = 'delivered'
      return
    }
    const at = new Date().toISOString()
    robot.lastError = ch.lastError = result.explanation
    robot.lastErrorAt = ch.lastErrorAt = at
    ch.lastOutcome = 'failed'
  }

  async #recordAttempt(
    id: string,
    ch: ChannelRuntime,
    robot: Robot,
    alertIds: string[],
    kind: 'alone' | 'digest' | 'mention' | 'summary',
    body: WeComBody,
    content: string,
    r: SendResult,
    retry: number,
  ): Promise<void> {
    await this.o.history
      .addAttempt({
        id,
        at: new Date(this.#now()).toISOString(),
        channel: ch.name,
        robot: maskUrl(robot.url),
        alertIds,
        kind,
        msgtype: body.msgtype,
        content,
        bytes: Buffer.byteLength(content),
        httpStatus: r.httpStatus,
        errcode: r.errcode,
        errmsg: r.errmsg,
        latencyMs: r.latencyMs,
        outcome: r.outcome,
        explanation: r.explanation,
        fix: r.fix || undefined,
        retry,
      })
      .catch(() => {})
  }

  #push(ch: ChannelRuntime, item: WorkItem): void {
    ch.queue.push(item)
    ch.queuedIds.add(item.entry.alert.id)
    if (!ch.queuedByKey.has(item.key)) ch.queuedByKey.set(item.key, item)
  }

  #remove(ch: ChannelRuntime, items: WorkItem[]): void {
    const gone = new Set(items)
    ch.queue = ch.queue.filter((i) => !gone.has(i))
    for (const i of items) {
      ch.queuedIds.delete(i.entry.alert.id)
      if (ch.queuedByKey.get(i.key) !== i) continue
      ch.queuedByKey.delete(i.key)
      const next = ch.queue.find((q) => q.key === i.key) // rare: the same key queued twice (resend)
      if (next) ch.queuedByKey.set(i.key, next)
    }
  }

  /** Records a delivery state (pending with the reason for the wait, or a final one) and says so. */
  async #record(
    alertIds: string[],
    channel: string,
    state: RecordState,
    reason: string,
    extra: { aggregatedInto?: string } = {},
  ): Promise<void> {
    const at = new Date().toISOString()
    await this.o.history
      .setDeliveries(
        alertIds.map((alertId) => ({
          alertId,
          channel,
          state,
          at,
          reason,
          via: state === 'aggregated' ? ('aggregated' as const) : undefined,
          ...extra,
        })),
      )
      .catch(() => {})
    this.o.events.publish({ type: 'delivery', alertIds, channel, state, reason })
  }

  #persist(): void {
    const robots: Record<string, number[]> = {}
    for (const ch of this.#channels.values())
      for (const r of ch.robots) robots[r.id] = r.limiter.times()
    this.#state = { version: 1, robots, pausedUntil: this.#pausedUntil }
    try {
      writeDeliveryState(this.o.statePath, this.#state)
    } catch {
      // Memory still holds the budget; only a restart right now could forget it.
    }
  }

  // ---- visibility --------------------------------------------------------------------------------

  status(): DeliveryStatus {
    const now = this.#now()
    const paused = this.#paused(now)
    const channels = [...this.#channels.values()].flatMap((ch): ChannelStatus[] => {
      const cfg = this.#config(ch.name)
      if (!cfg) return []
      return [
        {
          channel: ch.name,
          enabled: cfg.enabled,
          backlog: ch.queue.length,
          retrying: ch.queue.filter((i) => i.attempts > 0).length,
          lastError: ch.lastError,
          lastErrorAt: ch.lastErrorAt,
          lastOutcome: ch.lastOutcome,
          robots: ch.robots.map((r) => ({
            robot: maskUrl(r.url),
            sendsInWindow: r.limiter.used(now),
            limit: r.limiter.limit,
            nextFreeSlot:
              r.limiter.available(now) > 0 ? null : new Date(r.limiter.nextFree(now)).toISOString(),
            pausedUntil: r.pausedUntil > now ? new Date(r.pausedUntil).toISOString() : null,
            broken: r.broken,
            lastError: r.lastError,
            lastErrorAt: r.lastErrorAt,
          })),
          caps: {
            perHour: cfg.throttle.perHour,
            sentThisHour: ch.caps.hourCount,
            heldThisHour: ch.caps.heldHour,
            perDay: cfg.throttle.perDay,
            sentToday: ch.caps.dayCount,
            heldToday: ch.caps.heldDay,
          },
        },
      ]
    })
    return {
      paused,
      pausedUntil: paused
        ? this.#pausedUntil! >= FOREVER
          ? null
          : new Date(this.#pausedUntil!).toISOString()
        : null,
      backlog: channels.reduce((n, c) => n + c.backlog, 0),
      channels,
    }
  }

  /** Stops scheduling, waits for sends in flight to be recorded, and saves the budgets. */
  async stop(): Promise<void> {
    this.#stopping = true
    clearInterval(this.#pruneTimer)
    clearTimeout(this.#pauseTimer)
    for (const ch of this.#channels.values()) clearTimeout(ch.timer)
    while (this.#inFlight.size) await Promise.allSettled([...this.#inFlight])
    this.#persist()
  }
}
