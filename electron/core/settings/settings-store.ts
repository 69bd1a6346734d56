import { selfLoopErrors } from './self-loop'
import { EventEmitter } from 'node:events'
import { copyFileSync, existsSync, readFileSync, renameSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { fieldError, formatPath, SettingsError, toFieldErrors } from './settings-errors'
import { say, type CoreText } from '../text/core-text'
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
  warnings: CoreText[]
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
  const warnings: CoreText[] = []
  let initial: Settings | undefined
  let applied: string[] = []
  let migrated = false
  let needsSealing = false
  let keepFile = false
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
      const lenient = parseLeniently(migration.raw)
      initial = lenient.settings
      if (lenient.ignored.length || lenient.droppedRoutes.length) {
        const copy = keepCopy(path, 'unknown-keys')
        for (const { path: at, reason } of lenient.droppedRoutes)
          warnings.push(
            copy
              ? say('start.routeIgnoredCopy', { at, reason, copy })
              : say('start.routeIgnored', { at, reason }),
          )
        for (const { path: at, suggestion } of lenient.ignored)
          warnings.push(
            suggestion
              ? copy
                ? say('start.unknownKeySuggestCopy', { at, suggestion, path, copy })
                : say('start.unknownKeySuggest', { at, suggestion, path })
              : copy
                ? say('start.unknownKeyCopy', { at, path, copy })
                : say('start.unknownKey', { at, path }),
          )
      }
    } catch (err) {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const kind = err instanceof LockedSecretsError ? 'encrypted' : 'corrupt'
      let aside: string | undefined = join(
        dirname(path),
        `${basename(path, '.json')}.${kind}-${stamp}.json`,
      )
      try {
        renameSync(path, aside)
      } catch {
        // A folder that cannot be written: leave the file alone, and do not save over it.
        aside = undefined
        keepFile = true
      }
      const reason =
        err instanceof SettingsError
          ? err.errors.map((e) => `${e.path}: ${e.message}`).join('; ')
          : (err as Error).message
      warnings.push(
        !aside
          ? say('start.unreadableKept', { reason, path })
          : err instanceof LockedSecretsError
            ? err.warning(aside)
            : say('start.unreadable', { reason, aside }),
      )
    }
  }
  const backend = createBackend(path)
  const store = new SettingsStore(backend, initial ?? parseSettings({}), secretBox)
  try {
    if ((!initial && !keepFile) || migrated || needsSealing) store.persist()
  } catch (err) {
    // The settings were read; not being able to rewrite them must not stop the relay.
    if (!(err instanceof SettingsWriteError)) throw err
    warnings.push(err.said)
  }
  if (applied.length) warnings.push(say('start.upgraded', { steps: applied.join('; ') }))
  return { store, warnings }
}

/**
 * Parses a settings file, setting aside only what it must: unknown keys (a typo such as
 * `mentionMobile` must not cost the person every channel and send real alerts to the simulator)
 * and routes that no longer validate (a pattern RE2 cannot run). Any other problem throws.
 */
function parseLeniently(raw: Record<string, unknown>): {
  settings: Settings
  ignored: Array<{ path: string; suggestion?: string }>
  droppedRoutes: Array<{ path: string; reason: string }>
} {
  const first = settingsSchema.safeParse(raw, { reportInput: true })
  if (first.success)
    return { settings: withoutSelfLoop(first.data), ignored: [], droppedRoutes: [] }
  const unknown = first.error.issues.filter((i) => i.code === 'unrecognized_keys')
  const inRoute = (i: { path: PropertyKey[] }) =>
    i.path[0] === 'routes' && typeof i.path[1] === 'number'
  const badRoutes = first.error.issues.filter((i) => i.code !== 'unrecognized_keys' && inRoute(i))
  if (unknown.length + badRoutes.length !== first.error.issues.length)
    throw new SettingsError(toFieldErrors(first.error))
  const pruned = structuredClone(raw)
  for (const issue of unknown) {
    const parent = valueAt(pruned, issue.path)
    for (const key of issue.keys) delete (parent as Record<string, unknown>)[key]
  }
  const dropped = new Map<number, string>()
  for (const e of toFieldErrors(new z.ZodError(badRoutes))) {
    const index = Number(/^routes\[(\d+)\]/.exec(e.path)![1])
    if (!dropped.has(index)) dropped.set(index, `${e.path}: ${e.message}`)
  }
  if (dropped.size) pruned.routes = (pruned.routes as unknown[]).filter((_, i) => !dropped.has(i))
  const settings = parseSettings(pruned)
  const ignored = unknown.flatMap((issue) => {
    const known = Object.keys((valueAt(settings, issue.path) as object | undefined) ?? {})
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      suggestion: closest(key, known),
    }))
  })
  const droppedRoutes = [...dropped].map(([i, reason]) => ({ path: `routes[${i}]`, reason }))
  return { settings, ignored, droppedRoutes }
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let cur = root
  for (const part of path) cur = (cur as Record<PropertyKey, unknown> | undefined)?.[part]
  return cur
}

