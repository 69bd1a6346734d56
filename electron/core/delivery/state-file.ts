import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs'

/** What the delivery engine must remember across restarts: robot send times and the pause. */
export interface DeliveryState {
  version: 1
  /** Robot id (a hash of its URL, never the key) → send times (ms). */
  robots: Record<string, number[]>
  /** ms since epoch; null: not paused; a huge number: until resumed. */
  pausedUntil: number | null
}

export function readDeliveryState(path: string): DeliveryState {
  try {
    if (existsSync(path)) {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<DeliveryState>
      if (raw && raw.version === 1 && raw.robots && typeof raw.robots === 'object') {
        return {
          version: 1,
          robots: raw.robots,
          pausedUntil: typeof raw.pausedUntil === 'number' ? raw.pausedUntil : null,
        }
      }
    }
  } catch {
    // A damaged state file costs at most one window of caution; start clean.
  }
  return { version: 1, robots: {}, pausedUntil: null }
}

/** Atomic replace: a crash leaves the old file or the new one, never half of one. */
export function writeDeliveryState(path: string, state: DeliveryState): void {
  const tmp = `${path}.tmp`
  writeFileSync(tmp, JSON.stringify(state), { mode: 0o600 })
  renameSync(tmp, path)
}
