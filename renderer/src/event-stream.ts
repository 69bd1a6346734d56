import type { RelayEvent } from '../../electron/core/events'
import type { RelayBridge } from '../../electron/ipc-channels'

/** What a feed tells the stream: an event, the feed (re)connected, the feed dropped. */
export interface FeedHandlers {
  event(event: RelayEvent): void
  opened(): void
  broken(): void
}

/** Where the relay's events come from: Server-Sent Events (headless) or the preload's bridge. */
export type EventFeed = (on: FeedHandlers) => void

/** The part of `EventSource` a feed uses (a test passes its own). */
export interface EventSourceLike {
  onopen: ((this: EventSource, ev: Event) => unknown) | null
  onerror: ((this: EventSource, ev: Event) => unknown) | null
  onmessage: ((this: EventSource, ev: MessageEvent) => unknown) | null
}

/**
 * `GET /api/events`. The browser reconnects by itself after a drop; every `open` after the first
 * is a reconnect. The server registers the stream before its headers leave (api-server.ts), so an
 * event published after `open` fired reaches this window.
 */
export function sseFeed(
  url: string,
  Source: new (url: string) => EventSourceLike = EventSource,
): EventFeed {
  return (on) => {
    const source = new Source(url)
    source.onopen = () => on.opened()
    source.onerror = () => on.broken()
    source.onmessage = (m) => on.event(JSON.parse(m.data as string) as RelayEvent)
  }
}

/**
 * The preload's `onEvent`. Listening starts at once (no connection to wait for), and IPC keeps
 * order: an event sent after an invoke's answer arrives after that answer, so subscribing before
 * the first invoke misses nothing.
 */
export function bridgeFeed(bridge: Pick<RelayBridge, 'onEvent'>): EventFeed {
  return (on) => {
    bridge.onEvent(on.event)
    on.opened()
  }
}

export interface EventStream {
  /**
   * Settles when events published from now on reach this window (the feed is open), or when the
   * feed failed to open (the reads will say why). Reads wait for it, so none is answered from a
   * state whose later changes the window would not hear about.
   */
  ready: Promise<void>
  /** Hands every event to `cb` (those held for the first page first, see `release`). */
  onEvent(cb: (event: RelayEvent) => void): () => void
  /** Calls `cb` when events may have been missed (a reconnect): what events keep fresh is stale. */
  onResync(cb: () => void): () => void
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
 * Reads wait this long at most for the stream: one that never opens (a proxy that buffers the
 * response) must not leave the window loading for ever. Its open, if it comes, is a resync.
 */
const READY_WITHIN_MS = 3000

/** The window's event stream over `feed`: held until `release`, resync on every reconnect. */
export function createEventStream(
  feed: EventFeed,
  { holdLimit = HOLD_LIMIT, readyWithinMs = READY_WITHIN_MS } = {},
): EventStream {
  const listeners = new Set<(event: RelayEvent) => void>()
  const resyncs = new Set<() => void>()
  let held: RelayEvent[] | undefined = []
  let resyncDue = false
  let overflowed = false
  let settled = false
  let settle!: () => void
  const ready = new Promise<void>((resolve) => (settle = resolve))
  const lateTimer = setTimeout(() => {
    settled = true
    settle()
  }, readyWithinMs)

  const resync = () => {
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
    opened() {
      // Reads may have been answered before this open (a failed first try, a drop): read again.
      if (settled) resync()
      settled = true
      clearTimeout(lateTimer)
      settle()
    },
    broken() {
      settled = true
      clearTimeout(lateTimer)
      settle()
    },
  })

  return {
    ready,
    onEvent(cb) {
      listeners.add(cb)
      return () => void listeners.delete(cb)
    },
    onResync(cb) {
      resyncs.add(cb)
      return () => void resyncs.delete(cb)
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
