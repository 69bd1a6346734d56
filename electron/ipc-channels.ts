import type { AppApi } from './core/api/contract'
import type { RelayEvent } from './core/events'
import type { FieldError } from './core/settings/settings-errors'
import type { CoreText } from './core/text/core-text'

/** IPC names shared by main and preload (the preload cannot import ipcMain's module). */
export const IPC_EVENT = 'relay:event'
export const ipcChannel = (method: string) => `relay:${method}`
export type IpcEnvelope =
  | { ok: true; result: unknown }
  | { ok: false; error: string; sentence?: CoreText; fields?: FieldError[] }

/**
 * `window.relay`, as the preload exposes it: one function per AppApi method, and `onEvent`.
 * A failed call rejects with `{ message, fields }` (a plain object: contextBridge copies an
 * Error's message only, and the form needs its field list).
 */
export type RelayBridge = AppApi & {
  onEvent(callback: (event: RelayEvent) => void): () => void
}

/** What a `window.relay` call rejects with. */
export interface BridgeError {
  message: string
  /** The message by its code, when the core said it so: the window words it in its language. */
  sentence?: CoreText
  fields?: FieldError[]
}
