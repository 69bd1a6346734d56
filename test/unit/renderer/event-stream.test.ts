import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RelayEvent } from '../../../electron/core/events'
import {
  createEventStream,
  sseFeed,
  type EventSourceLike,
} from '../../../renderer/src/event-stream'

/** An EventSource that the test drives: the browser's part (open, drop, message) by hand. */
class FakeSource implements EventSourceLike {
  static last: FakeSource | undefined
  onopen: EventSourceLike['onopen'] = null
  onerror: EventSourceLike['onerror'] = null
  onmessage: EventSourceLike['onmessage'] = null
  constructor(readonly url: string) {
    FakeSource.last = this
  }
  open() {
    this.onopen?.call(this as unknown as EventSource, new Event('open'))
  }
  drop() {
    this.onerror?.call(this as unknown as EventSource, new Event('error'))
  }
  send(event: RelayEvent) {
    this.onmessage?.call(
      this as unknown as EventSource,
      new MessageEvent('message', { data: JSON.stringify(event) }),
    )
  }
}

const delivered: RelayEvent = {
  type: 'delivery',
  alertIds: ['a1'],
  channel: 'simulator',
  state: 'delivered',
}
const changed: RelayEvent = { type: 'oncall.changed' }

function stream(options?: Parameters<typeof createEventStream>[1]) {
  const s = createEventStream(sseFeed('/api/events', FakeSource), options)
  const source = FakeSource.last!
  let ready = false
  void s.ready.then(() => (ready = true))
  const seen: RelayEvent[] = []
  let resyncs = 0
  return {
    s,
    source,
    seen,
    isReady: async () => {
      await Promise.resolve()
      return ready
    },
    resyncs: () => resyncs,
    listen: () => {
      s.onEvent((e) => seen.push(e))
      s.onResync(() => resyncs++)
    },
  }
}

afterEach(() => void vi.useRealTimers())

describe('the window event stream', () => {
  it('opens at once, and reads wait until it listens', async () => {
    const t = stream()
    expect(t.source.url).toBe('/api/events')
    expect(await t.isReady()).toBe(false)
    t.source.open()
    expect(await t.isReady()).toBe(true)
  })

  it('lets the reads go when the stream cannot open: their answer says why', async () => {
    const t = stream()
    t.source.drop()
    expect(await t.isReady()).toBe(true)
  })

  it('lets the reads go when the stream does not open in time; its open later is a resync', async () => {
    vi.useFakeTimers()
    const t = stream({ readyWithinMs: 3000 })
    t.listen()
    t.s.release()
    await vi.advanceTimersByTimeAsync(2999)
    expect(await t.isReady()).toBe(false)
    await vi.advanceTimersByTimeAsync(1)
    expect(await t.isReady()).toBe(true)
    t.source.open()
    expect(t.resyncs()).toBe(1)
  })

  it('holds what arrives before the first page listens, and hands it to every listener once', () => {
    const t = stream()
    t.source.open()
    // The first reads are answered; an alert is delivered before any component subscribed.
    t.source.send(delivered)
    const other: RelayEvent[] = []
    t.listen()
    t.s.onEvent((e) => other.push(e))
    expect(t.seen).toEqual([])
    t.s.release()
    expect(t.seen).toEqual([delivered])
    expect(other).toEqual([delivered])
    // From then on, as it comes; a second release replays nothing.
    t.source.send(changed)
    t.s.release()
    expect(t.seen).toEqual([delivered, changed])
    expect(t.resyncs()).toBe(0)
  })

  it('asks the listeners to read again after a reconnect, not after the first open', () => {
    const t = stream()
    t.listen()
    t.source.open()
    t.s.release()
    expect(t.resyncs()).toBe(0)
    // A drop: what changed meanwhile sent events this window never got.
    t.source.drop()
    t.source.drop()
    expect(t.resyncs()).toBe(0)
    t.source.open()
    expect(t.resyncs()).toBe(1)
    t.source.send(changed)
    expect(t.seen).toEqual([changed])
  })

  it('counts an open after a failed first try as a reconnect: the reads went ahead without it', () => {
    const t = stream()
    t.source.drop()
    t.source.open()
    // Still held (the first page renders): the resync waits for its listeners.
    expect(t.resyncs()).toBe(0)
    t.listen()
    t.s.release()
    expect(t.resyncs()).toBe(1)
  })

  it('holds a bounded number of events: beyond it, the listeners read again instead', () => {
    const t = stream({ holdLimit: 3 })
    t.source.open()
    for (let i = 0; i < 5; i++) t.source.send(changed)
    t.listen()
    t.s.release()
    expect(t.seen).toEqual([])
    expect(t.resyncs()).toBe(1)
    t.source.send(delivered)
    expect(t.seen).toEqual([delivered])
  })

  it('stops handing events to a listener that unsubscribed', () => {
    const t = stream()
    t.source.open()
    t.s.release()
    const seen: RelayEvent[] = []
    const stop = t.s.onEvent((e) => seen.push(e))
    t.source.send(changed)
    stop()
    t.source.send(delivered)
    expect(seen).toEqual([changed])
  })
})
