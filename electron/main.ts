import { app, dialog, type BrowserWindow } from 'electron'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createApiService, type ApiService } from './core/api/service'
import { createRelay, type Relay } from './core/app'
import { DataFolderError, DataFolderInUseError } from './core/data-lock'
import { HIDDEN_ARG } from './core/shell/login-item'
import { forwardEvents, registerIpc } from './ipc'
import { setupLoginItem } from './login'
import { setupNotifications } from './notifications'
import { safeStorageBox } from './safe-storage-box'
import { electronStoreBackend } from './settings-backend'
import { setupTray } from './tray'
import { createMainWindow, showWindow } from './main-window'

/**
 * The Electron shell: a list of setup steps (Electron Fiddle's shape). The relay itself is the
 * headless core (core/app.ts); each step only binds one Electron facility to it.
 */

const here = fileURLToPath(new URL('.', import.meta.url))
const page = join(here, '..', 'renderer', 'index.html')
const preload = join(here, 'preload.cjs')

let relay: Relay | undefined
let win: BrowserWindow | undefined
let quitting = false
/** What to stop before the relay closes (tray, notifications, event forwarding). */
const stops: Array<() => void> = []

/** RELAY_DATA_DIR or --data-dir=DIR, before the single-instance lock and the store, so tests and profiles stay apart. */
function setupDataDir(): void {
  const arg = process.argv.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length)
  const dir = arg ?? process.env.RELAY_DATA_DIR
  if (dir) app.setPath('userData', dir)
}

/** A relay that stops relaying pages nobody: a stray rejection is logged (it is a bug), not fatal. */
function setupCrashGuard(): void {
  process.on('unhandledRejection', (err) =>
    console.error('unexpected failure, the relay keeps running:', err),
  )
}

/** One relay per data folder: a second start focuses the first one's window and quits. */
function setupSingleInstance(): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return false
  }
  app.on('second-instance', () => showWindow(win))
  return true
}

/** A tray app: no dock icon, closing the window keeps it running, quitting drains sends in flight. */
function setupLifecycle(): void {
  // macOS: LSUIElement in the packaged app; this covers development.
  app.dock?.hide()
  app.on('window-all-closed', () => {
    // Stay in the tray.
  })
  app.on('before-quit', (event) => {
    quitting = true
    if (!relay) return
    // Let sends in flight finish and be recorded, then quit for real.
    event.preventDefault()
    const closing = relay
    relay = undefined
    for (const stop of stops.splice(0)) stop()
    void closing.close().finally(() => app.exit(0))
  })
}

async function setupRelay(): Promise<Relay> {
  const r = await createRelay({
    dataDir: app.getPath('userData'),
    createSettingsBackend: electronStoreBackend,
    secretBox: safeStorageBox(),
    lock: { what: 'the tray app', advice: 'quit the app and start it with another --data-dir=DIR' },
  })
  for (const w of r.warnings) console.warn(`warning: ${w.text}`)
  // A port in use is shown in the window and the tray, not a crash.
  await r.listener.start().catch((err: Error) => console.warn(`warning: ${err.message}`))
  return r
}

function setupIpc(r: Relay, service: ApiService): void {
  registerIpc(service, () => ({ contents: win?.webContents, pageUrl: pathToFileURL(page).href }))
  stops.push(forwardEvents(r.events, () => win?.webContents))
}

function setupWindow(): BrowserWindow {
  return createMainWindow({
    preload,
    page,
    boundsFile: join(app.getPath('userData'), 'window-state.json'),
    show: !process.argv.includes(HIDDEN_ARG),
    quitting: () => quitting,
  })
}

function open(route?: string): void {
  showWindow(win, route)
}

/** Starts the shell. Resolves true once the window and tray are up, false in a second instance. */
export async function main(): Promise<boolean> {
  setupDataDir()
  setupCrashGuard()
  if (!setupSingleInstance()) return false
  setupLifecycle()
  await app.whenReady()
  const r = (relay = await setupRelay())
  const service = createApiService(r, { mode: 'electron', version: app.getVersion() })
  setupIpc(r, service)
  win = setupWindow()
  const resources = app.isPackaged
    ? join(process.resourcesPath, 'tray')
    : join(here, '..', '..', 'resources', 'tray')
  stops.push(setupTray(r, service, { resources, open, quit: () => app.quit() }))
  stops.push(setupNotifications(r, open, service, () => win?.flashFrame(true)))
  setupLoginItem(r.settings)
  return true
}

/** The running shell (the tests wait on it). A failed start is shown, then the app exits. */
export const started = main().catch((err: Error) => {
  dialog.showErrorBox(
    'WeCom Alert Relay could not start',
    // A folder held by another relay says who holds it; anything else is about the folder itself.
    err instanceof DataFolderInUseError || err instanceof DataFolderError
      ? err.message
      : `${err.message}\n\nCheck that the data folder ${app.getPath('userData')} is writable, then start the app again.`,
  )
  app.exit(1)
  return false
})
