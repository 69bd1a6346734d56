import type { ApiMethod } from '../../electron/core/api/contract'
import type { RelayEvent } from '../../electron/core/events'
import type { FieldError } from '../../electron/core/settings/errors'
import type { RelayBridge } from '../../electron/ipc-channels'

/** An error the relay explained: one sentence, and the fields it is about when a form was sent. */
export class RelayError extends Error {
  constructor(
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message)
    this.name = 'RelayError'
  }
}

export type RelayClient = RelayBridge & { transport: 'ipc' | 'http' }

declare global {
  interface Window {
    /** The preload's bridge (electron/preload.ts); absent in a browser. */
    relay?: RelayBridge
  }
}

/**
 * The window's one way to the relay: `window.relay` (the preload's IPC bridge) inside the app,
 * `POST /api/<method>` and Server-Sent Events in a browser (headless mode). Both are typed by the
 * same AppApi contract.
 */
export function createClient(): RelayClient {
  const bridge = window.relay
  if (bridge) {
    return new Proxy({} as RelayClient, {
      get: (_t, prop: string) => {
        if (prop === 'transport') return 'ipc'
        if (prop === 'onEvent') return bridge.onEvent
        const fn = (bridge as unknown as Record<string, (i?: unknown) => Promise<unknown>>)[prop]
        return async (input?: unknown) => {
          try {
            return await fn!(input)
          } catch (err) {
            throw new RelayError(
              (err as Error).message.replace(
                /^Error invoking remote method '[^']+': (Error: )?/,
                '',
              ),
              (err as { fields?: FieldError[] }).fields,
            )
          }
        }
      },
    })
  }
  const listeners = new Set<(event: RelayEvent) => void>()
  let source: EventSource | undefined
  const ensureStream = () => {
    if (source) return
    source = new EventSource('/api/events')
    source.onmessage = (m) => {
      const event = JSON.parse(m.data as string) as RelayEvent
      for (const l of listeners) l(event)
    }
  }
  return new Proxy({} as RelayClient, {
    get: (_t, prop: string) => {
      if (prop === 'transport') return 'http'
      if (prop === 'then') return undefined
      if (prop === 'onEvent')
        return (cb: (event: RelayEvent) => void) => {
          listeners.add(cb)
          ensureStream()
          return () => listeners.delete(cb)
        }
      return async (input?: unknown) => {
        let res: Response
        try {
          res = await fetch(`/api/${prop as ApiMethod}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(input ?? null),
            credentials: 'same-origin',
          })
        } catch {
          throw new RelayError(
            'The relay does not answer: is `wecom-alert-relay serve` still running?',
          )
        }
        const body = (await res
          .json()
          .catch(() => ({ error: `The relay answered HTTP ${res.status}.` }))) as {
          result?: unknown
          error?: string
          fields?: FieldError[]
        }
        if (!res.ok)
          throw new RelayError(body.error ?? `The relay answered HTTP ${res.status}.`, body.fields)
        return body.result
      }
    },
  })
}
