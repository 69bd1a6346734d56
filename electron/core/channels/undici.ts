import { createRequire } from 'node:module'
import type * as Undici from 'undici'

let loaded: typeof Undici | undefined

/**
 * undici, loaded on first use: it holds about 20 MiB once loaded, and a relay that is idle (most
 * of its life, at login in a tray) has nothing to send. Required synchronously, so the senders
 * and dispatchers stay as they were.
 */
export function undici(): typeof Undici {
  return (loaded ??= createRequire(import.meta.url)('undici') as typeof Undici)
}
