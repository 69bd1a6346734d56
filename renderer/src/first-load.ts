import type { RelayClient } from './api'

/**
 * The first page's reads, started while the bundle runs instead of from React's effects after the
 * first render (which waited ~130 ms for parsing and rendering before asking anything), all in
 * parallel. Their answers are handed to the first calls with the same method and input, so the
 * status strip, the settings and the landing page do not ask twice; after the first render's
 * effects (`endFirstLoad`) every call asks the relay again.
 */
const early = new Map<string, Promise<unknown>>()
let open = true

const keyOf = (method: string, input: unknown) => `${method} ${JSON.stringify(input ?? null)}`

type Method = Exclude<keyof RelayClient, 'transport' | 'onEvent'>

/** Starts the reads the first page needs: the status strip's, and the landing page's data. */
export function startFirstLoad(api: RelayClient): void {
  const ask = (method: Method, input?: unknown) => {
    const call = api[method] as (input?: unknown) => Promise<unknown>
    const answer = call(input)
    // A failure is the caller's to show; one nobody asked for again is not an unhandled rejection.
    answer.catch(() => {})
    early.set(keyOf(method, input), answer)
    return answer
  }
  ask('appInfo')
  ask('deliveryStatus')
  const settings = ask('getSettings') as ReturnType<RelayClient['getSettings']>
  const route = location.hash.replace(/^#\/?/, '').split(/[/?]/)[0]
  // Now is the landing page (app.tsx): its firing list (grouped by name, its default) and mutes.
  if (!route || route === 'now') {
    ask('listActive', { groupBy: 'name' })
    ask('listMutes')
  }
  // A newcomer without a channel lands on Channels: fetch that page's code while React starts.
  if (!route)
    settings
      .then((s) => {
        if (!s.channels.length) void import('./pages/channels/channels-page')
      })
      .catch(() => {})
}

/** The client, handing out the early answers until `endFirstLoad`. */
export function withFirstLoad(api: RelayClient): RelayClient {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (typeof prop !== 'string' || typeof value !== 'function' || prop === 'onEvent')
        return value
      return (input?: unknown) => {
        const answer = open ? early.get(keyOf(prop, input)) : undefined
        return answer ?? (value as (input?: unknown) => Promise<unknown>)(input)
      }
    },
  })
}

/** From now on every call asks the relay: the early answers may be stale. */
export function endFirstLoad(): void {
  open = false
  early.clear()
}