/** The known key a typo most likely meant: a few edits away, or differing only in case or an s. */
function closest(key: string, known: string[]): string | undefined {
  let best: { key: string; d: number } | undefined
  for (const k of known) {
    const d = distance(key.toLowerCase(), k.toLowerCase())
    if (d <= Math.max(1, Math.floor(k.length / 4)) && (!best || d < best.d)) best = { key: k, d }
  }
  return best?.key
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    prev = row
  }
  return prev[b.length]!
}

/** Copies the settings file next to itself as `config.<what>-<time>.json`; its path, if it could. */
function keepCopy(path: string, what: string): string | undefined {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-')
  const copy = join(dirname(path), `${basename(path, '.json')}.${what}-${stamp}.json`)
  try {
    copyFileSync(path, copy)
    return copy
  } catch {
    return undefined
  }
}

/** The settings file could not be written: one sentence, no path-less "please report it". */
export class SettingsWriteError extends SettingsError {
  readonly said: CoreText
  constructor(path: string, cause: NodeJS.ErrnoException) {
    const said = say('settings.cannotSave', { path, code: cause.code ?? cause.message })
    super([fieldError('', said)])
    this.said = said
    this.name = 'SettingsWriteError'
  }
}

/** Parses and validates a whole settings document; throws SettingsError listing every problem. */
export function parseSettings(input: unknown): Settings {
  const result = settingsSchema.safeParse(input, { reportInput: true })
  if (!result.success) throw new SettingsError(toFieldErrors(result.error))
  return withoutSelfLoop(result.data)
}

/** Refuses settings whose channels would send to the relay's own listener (a loop). */
function withoutSelfLoop(settings: Settings): Settings {
  const loops = selfLoopErrors(settings)
  if (loops.length) throw new SettingsError(loops)
  return settings
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

  /**
   * Replaces the settings with `next`: validated, then written, then applied. Throws SettingsError
   * (SettingsWriteError when the file cannot be written) and keeps the old ones: nothing is
   * applied that would vanish on restart.
   */
  replace(next: SettingsInput | Settings): Settings {
    const parsed = deepFreeze(parseSettings(next))
    const loops = selfLoopErrors(parsed, this.#running)
    if (loops.length) throw new SettingsError(loops)
    this.#write(parsed)
    this.#current = parsed
    this.emit('changed', parsed)
    return parsed
  }

  /** Applies a change to a copy of the current settings, then replaces them if the result is valid. */
  update(change: (draft: Settings) => void): Settings {
    const draft = structuredClone(this.#current)
    change(draft)
    return this.replace(draft)
  }

  #running: { host: string; port: number } | undefined

  /**
   * Where the alert listener really listens (a port chosen at start, or `serve --listen`): a
   * channel sending there is refused like one sending to the settings' address.
   */
  setRunningListener(address: { host: string; port: number } | undefined): void {
    this.#running = address
  }

  /** Writes the current settings; throws SettingsWriteError with the sentence to show. */
  persist(): void {
    this.#write(this.#current)
  }

  #write(settings: Settings): void {
    const sealed = sealSecrets(
      JSON.parse(JSON.stringify(settings)) as Record<string, unknown>,
      this.secretBox,
    )
    try {
      this.backend.store = sealed
    } catch (err) {
      throw new SettingsWriteError(this.backend.path, err as NodeJS.ErrnoException)
    }
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
