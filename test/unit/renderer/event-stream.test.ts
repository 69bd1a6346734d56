import { describe, expect, it } from 'vitest'
import type { RelayEvent } from '../../../electron/core/events'
import {
  bridgeFeed,
  createEventStream,
  sseFeed,
  type EventSourceLike,
} from '../../../renderer/src/event-stream'

/** An EventSource the test drives: the server's `hello` and events, and the browser's reconnects. */
class FakeSource implements EventSourceLike {
  static last: FakeSource | undefined
  onmessage: EventSourceLike['onmessage'] = null
  #hello: Array<(m: MessageEvent) => void> = []
  constructor(readonly url: string) {
    FakeSource.last = this
  }
  addEventListener(_type: 'hello', listener: (m: MessageEvent) => void) {
    this.#hello.push(listener)
  }
  /** The server registered the stream after `published` events. */
  hello(published: number) {
    for (const l of this.#hello) l(new MessageEvent('hello', { data: String(published) }))
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
  const seen: RelayEvent[] = []
  let resyncs = 0
  return {
    s,
    source: FakeSource.last!,
    seen,
    resyncs: () => resyncs,
    /** The first page's components subscribe. */
    listen: () => {
      s.onEvent((e) => seen.push(e))
      s.onResync(() => resyncs++)
    },
  }
}

describe('the window event stream', () => {
  it('asks for the events as it is made, before any read', () => {
    const t = stream()
    expect(t.source.url).toBe('/api/events')
  })

  it('holds what arrives before the first page listens, and hands it to every listener once', () => {
    const t = stream()
    t.s.answeredAt(7)
    t.source.hello(7)
    // An alert is delivered after the first reads, before any component subscribed.
    t.source.send(delivered)
    const other: RelayEvent[] = []
    t.listen()
    t.s.onEvent((e) => other.push(e))
    expect(t.seen).toEqual([])
    t.s.release()
    expect(t.seen).toEqual([delivered])
    expect(other).toEqual([delivered])
    // From then on, as it comes; a second release replays nothing; nothing was read stale.
    t.source.send(changed)
    t.s.release()
    expect(t.seen).toEqual([delivered, changed])
    expect(t.resyncs()).toBe(0)
  })

  it('reads again when an answer was read before the stream listened, with events in between', () => {
    const t = stream()
    // The reads were answered after 7 events; two more came before the stream was registered.
    t.s.answeredAt(7)
    t.s.answeredAt(8)
    t.source.hello(9)
    t.listen()
    expect(t.resyncs()).toBe(0)
    t.s.release()
    expect(t.resyncs()).toBe(1)
  })

  it('reads again, once, when stale answers arrive after the stream said hello', () => {
    const t = stream()
    t.listen()
    t.source.hello(9)
    t.s.release()
    t.s.answeredAt(9)
    expect(t.resyncs()).toBe(0)
    t.s.answeredAt(8)
    t.s.answeredAt(7)
    expect(t.resyncs()).toBe(1)
    // Read after the stream listened: fresh.
    t.s.answeredAt(12)
    expect(t.resyncs()).toBe(1)
  })

  it('reads again after every reconnection: what happened meanwhile was not heard', () => {
    const t = stream()
    t.listen()
    t.source.hello(3)
    t.s.release()
    expect(t.resyncs()).toBe(0)
    t.source.hello(10)
    expect(t.resyncs()).toBe(1)
    t.source.send(changed)
    expect(t.seen).toEqual([changed])
    // A stale answer after the reconnection's resync is covered by it.
    t.s.answeredAt(4)
    expect(t.resyncs()).toBe(1)
  })

  it('holds a bounded number of events: beyond it, the listeners read again instead', () => {
    const t = stream({ holdLimit: 3 })
    t.source.hello(0)
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
    t.source.hello(0)
    t.s.release()
    const seen: RelayEvent[] = []
    const stop = t.s.onEvent((e) => seen.push(e))
    t.source.send(changed)
    stop()
    t.source.send(delivered)
    expect(seen).toEqual([changed])
  })

  it('listens on the bridge at once, and holds its events for the first page too', () => {
    let push: ((e: RelayEvent) => void) | undefined
    const s = createEventStream(bridgeFeed({ onEvent: (cb) => ((push = cb), () => {}) }))
    expect(push).toBeDefined()
    push!(delivered)
    const seen: RelayEvent[] = []
    let resyncs = 0
    s.onEvent((e) => seen.push(e))
    s.onResync(() => resyncs++)
    s.release()
    expect(seen).toEqual([delivered])
    expect(resyncs).toBe(0)
  })
})
