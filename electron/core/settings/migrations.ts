/**
 * Explicit, idempotent settings migrations, run right after the file is read and before it is
 * validated. (electron-store's own `migrations` option is documented as unreliable, so the relay
 * keeps its own.) Each step takes the raw object of version N-1 and returns version N.
 */
type Raw = Record<string, unknown>

interface Migration {
  to: number
  describe: string
  /** Nothing a person needs to hear about (stamping a version on a hand-written file). */
  silent?: boolean
  migrate(raw: Raw): Raw
}

export const MIGRATIONS: readonly Migration[] = [
  {
    to: 1,
    describe: 'files written by hand before versioning: stamp schemaVersion 1',
    silent: true,
    migrate: (raw) => ({ schemaVersion: 1, ...raw }),
  },
]

export const CURRENT_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.to

/** Brings a raw settings object up to the current version; returns what it applied that is worth saying. */
export function migrate(raw: Raw): { raw: Raw; applied: string[]; changed: boolean } {
  const version = typeof raw.schemaVersion === 'number' ? raw.schemaVersion : 0
  if (version > CURRENT_VERSION) {
    throw new Error(
      `The settings file is from a newer version of WeCom Alert Relay (schema ${version}, this one reads up to ${CURRENT_VERSION}): update the app.`,
    )
  }
  let out = raw
  const applied: string[] = []
  let changed = false
  for (const step of MIGRATIONS) {
    if (step.to > version) {
      out = step.migrate(out)
      changed = true
      if (!step.silent) applied.push(`v${step.to}: ${step.describe}`)
    }
  }
  return { raw: out, applied, changed }
}
