import { homedir } from 'node:os'
import { join } from 'node:path'

export const PRODUCT_NAME = 'WeCom Alert Relay'

/**
 * Where the relay keeps its data when no folder is given: where Electron's `userData` would be for
 * this app, so the tray app and `serve` share settings and history. `RELAY_DATA_DIR` overrides.
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.RELAY_DATA_DIR) return env.RELAY_DATA_DIR
  const home = homedir()
  if (platform === 'win32')
    return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME)
}

export function settingsPath(dataDir: string): string {
  return join(dataDir, 'config.json')
}
