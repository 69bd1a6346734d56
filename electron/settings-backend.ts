import Store from 'electron-store'
import { basename, dirname, extname } from 'node:path'
import type { SettingsBackend } from './core/settings/settings-store'

/** The app's settings backend: electron-store, writing the same file `conf` writes headless. */
export function electronStoreBackend(path: string): SettingsBackend {
  const ext = extname(path)
  return new Store<Record<string, unknown>>({
    cwd: dirname(path),
    name: basename(path, ext),
    fileExtension: ext.slice(1) || 'json',
    configFileMode: 0o600,
    clearInvalidConfig: false,
  }) as unknown as SettingsBackend
}
