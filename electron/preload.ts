import { contextBridge } from 'electron'

// The narrowest bridge: one object, `window.relay`. The typed API lands with the app shell.
contextBridge.exposeInMainWorld('relay', { platform: process.platform })
