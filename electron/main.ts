import { app, BrowserWindow } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRelay, type Relay } from './core/app'
import { electronStoreBackend } from './settings-backend'

const here = fileURLToPath(new URL('.', import.meta.url))

// RELAY_DATA_DIR (or --data-dir) must be applied before the single-instance lock and the store,
// so that tests and several profiles stay apart.
const dataDirArg = process.argv
  .find((a) => a.startsWith('--data-dir='))
  ?.slice('--data-dir='.length)
const dataDir = dataDirArg ?? process.env.RELAY_DATA_DIR
if (dataDir) app.setPath('userData', dataDir)

let relay: Relay | undefined
let window: BrowserWindow | undefined

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    title: 'WeCom Alert Relay',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  void win.loadFile(join(here, '..', 'renderer', 'index.html'))
  return win
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore()
    window?.show()
    window?.focus()
  })
  void app.whenReady().then(async () => {
    relay = await createRelay({
      dataDir: app.getPath('userData'),
      createSettingsBackend: electronStoreBackend,
    })
    for (const w of relay.warnings) console.warn(`warning: ${w}`)
    // A port in use is shown in the window and the tray, not a crash.
    await relay.listener.start().catch((err: Error) => console.warn(`warning: ${err.message}`))
    window = createWindow()
  })
  app.on('before-quit', () => void relay?.close())
}
