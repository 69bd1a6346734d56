import type { ApiMethod } from '../../electron/core/api/contract'
import type { FieldError } from '../../electron/core/settings/settings-errors'
import { ERRORS_HEADER } from '../../electron/core/api/api-transport'
import type { BridgeError, RelayBridge } from '../../electron/ipc-channels'
import type { CoreText } from '../../electron/core/text/core-text'
import { relayEvents } from './event-stream'

/**
 * An error the relay explained: one sentence (by its code when the relay said it so), and the
 * fields it is about when a form was sent.
 */
export class RelayError extends Error {
  constructor(
    message: string,
    readonly fields: FieldError[] = [],
    readonly sentence?: CoreText,
  ) {
    super(message)
    this.name = 'RelayError'
  }
}

/** What to show for an error: the relay's sentence by its code when it has one, else its English. */
export const errorSentence = (err: unknown): string | CoreText =>
  err instanceof RelayError && err.sentence
    ? err.sentence
    : err instanceof Error
      ? err.message
      : String(err)

export type RelayClient = RelayBridge & {
  transport: 'ipc' | 'http'
  /** Calls `cb` when events may have been missed (the stream reconnected): read again. */
  onResync(cb: () => void): () => void
}

declare global {
  interface Window {
    /** The preload's bridge (electron/preload.ts); absent in a browser. */
    relay?: RelayBridge
  }
}

/**
 * The window's one way to the relay: `window.relay` (the preload's IPC bridge) inside the app,
 * `POST /api/<method>` and Server-Sent Events in a browser (headless mode). Both are typed by the
 * same AppApi contract. Events come through the window's one stream (event-stream.ts), opened
 * before the first call leaves: no event after an answer goes unheard.
 */
export function createClient(): RelayClient {
  const stream = relayEvents()
  const bridge = window.relay
  if (bridge) {
    return new Proxy({} as RelayClient, {
      get: (_t, prop: string) => {
        if (prop === 'transport') return 'ipc'
        if (prop === 'onEvent') return stream.onEvent
        if (prop === 'onResync') return stream.onResync
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
              (err as BridgeError).fields,
              (err as BridgeError).sentence,
            )
          }
        }
      },
    })
  }
  return new Proxy({} as RelayClient, {
    get: (_t, prop: string) => {
      if (prop === 'transport') return 'http'
      if (prop === 'then') return undefined
      if (prop === 'onEvent') return stream.onEvent
      if (prop === 'onResync') return stream.onResync
      return async (input?: unknown) => {
        let res: Response
        try {
          res = await fetch(`/api/${prop as ApiMethod}`, {
            method: 'POST',
            // A refusal comes back as 200 with `error`: no failed load in the console.
            headers: { 'content-type': 'application/json', [ERRORS_HEADER]: 'envelope' },
            body: JSON.stringify(input ?? null),
            credentials: 'same-origin',
          })
        } catch {
          throw new RelayError(
            'The relay does not answer: is `wecom-alert-relay serve` still running?',
          )
        }
        // The stream and a read are two connections: the stream tells whether this answer was
        // read before it listened, with events in between (event-stream.ts).
        const published = res.headers.get('x-relay-events')
        if (published !== null) stream.answeredAt(Number(published))
        const body = (await res
          .json()
          .catch(() => ({ error: `The relay answered HTTP ${res.status}.` }))) as {
          result?: unknown
          error?: string
          sentence?: CoreText
          fields?: FieldError[]
        }
        if (!res.ok || body.error !== undefined)
          throw new RelayError(
            body.error ?? `The relay answered HTTP ${res.status}.`,
            body.fields,
            body.sentence,
          )
        return body.result
      }
    },
  })
}
