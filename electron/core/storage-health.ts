import { say, type CoreText } from './text/core-text'

/** What the relay was writing when the disk refused. */
export type StorageUse = 'alerts' | 'deliveries' | 'budgets' | 'oncall' | 'settings'

const WHAT: Record<StorageUse, () => CoreText> = {
  alerts: () => say('phrase.storingAlerts'),
  deliveries: () => say('phrase.recordingDeliveries'),
  budgets: () => say('phrase.savingBudgets'),
  oncall: () => say('phrase.savingOncall'),
  settings: () => say('phrase.savingSettings'),
}

/**
 * Whether the data folder takes writes, as the last write of each kind found it, and which
 * delivered alerts could not be recorded as delivered (the history is the outbox: a restart sends
 * what it still holds as pending). `/healthz`, the delivery status and the tray read it.
 */
export class StorageHealth {
  readonly #failing = new Map<StorageUse, string>()
  readonly #unrecorded = new Set<string>()

  /** A write of this kind failed; `delivered` names alerts sent but not recorded as such. */
  failed(use: StorageUse, err: unknown, delivered: readonly string[] = []): void {
    const e = err as NodeJS.ErrnoException
    this.#failing.set(use, e?.code ?? e?.message ?? String(err))
    for (const id of delivered) this.#unrecorded.add(id)
  }

  /** Every delivery the disk refused has since been recorded. */
  recorded(): void {
    this.#unrecorded.clear()
  }

  /** A write of this kind went through. */
  succeeded(use: StorageUse): void {
    this.#failing.delete(use)
  }

  /** One sentence while a kind of write fails: what, why, what to do, and what a restart does. */
  problem(): CoreText | undefined {
    const [use, code] = [...this.#failing][0] ?? []
    if (!use || code === undefined) return undefined
    const n = this.#unrecorded.size
    const what = WHAT[use]()
    if (!n) return say('storage.failing', { code, what })
    if (n === 1) return say('storage.failingOne', { code, what })
    return say('storage.failingMany', { code, what, count: n })
  }
}
