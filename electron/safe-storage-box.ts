import { safeStorage } from 'electron'
import type { SecretBox } from './core/settings/secret-box'

/**
 * Electron's safeStorage as the settings' secret box (core/settings/secret-box.ts). On Linux
 * without a secret service, Electron encrypts with a hard-coded password (`basic_text`): no
 * safer than the owner-only file, and unreadable by `serve`, so it counts as unavailable.
 */
export function safeStorageBox(): SecretBox {
  return {
    get available() {
      if (!safeStorage.isEncryptionAvailable()) return false
      return !(
        process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text'
      )
    },
    seal: (plain) => safeStorage.encryptString(plain).toString('base64'),
    open: (sealed) => safeStorage.decryptString(Buffer.from(sealed, 'base64')),
  }
}
