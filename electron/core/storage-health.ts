/** What the relay was writing when the disk refused. */
export type StorageUse = 'alerts' | 'deliveries' | 'budgets' | 'oncall' | 'settings'

const WHAT: Record<StorageUse, string> = {
  alerts: 'storing new alerts',
  deliveries: 'recording deliveries',
  budgets: 'saving the robots’ send budgets',
  oncall: 'saving mutes and acknowledgements',
  settings: 'saving the settings',
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
  problem(): string | undefined {
    const [use, code] = [...this.#failing][0] ?? []
    if (!use) return undefined
    const n = this.#unrecorded.size
    const restart = n
      ? `; until then, ${n} delivered alert${n === 1 ? ' is' : 's are'} not recorded as delivered, and a restart before then sends ${n === 1 ? 'it' : 'them'} again`
      : ''
    return `The relay cannot write to its data folder (${code} while ${WHAT[use]}): free disk space or fix the folder's permissions${restart}.`
  }
}
