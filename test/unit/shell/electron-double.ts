import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/**
 * A stand-in for the `electron` module's surface the shell uses, so that the real main.ts,
 * ipc.ts, tray.ts, window.ts, login.ts, notifications.ts and preload.ts run under Vitest where
 * Electron's binary cannot be installed. It records what the shell asks of Electron and lets a
 * test act as the person (tray clicks, closing the window, a second start) or as the page
 * (`window.relay`). It follows Electron's documented rules where they matter to the shell:
 * IPC copies values (structured clone) and prefixes a thrown handler error; contextBridge copies
 * values and keeps only an Error's message; a prevented `before-quit` or window `close` cancels.
 */

/** A main-process event that can be prevented. */
export class PreventableEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

/** The single-instance lock, shared between doubles that stand for two processes. */
export class InstanceLocks {
  readonly #holders = new Map<string, FakeApp>()

  acquire(app: FakeApp, dir: string): boolean {
    const holder = this.#holders.get(dir)
    if (holder && holder.exitCode === undefined) {
      // Electron tells the first instance on its own tick, through its IPC between processes.
      setImmediate(() =>
        holder.emit('second-instance', new PreventableEvent(), process.argv, process.cwd(), {}),
      )
      return false
    }
    this.#holders.set(dir, app)
    return true
  }
}

/** The OS key store behind safeStorage: a real AES-GCM key, so that sealed text is unreadable. */
export class KeyStore {
  readonly key = randomBytes(32)
  constructor(
    public available = true,
    public backend: 'gnome_libsecret' | 'kwallet5' | 'basic_text' = 'gnome_libsecret',
  ) {}
}

class FakeApp extends EventEmitter {
  readonly #paths = new Map<string, string>([['userData', join(tmpdir(), 'relay-double')]])
  readonly loginItems: unknown[] = []
  exitCode: number | undefined
  readonly exited: Promise<number>
  #resolveExit!: (code: number) => void
  dockHidden = false
  /** The app badge (macOS dock, Unity launchers). */
  badgeCount = 0
  isPackaged = false
  readonly dock = { hide: () => void (this.dockHidden = true) }

  constructor(
    private readonly locks: InstanceLocks,
    private readonly windows: () => FakeBrowserWindow[],
  ) {
    super()
    this.exited = new Promise((resolve) => (this.#resolveExit = resolve))
  }

  setBadgeCount(count: number): boolean {
    this.badgeCount = count
    return true
  }

  getPath(name: string): string {
    const p = this.#paths.get(name)
    if (!p) throw new Error(`the double has no path "${name}"`)
    return p
  }
  setPath(name: string, value: string): void {
    this.#paths.set(name, value)
  }
  getVersion(): string {
    return '0.0.0-double'
  }
  getAppPath(): string {
    return process.cwd()
  }
  whenReady(): Promise<void> {
    return Promise.resolve()
  }
  requestSingleInstanceLock(): boolean {
    return this.locks.acquire(this, this.getPath('userData'))
  }
  setLoginItemSettings(settings: unknown): void {
    this.loginItems.push(settings)
  }

  /** Electron's order: before-quit, then each window's close, then will-quit and quit. */
  quit(): void {
    if (this.exitCode !== undefined) return
    const beforeQuit = new PreventableEvent()
    this.emit('before-quit', beforeQuit)
    if (beforeQuit.defaultPrevented) return
    for (const w of this.windows()) {
      if (w.isDestroyed()) continue
      if (!w.close()) return
    }
    const willQuit = new PreventableEvent()
    this.emit('will-quit', willQuit)
    if (willQuit.defaultPrevented) return
    this.emit('quit', new PreventableEvent(), 0)
    this.exit(0)
  }

  /** Exits at once: no events, windows destroyed. */
  exit(code = 0): void {
    if (this.exitCode !== undefined) return
    this.exitCode = code
    for (const w of this.windows()) w.destroy()
    this.#resolveExit(code)
  }
}

class FakeWebContents extends EventEmitter {
  static #next = 1
  readonly id = FakeWebContents.#next++
  url = ''
  readonly executed: string[] = []
  windowOpenHandler?: (details: { url: string }) => { action: 'allow' | 'deny' }
  #destroyed = false
  /** The page's ipcRenderer listeners, per renderer world attached to this webContents. */
  readonly worlds = new Set<EventEmitter>()

  getURL(): string {
    return this.url
  }
  isDestroyed(): boolean {
    return this.#destroyed
  }
  destroy(): void {
    this.#destroyed = true
  }
  setWindowOpenHandler(handler: FakeWebContents['windowOpenHandler']): void {
    this.windowOpenHandler = handler
  }
  executeJavaScript(code: string): Promise<unknown> {
    this.executed.push(code)
    return Promise.resolve(undefined)
  }
  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new Error('Object has been destroyed')
    const copied = structuredClone(args)
    for (const world of this.worlds) world.emit(channel, { sender: world }, ...copied)
  }

  /** The page asks for a new window (a link with target=_blank): the handler's answer. */
  openWindow(url: string): 'allow' | 'deny' {
    return this.windowOpenHandler ? this.windowOpenHandler({ url }).action : 'allow'
  }
  /** The page tries to navigate: true when the shell prevented it. */
  navigate(url: string): boolean {
    const event = new PreventableEvent()
    this.emit('will-navigate', event, url)
    if (!event.defaultPrevented) this.url = url
    return event.defaultPrevented
  }
}

class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents()
  visible: boolean
  focused = false
  minimized = false
  /** `flashFrame(true)` asks the taskbar entry to flash until the window is focused. */
  flashing = false
  loaded?: string
  #destroyed = false
  #bounds = { x: 10, y: 20, width: 0, height: 0 }

  constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
    super()
    this.visible = options.show ?? true
    this.#bounds.width = options.width ?? 800
    this.#bounds.height = options.height ?? 600
  }
  loadFile(path: string): Promise<void> {
    this.loaded = path
    this.webContents.url = pathToFileURL(path).href
    return Promise.resolve()
  }
  show(): void {
    this.visible = true
  }
  hide(): void {
    this.visible = false
    this.focused = false
  }
  focus(): void {
    this.focused = true
    this.flashing = false
  }
  flashFrame(on: boolean): void {
    this.flashing = on
  }
  isVisible(): boolean {
    return this.visible
  }
  isMinimized(): boolean {
    return this.minimized
  }
  minimize(): void {
    this.minimized = true
  }
  restore(): void {
    this.minimized = false
  }
  getBounds() {
    return { ...this.#bounds }
  }
  isDestroyed(): boolean {
    return this.#destroyed
  }
  /** The person closes the window (or quit closes it): false when the shell prevented it. */
  close(): boolean {
    const event = new PreventableEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return false
    this.destroy()
    return true
  }
  destroy(): void {
    if (this.#destroyed) return
    this.#destroyed = true
    this.visible = false
    this.webContents.destroy()
    this.emit('closed')
  }
}

type MenuItem = Electron.MenuItemConstructorOptions

class FakeTray extends EventEmitter {
  tooltip = ''
  /** The text next to the icon (macOS). */
  title = ''
  menu?: { items: MenuItem[] }
  destroyed = false
  constructor(public image: { path: string }) {
    super()
  }
  setImage(image: { path: string }): void {
    this.image = image
  }
  setToolTip(text: string): void {
    this.tooltip = text
  }
  setTitle(text: string): void {
    this.title = text
  }
  setContextMenu(menu: { items: MenuItem[] }): void {
    this.menu = menu
  }
  destroy(): void {
    this.destroyed = true
  }
}

class FakeNotification extends EventEmitter {
  constructor(readonly options: Electron.NotificationConstructorOptions) {
    super()
  }
}

/** contextBridge's copy rules (Electron docs, "Parameter / Error / Return Type support"). */
function acrossBridge(value: unknown): unknown {
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown
    return (...args: unknown[]) => {
      let result: unknown
      try {
        result = fn(...args.map(acrossBridge))
      } catch (err) {
        throw errorAcrossBridge(err)
      }
      if (result instanceof Promise)
        return result.then(acrossBridge, (err: unknown) => {
          throw errorAcrossBridge(err)
        })
      return acrossBridge(result)
    }
  }
  if (value instanceof Error) return new Error(value.message)
  if (Array.isArray(value)) return value.map(acrossBridge)
  if (value && typeof value === 'object') {
    if (value instanceof Date) return new Date(value)
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => typeof v !== 'symbol')
        .map(([k, v]) => [k, acrossBridge(v)]),
    )
  }
  return typeof value === 'symbol' ? undefined : value
}

/** An Error keeps only its message across the bridge; other thrown values are copied. */
function errorAcrossBridge(err: unknown): unknown {
  return err instanceof Error ? new Error(err.message) : acrossBridge(err)
}

export interface ElectronDouble {
  /** What `import … from 'electron'` gives the main process. */
  module: Record<string, unknown>
  app: FakeApp
  windows: FakeBrowserWindow[]
  trays: FakeTray[]
  notifications: FakeNotification[]
  opened: string[]
  errorBoxes: Array<{ title: string; content: string }>
  keyStore: KeyStore
  /** Registered `ipcMain.handle` channels. */
  handlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>
  /**
   * A renderer world in `contents` whose frame is at `frameUrl` (by default the page loaded):
   * what `import … from 'electron'` gives its preload, and what the preload exposed.
   */
  renderer(
    contents: FakeWebContents,
    frameUrl?: string,
  ): { module: Record<string, unknown>; exposed: Record<string, unknown> }
  /** The menu item whose label matches, searched through submenus; throws when there is none. */
  menuItem(label: string | RegExp): MenuItem
}

