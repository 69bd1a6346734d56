import type { HistoryEntry } from '../history/records'
import type { PendingDelivery } from '../history/outbox'
import type { HistoryStore } from '../history/history-store'
import type { StormAlert } from '../messages/storm-groups'
import type { ChannelRuntime } from './channel'

/** Alerts of one channel held in memory while more wait in the outbox (`outboxWindow`). */
export const OUTBOX_WINDOW = 2000

/** What the window reads of the history. */
export type OutboxReader = Pick<
  HistoryStore,
  'pendingOf' | 'pendingCount' | 'pendingChannels' | 'pendingTally' | 'seqOf' | 'lastSeq'
>

/**
 * Alerts waiting on disk that a storm summary counts alike (status, name, level, grouping label),
 * how many, and their targets. A target stays listed after its alert is read into the queue: the
 * summary lists each target of a group once, and that alert is in its picture by then.
 */
export interface WaitingGroup {
  alert: StormAlert
  count: number
  targets: Set<string>
}

/** How far one channel's queue has read its outbox. */
interface Tail {
  /** Every delivery of the channel pending in alerts stored up to this one has been read. */
  read: number
  /** Some may still wait on disk: an arrival stays there and joins the end in order. */
  paging: boolean
  /** `ch.onDisk` counts what was pending up to this alert, and the arrivals after it. */
  counted: number
  /** The storm summary's count of what waits on disk, by the grouping label it was made for. */
  tally?: Tally
}

/**
 * What waits on disk as a storm summary counts it: read a page per turn of the event loop (at
 * 100,000 alerts the read takes seconds, the listener must answer meanwhile), then kept up to date:
 * an arrival adds itself, a read into the queue takes its alerts out.
 */
interface Tally {
  label: string
  groups: Map<string, WaitingGroup>
  /** Rows up to this stored order are counted (the rest, up to `upTo`, are still being read). */
  through: number
  /** The newest stored alert when it began; arrivals after it add themselves. */
  upTo: number
  ready: boolean
}

/** Rows of the outbox read per turn of the event loop for a storm summary's count. */
const TALLY_PAGE = 2000

/**
 * A channel's outbox kept in memory up to a window (a few thousand alerts), the rest read from
 * the history's `deliveries` as the queue drains: a backlog of 100,000 held as work items took
 * about 1 KiB each. The history is the outbox (a delivery still `pending` is still to be sent), so
 * the window changes nothing of the crash contract: after a kill the restart reads it again.
 *
 * Order: the queue holds the oldest; what waits on disk comes after, in stored order; an alert
 * that arrives while some wait on disk is already stored pending and waits there too, joining the
 * end, and is read in its turn. Once a read finds the disk empty the channel's arrivals go straight
 * to its queue again. What the status, the backlog event and a storm count is `ch.queue.length +
 * ch.onDisk`.
 */
export class OutboxWindow {
  readonly #tails = new Map<ChannelRuntime, Tail>()
  /** Alerts stored after this one arrived after the start began: read, they may fold as repeats. */
  #startedAt = Number.MAX_SAFE_INTEGER

  constructor(
    private readonly o: {
      history: OutboxReader
      /** Alerts per channel held in memory while more wait on disk. */
      size: number
      /**
       * Queues one delivery read from disk (`arrived`: it was received after the start began, so
       * it may be folded into a queued repeat as it would have been on arrival).
       */
      queue: (ch: ChannelRuntime, row: PendingDelivery, arrived: boolean) => void
      /**
       * What a summary grouped by `label` reads of a row read from disk: its brief, or the alert
       * read whole when the label is one the brief does not carry.
       */
      alertOf: (row: PendingDelivery, label: string) => StormAlert
    },
  ) {}

  /**
   * At start: every channel's outbox is on disk until its first read. Deliveries pending on
   * channels that no longer exist are handed to `queue` (which records them failed).
   */
  begin(channels: readonly ChannelRuntime[], gone: (row: PendingDelivery) => void): void {
    const upTo = this.o.history.lastSeq()
    this.#startedAt = upTo
    for (const ch of channels)
      this.#tails.set(ch, { read: 0, paging: true, counted: Number.MAX_SAFE_INTEGER })
    const known = new Set(channels.map((c) => c.name))
    for (const name of this.o.history.pendingChannels()) {
      if (known.has(name)) continue
      for (let after = 0; ;) {
        const page = this.o.history.pendingOf(name, after, upTo, 500)
        for (const row of page.rows) gone(row)
        if (page.rows.length < 500) break
        after = page.next
      }
    }
  }

