import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron'
import { callApi } from './core/api/call'
import { API_METHODS } from './core/api/contract'
import type { ApiService } from './core/api/service'
import type { RelayEvent, RelayEvents } from './core/events'

import { IPC_EVENT, ipcChannel, type IpcEnvelope } from './ipc-channels'

/**
 * Registers one handler per AppApi method. Every call is checked: it must come from the app's own
 * window and page (Electron security checklist: validate the sender of all IPC messages), and its
 * input must pass the method's schema (callApi, shared with the HTTP API). Rejections are logged
 * and change nothing.
 */
export function registerIpc(
  service: ApiService,
  trusted: () => { contents?: WebContents; pageUrl: string },
): void {
  for (const method of API_METHODS) {
    ipcMain.handle(
      ipcChannel(method),
      async (event: IpcMainInvokeEvent, input: unknown): Promise<IpcEnvelope> => {
        const { contents, pageUrl } = trusted()
        const frameUrl = event.senderFrame?.url ?? ''
        if (!contents || event.sender !== contents || !frameUrl.startsWith(pageUrl)) {
          console.warn(`ipc: refused ${method} from an untrusted frame (${frameUrl || 'unknown'})`)
          return { ok: false, error: 'Refused: this request did not come from the relay window.' }
        }
        return callApi(service, method, input)
      },
    )
  }
}

/** Pushes relay events to the window, and only there. */
export function forwardEvents(
  events: RelayEvents,
  target: () => WebContents | undefined,
): () => void {
  const send = (event: RelayEvent) => {
    const contents = target()
    if (contents && !contents.isDestroyed()) contents.send(IPC_EVENT, event)
  }
  events.on('event', send)
  return () => events.off('event', send)
}
