import type { FieldError } from './core/settings/errors'

/** IPC names shared by main and preload (the preload cannot import ipcMain's module). */
export const IPC_EVENT = 'relay:event'
export const ipcChannel = (method: string) => `relay:${method}`
export type IpcEnvelope =
  { ok: true; result: unknown } | { ok: false; error: string; fields?: FieldError[] }
