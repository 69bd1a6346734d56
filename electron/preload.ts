import { contextBridge, ipcRenderer } from 'electron'
import type { ApiInput, ApiMethod, ApiOutput } from './core/api/contract'
import type { RelayEvent } from './core/events'
import {
  IPC_EVENT,
  ipcChannel,
  type BridgeError,
  type IpcEnvelope,
  type RelayBridge,
} from './ipc-channels'

/** One method of the bridge: invoke, then unwrap the envelope. */
function call<M extends ApiMethod>(method: M) {
  return async (input?: ApiInput<M>): Promise<ApiOutput<M>> => {
    const reply = (await ipcRenderer.invoke(ipcChannel(method), input)) as IpcEnvelope
    if (reply.ok) return reply.result as ApiOutput<M>
    // A plain object, not an Error: contextBridge copies only an Error's message, and the form
    // needs the field list (Electron docs, contextBridge "Parameter / Error / Return Type support").
    const failure: BridgeError = {
      message: reply.error,
      sentence: reply.sentence,
      fields: reply.fields,
    }
    throw failure
  }
}

/**
 * The narrowest bridge: `window.relay` has one function per AppApi method and `onEvent`.
 * ipcRenderer itself never reaches the page, nor does the IpcRendererEvent. `satisfies` makes the
 * compiler check this list against the contract: a method missing or extra does not build.
 */
const bridge = {
  appInfo: call('appInfo'),
  listChannels: call('listChannels'),
  validateChannel: call('validateChannel'),
  saveChannel: call('saveChannel'),
  deleteChannel: call('deleteChannel'),
  revealSecret: call('revealSecret'),
  duplicateChannel: call('duplicateChannel'),
  templateInfo: call('templateInfo'),
  lintTemplate: call('lintTemplate'),
  previewTemplate: call('previewTemplate'),
  previewDigest: call('previewDigest'),
  previewStorm: call('previewStorm'),
  testWebhook: call('testWebhook'),
  revealCurl: call('revealCurl'),
  queryHistory: call('queryHistory'),
  historyRows: call('historyRows'),
  historyChart: call('historyChart'),
  getAlert: call('getAlert'),
  resendAlert: call('resendAlert'),
  exportHistory: call('exportHistory'),
  deliveryStatus: call('deliveryStatus'),
  pauseDelivery: call('pauseDelivery'),
  resumeDelivery: call('resumeDelivery'),
  sendTestAlert: call('sendTestAlert'),
  getSettings: call('getSettings'),
  updateSettings: call('updateSettings'),
  exportSettings: call('exportSettings'),
  importSettings: call('importSettings'),
  listActive: call('listActive'),
  acknowledge: call('acknowledge'),
  unacknowledge: call('unacknowledge'),
  listMutes: call('listMutes'),
  createMute: call('createMute'),
  createMuteFromAlert: call('createMuteFromAlert'),
  expireMute: call('expireMute'),
  silenceUpstream: call('silenceUpstream'),
  expireSilence: call('expireSilence'),
  silenceTarget: call('silenceTarget'),
  simulatorMessages: call('simulatorMessages'),
  clearSimulator: call('clearSimulator'),
  readSenderBody: call('readSenderBody'),
  subscriptionRequests: call('subscriptionRequests'),
  onEvent(callback: (event: RelayEvent) => void) {
    const listener = (_event: unknown, payload: RelayEvent) => callback(payload)
    ipcRenderer.on(IPC_EVENT, listener)
    return () => void ipcRenderer.removeListener(IPC_EVENT, listener)
  },
} satisfies RelayBridge

contextBridge.exposeInMainWorld('relay', bridge)
