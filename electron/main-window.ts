import { BrowserWindow, shell, type Rectangle } from 'electron'
import { existsSync, readFileSync } from 'node:fs'
import { writeFileAtomicSync } from './core/files/atomic-write'
import { safeExternalUrl, windowOptions } from './window'

export interface MainWindowOptions {
  preload: string
  /** The renderer's index.html. */
  page: string
  /** Where the window's size and place are kept between runs. */
  boundsFile: string
  show: boolean
  /** True once the person chose Quit: closing then really closes. */
  quitting: () => boolean
}

/**
 * The one window: restores its bounds, denies new windows and navigation (links open in the
 * browser when http or https), and hides to the tray on close unless the app is quitting.
 */
export function createMainWindow(o: MainWindowOptions): BrowserWindow {
  const bounds = readBounds(o.boundsFile)
  const win = new BrowserWindow(windowOptions(o.preload, bounds, o.show))
  win.webContents.setWindowOpenHandler(({ url }) => {
    const safe = safeExternalUrl(url)
    if (safe) void shell.openExternal(safe)
    return { action: 'deny' }
  })
  win.webContents.on('will-navigate', (event) => event.preventDefault())
  win.on('close', (event) => {
    writeFileAtomicSync(o.boundsFile, JSON.stringify(win.getBounds()))
    if (!o.quitting()) {
      event.preventDefault()
      win.hide()
    }
  })
  void win.loadFile(o.page)
  return win
}

/** Brings the window forward, at `route` (a `#/…` hash) when given. */
export function showWindow(win: BrowserWindow | undefined, route?: string): void {
  if (!win || win.isDestroyed()) return
  if (route) void win.webContents.executeJavaScript(`location.hash = ${JSON.stringify(route)}`)
  if (win.isMinimized()) win.restore()
  win.show()
  win.focus()
}

function readBounds(file: string): Partial<Rectangle> | undefined {
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Partial<Rectangle>
  } catch {
    // A damaged bounds file only costs the window its last place.
    return undefined
  }
}
