import { APP_TEXTS } from './registry-app'
import { DELIVERY_TEXTS } from './registry-delivery'
import { NETWORK_TEXTS } from './registry-network'
import { SETTINGS_TEXTS } from './registry-settings'

/**
 * Every sentence the core writes that the window shows, by stable code: the one registry the
 * window's translations and their test follow. The English is the template (`{name}` parameters).
 */
export const CORE_TEXTS = {
  ...SETTINGS_TEXTS,
  ...DELIVERY_TEXTS,
  ...NETWORK_TEXTS,
  ...APP_TEXTS,
} as const

export type CoreCode = keyof typeof CORE_TEXTS