/** A fresh double: one Electron main process (and the renderers of its windows). */
export function createElectronDouble(
  options: { locks?: InstanceLocks; keyStore?: KeyStore } = {},
): ElectronDouble {
  const windows: FakeBrowserWindow[] = []
  const trays: FakeTray[] = []
  const notifications: FakeNotification[] = []
  const opened: string[] = []
  const errorBoxes: Array<{ title: string; content: string }> = []
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>()
  const mainListeners = new EventEmitter()
  const keyStore = options.keyStore ?? new KeyStore()
  const app = new FakeApp(options.locks ?? new InstanceLocks(), () => windows)

  const BrowserWindow = class extends FakeBrowserWindow {
    constructor(o: Electron.BrowserWindowConstructorOptions) {
      super(o)
      windows.push(this)
    }
    static getAllWindows() {
      return windows.filter((w) => !w.isDestroyed())
    }
  }
  const Tray = class extends FakeTray {
    constructor(image: { path: string }) {
      super(image)
      trays.push(this)
    }
  }
  const Notification = class extends FakeNotification {
    static isSupported() {
      return true
    }
    show() {
      notifications.push(this)
    }
  }

  const ipcMain = {
    handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown) {
      if (handlers.has(channel))
        throw new Error(`Attempted to register a second handler for '${channel}'`)
      handlers.set(channel, fn)
    },
    removeHandler: (channel: string) => void handlers.delete(channel),
    on: (channel: string, fn: (...args: unknown[]) => void) => mainListeners.on(channel, fn),
    removeListener: (channel: string, fn: (...args: unknown[]) => void) =>
      mainListeners.removeListener(channel, fn),
  }

  const safeStorage = {
    isEncryptionAvailable: () => keyStore.available,
    getSelectedStorageBackend: () => keyStore.backend,
    encryptString(plain: string): Buffer {
      if (!keyStore.available) throw new Error('Encryption is not available.')
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', keyStore.key, iv)
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
      return Buffer.concat([Buffer.from('v10'), iv, cipher.getAuthTag(), body])
    },
    decryptString(sealed: Buffer): string {
      if (!keyStore.available) throw new Error('Decryption is not available.')
      try {
        const decipher = createDecipheriv('aes-256-gcm', keyStore.key, sealed.subarray(3, 15))
        decipher.setAuthTag(sealed.subarray(15, 31))
        return Buffer.concat([decipher.update(sealed.subarray(31)), decipher.final()]).toString(
          'utf8',
        )
      } catch {
        throw new Error(
          'Error while decrypting the ciphertext provided to safeStorage.decryptString.',
        )
      }
    },
  }

  const main: Record<string, unknown> = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    ipcMain,
    safeStorage,
    Menu: { buildFromTemplate: (items: MenuItem[]) => ({ items }) },
    nativeImage: { createFromPath: (path: string) => ({ path, isEmpty: () => false }) },
    shell: {
      openExternal: (url: string) => {
        opened.push(url)
        return Promise.resolve()
      },
      openPath: () => Promise.resolve(''),
    },
    dialog: {
      showErrorBox: (title: string, content: string) => void errorBoxes.push({ title, content }),
    },
  }
  main.default = main

  function renderer(contents: FakeWebContents, frameUrl = contents.getURL()) {
    const world = new EventEmitter()
    contents.worlds.add(world)
    const exposed: Record<string, unknown> = {}
    const ipcRenderer = {
      async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
        const handler = handlers.get(channel)
        if (!handler)
          throw new Error(
            `Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`,
          )
        const event = { sender: contents, senderFrame: { url: frameUrl }, processId: 1, frameId: 1 }
        try {
          return structuredClone(await handler(event, ...structuredClone(args)))
        } catch (err) {
          throw new Error(`Error invoking remote method '${channel}': ${String(err)}`)
        }
      },
      on: (channel: string, fn: (...args: unknown[]) => void) => world.on(channel, fn),
      removeListener: (channel: string, fn: (...args: unknown[]) => void) =>
        world.removeListener(channel, fn),
    }
    const contextBridge = {
      exposeInMainWorld(key: string, api: unknown) {
        if (key in exposed)
          throw new Error(`Cannot bind an API on top of an existing property on the window object`)
        exposed[key] = acrossBridge(api)
      },
    }
    const module: Record<string, unknown> = { ipcRenderer, contextBridge }
    module.default = module
    return { module, exposed }
  }

  function menuItem(label: string | RegExp): MenuItem {
    const tray = trays.at(-1)
    const find = (items: MenuItem[]): MenuItem | undefined => {
      for (const item of items) {
        const l = item.label ?? ''
        if (typeof label === 'string' ? l === label : label.test(l)) return item
        const sub = Array.isArray(item.submenu) ? find(item.submenu) : undefined
        if (sub) return sub
      }
      return undefined
    }
    const found = tray?.menu && find(tray.menu.items)
    if (!found) throw new Error(`The tray menu has no item ${String(label)}`)
    return found
  }

  return {
    module: main,
    app,
    windows,
    trays,
    notifications,
    opened,
    errorBoxes,
    keyStore,
    handlers,
    renderer,
    menuItem,
  }
}
