import { CHANNEL_SECRETS } from './masking'
import { say, type CoreText } from '../text/core-text'

/**
 * Secrets at rest. The settings file keeps its pinned shape; where the desktop app can encrypt
 * (Electron's `safeStorage`), each secret value is written as `{"$enc": "<base64>"}` in place of
 * the plain string. The core never imports Electron: the app passes a SecretBox in, `serve` and
 * the tests pass none (the owner-only plain file).
 */

/** Encrypts and decrypts one string. Electron's safeStorage in the app. */
export interface SecretBox {
  /** Whether sealing and opening work here, now (checked each time: it can change after start). */
  readonly available: boolean
  /** Encrypts `plain`; returns base64. */
  seal(plain: string): string
  /** Decrypts what `seal` returned; throws when it cannot. */
  open(sealed: string): string
}

/** The key of an encrypted value in the settings file. */
export const SEALED_KEY = '$enc'

type Sealed = { [SEALED_KEY]: string }
type Doc = Record<string, unknown>

/** Every place a secret sits in the settings: the listener token, and per channel the fields masking knows. */
const CHANNEL_SECRET_FIELDS = Object.keys(CHANNEL_SECRETS)

function isSealed(value: unknown): value is Sealed {
  return (
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    typeof (value as Sealed)[SEALED_KEY] === 'string'
  )
}

/**
 * Returns a copy of `doc` with `change` applied to each secret value (a string or a sealed
 * object; arrays of them are walked). Other values are left as they are for the schema to judge.
 */
function mapSecrets(doc: Doc, change: (value: unknown) => unknown): Doc {
  const out = structuredClone(doc)
  const at = (holder: unknown, key: string) => {
    if (!holder || typeof holder !== 'object' || !(key in holder)) return
    const h = holder as Doc
    h[key] = Array.isArray(h[key]) ? (h[key] as unknown[]).map(change) : change(h[key])
  }
  at(out.listener, 'token')
  if (Array.isArray(out.channels))
    for (const channel of out.channels) for (const f of CHANNEL_SECRET_FIELDS) at(channel, f)
  return out
}

/** Thrown when the file holds encrypted secrets this machine or process cannot decrypt. */
export class LockedSecretsError extends Error {
  constructor(readonly reason: string) {
    super(reason)
    this.name = 'LockedSecretsError'
  }

  /** The one sentence shown at start, once the file was kept as `aside`. */
  warning(aside: string): CoreText {
    return say('start.sealed', { why: this.reason, aside })
  }
}

/**
 * Decrypts the sealed secrets of a raw settings document. Returns the plain document and whether
 * any value was plain while the box could seal it (so the caller re-saves it encrypted).
 * Throws LockedSecretsError when a sealed value cannot be opened here.
 */
export function openSecrets(raw: Doc, box?: SecretBox): { raw: Doc; needsSealing: boolean } {
  let plain = 0
  const opened = mapSecrets(raw, (value) => {
    if (typeof value === 'string' && value !== '') plain++
    if (!isSealed(value)) return value
    if (!box?.available)
      throw new LockedSecretsError(
        box ? 'is locked or missing now' : 'only the desktop app can open',
      )
    try {
      return box.open(value[SEALED_KEY])
    } catch {
      throw new LockedSecretsError(
        'cannot decrypt them here (another machine or account wrote them)',
      )
    }
  })
  return { raw: opened, needsSealing: plain > 0 && !!box?.available }
}

/**
 * Encrypts the secrets of a settings document for writing, when the box can. A value the box
 * fails to seal is written plain (the file is owner-only) rather than losing the save.
 */
export function sealSecrets(doc: Doc, box?: SecretBox): Doc {
  if (!box?.available) return doc
  return mapSecrets(doc, (value) => {
    if (typeof value !== 'string' || value === '') return value
    try {
      return { [SEALED_KEY]: box.seal(value) }
    } catch (err) {
      console.warn(
        `settings: a secret was saved unencrypted in the owner-only file because the system key store refused it (${(err as Error).message}).`,
      )
      return value
    }
  })
}
