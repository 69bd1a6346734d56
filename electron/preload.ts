import { contextBridge, ipcRenderer } from 'electron'
import { API_METHODS } from './core/api/contract'
import type { RelayEvent } from './core/events'
import { IPC_EVENT, ipcChannel, type IpcEnvelope } from './ipc-channels'

/**
 * The narrowest bridge: `window.relay` has one function per AppApi method and `onEvent`.
 * ipcRenderer itself never reaches the page, nor does the IpcRendererEvent.
 */
const api: Record<string, unknown> = {}
for (const method of API_METHODS) {
  api[method] = async (input?: unknown) => {
    const reply = (await ipcRenderer.invoke(ipcChannel(method), input)) as IpcEnvelope
    if (reply.ok) return reply.result
    throw Object.assign(new Error(reply.error), { fields: reply.fields })
  }
}
api.onEvent = (callback: (event: RelayEvent) => void) => {
  const listener = (_event: unknown, payload: RelayEvent) => callback(payload)
  ipcRenderer.on(IPC_EVENT, listener)
  return () => ipcRenderer.removeListener(IPC_EVENT, listener)
}
contextBridge.exposeInMainWorld('relay', api)
