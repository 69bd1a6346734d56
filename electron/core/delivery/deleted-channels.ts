import type { RelayEvents } from '../events'
import { say } from '../text/core-text'
import type { ChannelRuntime } from './channel'
import type { OutboxWindow } from './outbox-window'
import type { OutcomeRecorder } from './outcomes'
import { resendTimes } from './queue'

/**
 * Runtimes of channels deleted from the settings. What was still waiting for one fails with the
 * reason, so History says why it never went and nothing retries it: what its queue holds at
 * once, what waits on disk behind its window a window per turn. A send already on the wire ends
 * within its timeout and is settled first: its pump comes back here (`fail`) for what it leaves.
 * Stopping, what is left stays pending: the next start fails it.
 */
export class DeletedChannels {
  readonly #left = new Set<ChannelRuntime>()

  constructor(
    private readonly o: {
      record: OutcomeRecorder
      outbox: OutboxWindow
      events: RelayEvents
      stopping: () => boolean
    },
  ) {}

  /** A runtime of a deleted channel with something still on the wire or on disk. */
  has(ch: ChannelRuntime): boolean {
    return this.#left.has(ch)
  }

  /** The channel was deleted: fail what waits for it. */
  drop(ch: ChannelRuntime): void {
    this.#left.add(ch)
    this.fail(ch)
  }

  /** Fails what waits for a deleted channel, but a send on the wire. */
  fail(ch: ChannelRuntime): void {
    clearTimeout(ch.timer)
    const waiting = ch.queue.items.filter((i) => !i.inFlight)
    ch.queue.remove(waiting)
    for (const e of ch.queue.extras.filter((e) => !e.inFlight)) ch.queue.dropExtra(e)
    if (waiting.length)
      void this.o.record.state({
        alertIds: waiting.map((i) => i.brief.id),
        channel: ch.name,
        resends: resendTimes(waiting),
        state: 'failed',
        reason: say('reason.channelDeleted', { name: ch.name }),
      })
    // What still waits on disk behind the window is read a window per turn, each read failing
    // alike (the engine finds no runtime for a deleted channel).
    if (ch.onDisk && !this.o.stopping())
      setImmediate(() => {
        if (this.o.stopping()) return
        this.o.outbox.fill(ch)
        this.fail(ch)
      })
    else if (!ch.queue.items.length) {
      this.#left.delete(ch)
      this.o.outbox.drop(ch)
    }
    this.o.events.publish({ type: 'backlog', channel: ch.name, size: ch.queue.length + ch.onDisk })
  }
}
