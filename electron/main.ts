import { app, BrowserWindow, Notification, shell } from 'electron'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createApiService } from './core/api/service'
import { createRelay, type Relay } from './core/app'
import { HIDDEN_ARG } from './core/shell/login-item'
import { NotificationPolicy } from './core/shell/notify-model'
import type { TrayAction } from './core/shell/tray-model'
import { forwardEvents, registerIpc } from './ipc'
import { setStartAtLogin } from './login'
import { electronStoreBackend } from './settings-backend'
import { destroyTray, renderTray } from './tray'
import { safeExternalUrl, windowOptions } from './window'

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererIndex = join(here, '..', 'renderer', 'index.html')
const resources = app.isPackaged
  ? join(process.resourcesPath, 'tray')
  : join(here, '..', '..', 'resources', 'tray')

// RELAY_DATA_DIR (or --data-dir=DIR) applies before the single-instance lock and the store, so
// tests and several profiles stay apart.
const dataDirArg = process.argv
  .find((a) => a.startsWith('--data-dir='))
  ?.slice('--data-dir='.length)
if (dataDirArg ?? process.env.RELAY_DATA_DIR)
  app.setPath('userData', (dataDirArg ?? process.env.RELAY_DATA_DIR)!)

// A relay that stops relaying pages nobody: a stray rejection is logged (it is a bug), not fatal.
process.on('unhandledRejection', (err) =>
  console.error('unexpected failure, the relay keeps running:', err),
)

let relay: Relay | undefined
let win: BrowserWindow | undefined
let quitting = false

function setupWindow(show: boolean): BrowserWindow {
  const boundsFile = join(app.getPath('userData'), 'window-state.json')
  const bounds = existsSync(boundsFile)
    ? (JSON.parse(readFileSync(boundsFile, 'utf8')) as Electron.Rectangle)
    : undefined
  const w = new BrowserWindow(windowOptions(join(here, 'preload.cjs'), bounds, show))
  w.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url)
    if (safe) void shell.openExternal(safe)
    return { action: 'deny' }
  })
  w.webContents.on('will-navigate', (event) => event.preventDefault())
  // Hide to the tray on close; quit only from the tray menu.
  w.on('close', (event) => {
    writeFileSync(boundsFile, JSON.stringify(w.getBounds()))
    if (!quitting) {
      event.preventDefault()
      w.hide()
    }
  })
  void w.loadFile(rendererIndex)
  return w
}

function show(route?: string): void {
  if (!win) return
  if (route) void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(route)}`)
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}

function setupTray(r: Relay, service: ReturnType<typeof createApiService>): () => void {
  const act = (action: TrayAction) => {
    switch (action.type) {
      case 'open':
        return show()
      case 'openAlert':
        return show(`#/history/${action.id}`)
      case 'pause':
        return void service.pauseDelivery({ minutes: action.minutes })
      case 'resume':
        return void service.resumeDelivery()
      case 'sendTest':
        return void service.sendTestAlert({})
      case 'toggleStartAtLogin': {
        const enabled = !r.settings.get().app.startAtLogin
        r.settings.update((s) => void (s.app.startAtLogin = enabled))
        return
      }
      case 'quit':
        quitting = true
        return app.quit()
    }
  }
  const refresh = () => {
    const s = r.settings.get()
    renderTray(
      resources,
      {
        delivery: r.delivery.status(),
        listener: r.listener.status(),
        recentAlerts: r.history.latest(5).map((e) => ({
          id: e.alert.id,
          name: e.alert.vars.alarm_name ?? 'Alert',
          level: e.alert.vars.alarm_level,
          status: e.alert.status,
          receivedAt: e.alert.receivedAt,
        })),
        startAtLogin: s.app.startAtLogin,
        language: s.app.language,
      },
      act,
    )
  }
  refresh()
  let pending: NodeJS.Timeout | undefined
  const onEvent = () => {
    pending ??= setTimeout(() => {
      pending = undefined
      refresh()
    }, 250)
  }
  r.events.on('event', onEvent)
  const tick = setInterval(refresh, 30_000)
  return () => {
    r.events.off('event', onEvent)
    clearInterval(tick)
  }
}

function setupNotifications(r: Relay): void {
  const policy = new NotificationPolicy(r.settings.get().app.notifications)
  r.settings.on('changed', (s) => (policy.mode = s.app.notifications))
  let timer: NodeJS.Timeout | undefined
  const showNotice = (notice: ReturnType<NotificationPolicy['flush']>) => {
    if (!notice || !Notification.isSupported()) return
    const n = new Notification({ title: notice.title, body: notice.body })
    n.on('click', () => show(`#/history/${notice.alertId}`))
    n.show()
  }
  r.events.on('event', (event) => {
    if (event.type !== 'alert.received') return
    const alerts = event.ids.map((id) => r.history.get(id)).filter((e) => !!e)
    showNotice(
      policy.offer(
        alerts.map((e) => ({
          id: e.alert.id,
          name: e.alert.vars.alarm_name ?? 'Alert',
          level: e.alert.vars.alarm_level,
          target: e.alert.vars.alarm_target,
          status: e.alert.status,
        })),
        Date.now(),
      ),
    )
    const at = policy.nextFlushAt()
    if (at !== undefined && !timer) {
      timer = setTimeout(
        () => {
          timer = undefined
          showNotice(policy.flush(Date.now()))
        },
        Math.max(0, at - Date.now()),
      )
    }
  })
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => show())
  // macOS: no dock icon for a tray app (LSUIElement in the packaged app; this covers development).
  app.dock?.hide()
  app.on('window-all-closed', () => {
    // Stay in the tray.
  })
  void app.whenReady().then(async () => {
    relay = await createRelay({
      dataDir: app.getPath('userData'),
      createSettingsBackend: electronStoreBackend,
    })
    for (const w of relay.warnings) console.warn(`warning: ${w}`)
    // A port in use is shown in the window and the tray, not a crash.
    await relay.listener.start().catch((err: Error) => console.warn(`warning: ${err.message}`))
    const service = createApiService(relay, { mode: 'electron', version: app.getVersion() })
    registerIpc(service, () => ({
      contents: win?.webContents,
      pageUrl: pathToFileURL(rendererIndex).href,
    }))
    win = setupWindow(!process.argv.includes(HIDDEN_ARG))
    forwardEvents(relay.events, () => win?.webContents)
    setupTray(relay, service)
    setupNotifications(relay)
    let startAtLogin = relay.settings.get().app.startAtLogin
    relay.settings.on('changed', (s) => {
      if (s.app.startAtLogin !== startAtLogin) setStartAtLogin((startAtLogin = s.app.startAtLogin))
    })
  })
  app.on('before-quit', (event) => {
    quitting = true
    if (!relay) return
    // Let sends in flight finish and be recorded, then quit for real.
    event.preventDefault()
    const r = relay
    relay = undefined
    destroyTray()
    void r.close().finally(() => app.exit(0))
  })
}
