import { createClient, type RelayClient } from './api'
import { relayEvents } from './event-stream'

/**
 * The first page's reads, started as soon as this small module arrives (index.html loads it as
 * its own `async` script, before the main bundle is in, parsed and rendered once: that waited
 * ~130 ms before asking anything), all in parallel. Their answers are handed to the first calls
 * with the same method and input, so the status strip, the settings and the landing page do not
 * ask twice; after the first render's effects (`endFirstLoad`) every call asks the relay again.
 * The main bundle imports this same module, so both share one set of answers.
 * Creating the client opens the event stream first (api.ts): an event published after an answer
 * is held (event-stream.ts) until the first render's components subscribe, then handed to them,
 * and an answer read before the stream listened, with events in between, is read again.
 */
const early = new Map<string, Promise<unknown>>()
/** The answers already in: the first render can draw them at once instead of rendering twice. */
const settled = new Map<string, unknown>()
let open = true

const keyOf = (method: string, input: unknown) => `${method} ${JSON.stringify(input ?? null)}`

type Method = Exclude<keyof RelayClient, 'transport' | 'onEvent' | 'onResync'>

/** Starts the reads the first page needs: the status strip's, and the landing page's data. */
function startFirstLoad(api: RelayClient): ReturnType<RelayClient['getSettings']> {
  const ask = (method: Method, input?: unknown) => {
    const call = api[method] as (input?: unknown) => Promise<unknown>
    const answer = call(input)
    // A failure is the caller's to show; one nobody asked for again is not an unhandled rejection.
    answer.then(
      (value) => open && settled.set(keyOf(method, input), value),
      () => {},
    )
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
  return settings
}

/** The client, handing out the early answers until `endFirstLoad`. */
export function withFirstLoad(api: RelayClient): RelayClient {
  return new Proxy(api, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown
      if (
        typeof prop !== 'string' ||
        typeof value !== 'function' ||
        prop === 'onEvent' ||
        prop === 'onResync'
      )
        return value
      return (input?: unknown) => {
        const answer = open ? early.get(keyOf(prop, input)) : undefined
        return answer ?? (value as (input?: unknown) => Promise<unknown>)(input)
      }
    },
  })
}

/** An early answer that is already in, for a first render; undefined when not (yet). */
export function firstAnswer<M extends Method>(
  method: M,
  ...input: Parameters<RelayClient[M]>
): Awaited<ReturnType<RelayClient[M]>> | undefined {
  if (!open) return undefined
  return settled.get(keyOf(method, input[0])) as Awaited<ReturnType<RelayClient[M]>> | undefined
}

/**
 * From now on every call asks the relay: the early answers may be stale. The first render's
 * components all listen now, so the events held since the stream opened are handed to them.
 */
export function endFirstLoad(): void {
  open = false
  early.clear()
  settled.clear()
  relayEvents().release()
}

/** The settings as the window opened (app.tsx decides the landing page by them). */
export const firstSettings = startFirstLoad(createClient())