  /**
   * Reads the channel's next deliveries from disk into its queue, up to the window, once the queue
   * has drained below half of it. Returns the items it queued.
   */
  fill(ch: ChannelRuntime): number {
    const tail = this.#tails.get(ch)
    if (!tail?.paging) return 0
    const room = this.o.size - ch.queue.length
    if (room < this.o.size / 2) return 0
    const upTo = this.o.history.lastSeq()
    const page = this.o.history.pendingOf(ch.name, tail.read, upTo, room)
    const done = page.rows.length < room
    tail.read = done ? upTo : page.next
    const tally = tail.tally
    for (const row of page.rows) {
      // Read into the queue: no longer waiting on disk (unless the tally has yet to reach it).
      if (tally && (row.seq <= tally.through || row.seq > tally.upTo))
        take(tally.groups, this.o.alertOf(row, tally.label), tally.label)
      this.o.queue(ch, row, row.seq > this.#startedAt)
    }
    if (done) {
      tail.paging = false
      tail.tally = undefined
      ch.onDisk = 0
    } else {
      ch.onDisk = this.o.history.pendingCount(ch.name, tail.read, upTo)
      tail.counted = upTo
    }
    return page.rows.length
  }

  /**
   * Where a freshly stored alert goes on this channel: `'queue'` (nothing waits on disk: queue it),
   * `'disk'` (it waits there behind the rest, counted) or `'read'` (the outbox read has already
   * queued it: nothing to do).
   */
  arrived(ch: ChannelRuntime, entry: HistoryEntry): 'queue' | 'disk' | 'read' {
    const tail = this.#tails.get(ch)
    if (!tail) return 'queue'
    // An entry the store did not hand out itself is looked up while it matters: queued now while
    // its row waits on disk, it would be sent twice.
    const seq =
      this.o.history.seqOf(entry) ??
      (tail.paging ? this.o.history.seqOf(entry.alert.id) : undefined)
    if (seq === undefined) return 'queue'
    if (seq <= tail.read) return 'read'
    if (!tail.paging) return 'queue'
    if (seq > tail.counted) ch.onDisk++
    if (tail.tally && seq > tail.tally.upTo) add(tail.tally.groups, entry.alert, tail.tally.label)
    return 'disk'
  }

  /**
   * Whether the alert `id`, made pending again by a resend, waits on disk (read in its turn) rather
   * than being queued now: the channel is paging and the outbox read has not reached it.
   */
  resent(ch: ChannelRuntime, id: string): boolean {
    const tail = this.#tails.get(ch)
    if (!tail?.paging) return false
    const seq = this.o.history.seqOf(id)
    if (seq === undefined || seq <= tail.read) return false
    tail.counted = this.o.history.lastSeq()
    ch.onDisk = this.o.history.pendingCount(ch.name, tail.read, tail.counted)
    tail.tally = undefined
    return true
  }

  /**
   * What waits on disk as a storm summary counts it, grouped by `label` (none: by name), or
   * undefined while it is being read (a page per turn of the event loop: ask again).
   */
  waiting(ch: ChannelRuntime, label = ''): WaitingGroup[] | undefined {
    const tail = this.#tails.get(ch)
    if (!tail?.paging || !ch.onDisk) return []
    if (tail.tally?.label !== label)
      this.#tally(ch, tail, label).catch((err: Error) => {
        // A summary that never went would be worse than one that undercounts the disk.
        console.error(
          `delivery: counting the alerts waiting on disk for ${ch.name} failed (${err.message}); the storm summary counts those read so far.`,
        )
        if (tail.tally) tail.tally.ready = true
      })
    return tail.tally!.ready ? [...tail.tally!.groups.values()] : undefined
  }

  async #tally(ch: ChannelRuntime, tail: Tail, label: string): Promise<void> {
    const upTo = this.o.history.lastSeq()
    const tally: Tally = { label, groups: new Map(), through: tail.read, upTo, ready: false }
    tail.tally = tally
    while (tail.tally === tally) {
      // Rows read into the queue meanwhile are not counted.
      const page = this.o.history.pendingTally(
        ch.name,
        Math.max(tally.through, tail.read),
        upTo,
        TALLY_PAGE,
        label,
      )
      for (const g of page.groups) add(tally.groups, g.alert, label, g.count, g.targets)
      tally.through = Math.max(page.next, tail.read)
      if (page.rows < TALLY_PAGE) break
      await new Promise((r) => setImmediate(r))
    }
    if (tail.tally !== tally) return
    tally.through = upTo
    tally.ready = true
    // Counted alike with the status: the summary's total and "N pending" agree.
    ch.onDisk = [...tally.groups.values()].reduce((n, g) => n + g.count, 0)
    tail.counted = Math.max(tail.counted, upTo)
  }

  /** Forgets a channel that no longer exists. */
  drop(ch: ChannelRuntime): void {
    this.#tails.delete(ch)
  }
}

/** What a storm summary reads of an alert but its target: alerts with the same key count alike. */
function keyOf(a: StormAlert, label: string): string {
  const v = a.vars
  const byLabel = label ? (a.labels[label] ?? v[label] ?? a.annotations[label]) : undefined
  return JSON.stringify([a.status, v.alarm_name, a.labels.alertname, v.alarm_level, byLabel])
}

/** Takes one alert out of the count (read into the queue). */
function take(groups: Map<string, WaitingGroup>, a: StormAlert, label: string): void {
  const key = keyOf(a, label)
  const g = groups.get(key)
  if (g && --g.count <= 0) groups.delete(key)
}

/** Counts `count` alerts like `a` (with `targets`, by default its own) as waiting on disk. */
function add(
  groups: Map<string, WaitingGroup>,
  a: StormAlert,
  label: string,
  count = 1,
  targets: readonly string[] = a.vars.alarm_target ? [a.vars.alarm_target] : [],
): void {
  const key = keyOf(a, label)
  let g = groups.get(key)
  if (!g) {
    const pick = (from: Record<string, string>, ...keys: string[]) =>
      Object.fromEntries(keys.flatMap((k) => (from[k] === undefined ? [] : [[k, from[k]!]])))
    const byLabel = label ? (a.labels[label] ?? a.vars[label] ?? a.annotations[label]) : undefined
    g = {
      alert: {
        status: a.status,
        vars: pick(a.vars, 'alarm_name', 'alarm_level'),
        labels: {
          ...pick(a.labels, 'alertname'),
          ...(label && byLabel !== undefined ? { [label]: byLabel } : {}),
        },
        annotations: {},
      },
      count: 0,
      targets: new Set(),
    }
    groups.set(key, g)
  }
  g.count += count
  for (const target of targets) g.targets.add(target)
}
