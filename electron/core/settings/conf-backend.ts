import Conf from 'conf'
import { basename, dirname, extname } from 'node:path'
import type { SettingsBackend } from './settings-store'

/**
 * The headless backend: `conf`, the library electron-store is built on, so both write the same
 * file the same way (atomic rename). Owner-only permissions because the file holds webhook keys.
 */
export function confBackend(path: string): SettingsBackend {
  const ext = extname(path)
  return new Conf<Record<string, unknown>>({
    cwd: dirname(path),
    configName: basename(path, ext),
    fileExtension: ext.slice(1) || 'json',
    projectName: 'wecom-alert-relay',
    configFileMode: 0o600,
    clearInvalidConfig: false,
  }) as unknown as SettingsBackend
}
