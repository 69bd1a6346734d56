import type { RelayEvent } from '../../electron/core/events'
import type { RelayBridge } from '../../electron/ipc-channels'

/** What a feed tells the stream: an event, or that it (re)connected. */
export interface FeedHandlers {
  event(event: RelayEvent): void
  /** Listening from now on; `published`: the relay's count of events before this moment. */
  opened(published?: number): void
}

/** Where the relay's events come from: Server-Sent Events (headless) or the preload's bridge. */
export type EventFeed = (on: FeedHandlers) => void

/** The part of `EventSource` a feed uses (a test passes its own). */
export interface EventSourceLike {
  onmessage: ((this: EventSource, ev: MessageEvent) => unknown) | null
  addEventListener(type: 'hello', listener: (ev: MessageEvent) => void): void
}

/**
 * `GET /api/events`. The server registers the stream, then says `hello` with its count of events
 * so far (api-server.ts); the browser reconnects by itself after a drop, and each reconnection
 * says `hello` again.
 */
export function sseFeed(
  url: string,
  Source: new (url: string) => EventSourceLike = EventSource,
): EventFeed {
  return (on) => {
    const source = new Source(url)
    source.addEventListener('hello', (m) => on.opened(Number(m.data)))
    source.onmessage = (m) => on.event(JSON.parse(m.data as string) as RelayEvent)
  }
}

/**
 * The preload's `onEvent`. Listening starts at once, and IPC keeps order: an event sent after an
 * invoke's answer arrives after that answer, so subscribing before the first invoke misses nothing.
 */
export function bridgeFeed(bridge: Pick<RelayBridge, 'onEvent'>): EventFeed {
  return (on) => {
    bridge.onEvent(on.event)
    on.opened()
  }
}

export interface EventStream {
  /** Hands every event to `cb` (those held for the first page first, see `release`). */
  onEvent(cb: (event: RelayEvent) => void): () => void
  /** Calls `cb` when events may have been missed: what events keep fresh is stale, read again. */
  onResync(cb: () => void): () => void
  /**
   * A read was answered from the relay's state after `published` events (headless answers say
   * so). Read before the stream listened, with events in between, it is stale: a resync.
   */
  answeredAt(published: number): void
  /**
   * Delivers the events held since the stream opened, then every event as it comes. The first
   * page's components subscribe while it renders, after its reads may have been answered: an
   * event in between is held until they all listen (first-load.ts `endFirstLoad`), not lost.
   */
  release(): void
}

/** Events held for the first page beyond this are dropped, and the listeners resync instead. */
const HOLD_LIMIT = 500

/**
 * The window's event stream over `feed`. Reads and the stream are separate connections, so the
 * stream may start listening after a read was answered; rather than make every read wait for
 * it, the stream compares counts (`answeredAt` with `opened`) and resyncs when events fell in
 * between. Every reconnection is a resync too (what happened while away was not heard).
 */
export function createEventStream(feed: EventFeed, { holdLimit = HOLD_LIMIT } = {}): EventStream {
  const listeners = new Set<(event: RelayEvent) => void>()
  const resyncs = new Set<() => void>()
  let held: RelayEvent[] | undefined = []
  let resyncDue = false
  let overflowed = false
  let opens = 0
  // A resync since the last open reads after the stream listened: it covers any stale answer
  // still arriving.
  let resynced = false
  /** The count the stream started listening at (once it does). */
  let listeningFrom: number | undefined
  /** The oldest answer read before the stream listened. */
  let oldestEarly = Infinity

  const resync = () => {
    resynced = true
    if (held) resyncDue = true
    else for (const cb of [...resyncs]) cb()
  }
  feed({
    event(event) {
      if (!held) for (const cb of [...listeners]) cb(event)
      else if (overflowed) return
      else if (held.length < holdLimit) held.push(event)
      else {
        // Too many to replay: a resync reads everything again instead.
        held = []
        overflowed = true
        resyncDue = true
      }
    },
    opened(published) {
      listeningFrom = published
      resynced = false
      if (++opens > 1 || (published !== undefined && oldestEarly < published)) resync()
    },
  })

  return {
    onEvent(cb) {
      listeners.add(cb)
      return () => void listeners.delete(cb)
    },
    onResync(cb) {
      resyncs.add(cb)
      return () => void resyncs.delete(cb)
    },
    answeredAt(published) {
      if (!opens) oldestEarly = Math.min(oldestEarly, published)
      else if (!resynced && listeningFrom !== undefined && published < listeningFrom) resync()
    },
    release() {
      if (!held) return
      const events = held
      held = undefined
      for (const event of events) for (const cb of [...listeners]) cb(event)
      if (resyncDue) {
        resyncDue = false
        resync()
      }
    },
  }
}

let shared: EventStream | undefined

/** The window's one event stream, opened by its first caller (the first reads, first-load.ts). */
export function relayEvents(): EventStream {
  shared ??= createEventStream(window.relay ? bridgeFeed(window.relay) : sseFeed('/api/events'))
  return shared
}
