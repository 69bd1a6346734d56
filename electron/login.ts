import { app } from 'electron'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { AUTOSTART_FILE, HIDDEN_ARG, autostartDesktopFile } from './core/shell/login-item'
import type { SettingsStore } from './core/settings/settings-store'

/** Turns start-at-login on or off for this platform; the app then starts hidden in the tray. */
export function setStartAtLogin(enabled: boolean): void {
  if (process.platform === 'linux') {
    const dir = join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart')
    const file = join(dir, AUTOSTART_FILE)
    if (enabled) {
      mkdirSync(dir, { recursive: true })
      // An AppImage runs from a temporary mount: its own path is in APPIMAGE.
      writeFileSync(
        file,
        autostartDesktopFile(
          process.env.APPIMAGE ?? process.execPath,
          app.isPackaged ? [] : [app.getAppPath()],
        ),
      )
    } else if (existsSync(file)) rmSync(file)
    return
  }
  app.setLoginItemSettings({ openAtLogin: enabled, args: [HIDDEN_ARG] })
}

/** Keeps the system's start-at-login entry in step with the `app.startAtLogin` setting. */
export function setupLoginItem(settings: SettingsStore): void {
  let enabled = settings.get().app.startAtLogin
  settings.on('changed', (s) => {
    if (s.app.startAtLogin !== enabled) setStartAtLogin((enabled = s.app.startAtLogin))
  })
}
