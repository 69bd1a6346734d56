import { EventEmitter } from 'node:events'
import { existsSync, readFileSync, renameSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { SettingsError, toFieldErrors } from './errors'
import { migrate } from './migrations'
import { settingsSchema, type Settings, type SettingsInput } from './schema'
import { LockedSecretsError, openSecrets, sealSecrets, type SecretBox } from './secret-box'

/**
 * Where settings are persisted: `conf` headless, `electron-store` in the app (the same JSON file,
 * both with atomic writes). Only the whole document is read and written.
 */
export interface SettingsBackend {
  readonly path: string
  store: Record<string, unknown>
}

export interface OpenedSettings {
  store: SettingsStore
  /** Sentences for the person starting the app (a corrupt file set aside, migrations applied). */
  warnings: string[]
}

/**
 * Validates the file on disk before the backend opens it: a file that is not JSON or fails the
 * schema is moved aside as `config.corrupt-<time>.json` and the app starts with defaults.
 */
export function openSettings(
  path: string,
  createBackend: (path: string) => SettingsBackend,
  secretBox?: SecretBox,
): OpenedSettings {
  const warnings: string[] = []
  let initial: Settings | undefined
  let applied: string[] = []
  let migrated = false
  let needsSealing = false
  if (existsSync(path)) {
    try {
      const raw = JSON.parse(readFileSync(path, 'utf8')) as unknown
      if (!raw || typeof raw !== 'object' || Array.isArray(raw))
        throw new Error('the file does not hold a JSON object')
      // Secrets at rest (secret-box.ts): decrypted before anything else reads the document.
      const opened = openSecrets(raw as Record<string, unknown>, secretBox)
      needsSealing = opened.needsSealing
      const migration = migrate(opened.raw)
      applied = migration.applied
      migrated = migration.changed
      initial = parseSettings(migration.raw)
    } catch (err) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const kind = err instanceof LockedSecretsError ? 'encrypted' : 'corrupt'
      const aside = join(dirname(path), `${basename(path, '.json')}.${kind}-${stamp}.json`)
      renameSync(path, aside)
      const reason =
        err instanceof SettingsError
          ? err.errors.map((e) => `${e.path}: ${e.message}`).join('; ')
          : (err as Error).message
      warnings.push(
        err instanceof LockedSecretsError
          ? err.warning(aside)
          : `The settings file could not be read (${reason}); it was kept as ${aside} and the relay started with default settings.`,
      )
    }
  }
  const backend = createBackend(path)
  const store = new SettingsStore(backend, initial ?? parseSettings({}), secretBox)
  if (!initial || migrated || needsSealing) store.persist()
  if (applied.length) warnings.push(`Settings were upgraded (${applied.join('; ')}).`)
  return { store, warnings }
}

/** Parses and validates a whole settings document; throws SettingsError listing every problem. */
export function parseSettings(input: unknown): Settings {
  const result = settingsSchema.safeParse(input, { reportInput: true })
  if (!result.success) throw new SettingsError(toFieldErrors(result.error))
  return result.data
}

type Events = { changed: [Settings] }

/** The one place settings live at run time. Updates are validated whole: nothing is saved half-way. */
export class SettingsStore extends EventEmitter<Events> {
  #current: Settings

  constructor(
    private readonly backend: SettingsBackend,
    initial: Settings,
    private readonly secretBox?: SecretBox,
  ) {
    super()
    this.#current = deepFreeze(initial)
  }

  get path(): string {
    return this.backend.path
  }

  /** The current settings: deep-frozen and shared, so reading them costs nothing. Change them with update(). */
  get(): Settings {
    return this.#current
  }

  /** Replaces the settings with `next` (validated first); throws SettingsError and keeps the old ones if invalid. */
  replace(next: SettingsInput | Settings): Settings {
    const parsed = deepFreeze(parseSettings(next))
    this.#current = parsed
    this.persist()
    this.emit('changed', parsed)
    return parsed
  }

  /** Applies a change to a copy of the current settings, then replaces them if the result is valid. */
  update(change: (draft: Settings) => void): Settings {
    const draft = structuredClone(this.#current)
    change(draft)
    return this.replace(draft)
  }

  persist(): void {
    const plain = JSON.parse(JSON.stringify(this.#current)) as Record<string, unknown>
    this.backend.store = sealSecrets(plain, this.secretBox)
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
