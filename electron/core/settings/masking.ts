import { maskChannelUrl } from '../channels/catalog'
import { maskSecret, maskUrl, secretsOfUrl } from '../secrets/mask'
import type { Channel, Settings } from './schema'
import { say, type CoreText } from '../text/core-text'

/**
 * The settings as the API shows them: every secret masked (webhook keys, signature keys, proxy
 * passwords, the listener token). A masked value sent back means "unchanged": it is restored from
 * the value the relay keeps, and refused when it matches none (a mask is never stored as a secret).
 */

/**
 * The secret fields of a channel, by kind: a mask is only matched against values of its kind.
 * Also the fields sealed at rest (secret-box.ts).
 */
export const CHANNEL_SECRETS = {
  webhookUrl: 'url',
  extraWebhookUrls: 'url',
  url: 'url',
  signatureKey: 'key',
  proxy: 'proxy',
} as const

/** HTTP channel headers whose values are credentials (Authorization, X-Api-Key, Cookie…). */
export const SECRET_HEADER = /auth|token|key|secret|sign|cookie|password|session/i
type SecretKind = 'url' | 'key' | 'proxy' | 'token'

/** The one secret `revealSecret` can name. */
export type SecretField =
  'webhookUrl' | 'extraWebhookUrls' | 'signatureKey' | 'proxy' | 'token' | 'headers'

const maskOf: Record<SecretKind, (value: string) => string> = {
  url: (u) => maskUrl(u),
  key: maskSecret,
  proxy: (p) => (p ? maskUrl(p).replace(/\/$/, '') : ''),
  token: maskSecret,
}

/** True for a value that came out of a mask (the ellipsis never appears in a real secret). */
export function isMasked(value: unknown): value is string {
  return typeof value === 'string' && value.includes('…')
}

/** A channel with its secrets masked. */
export function maskChannel(c: Channel): Channel {
  const copy = structuredClone(c) as Channel
  // Through the channel's type: it knows where its URL keeps the secret (a short hook token too).
  const url = (u: string) => maskChannelUrl(c.type, u)
  copy.webhookUrl = url(copy.webhookUrl)
  copy.extraWebhookUrls = copy.extraWebhookUrls.map((u) => url(u))
  copy.signatureKey = maskOf.key(copy.signatureKey)
  copy.proxy = maskOf.proxy(copy.proxy)
  copy.url = copy.url ? url(copy.url) : ''
  for (const name of Object.keys(copy.headers))
    if (SECRET_HEADER.test(name)) copy.headers[name] = maskOf.key(copy.headers[name]!)
  return copy
}

/** The settings with every secret masked. */
export function maskSettings(s: Settings): Settings {
  const copy = structuredClone(s) as Settings
  copy.listener.token = maskOf.token(copy.listener.token)
  copy.channels = s.channels.map(maskChannel)
  const am = copy.oncall.alertmanager
  if (am) {
    // Only a URL with credentials is rewritten (masking normalises it, `…:9093` → `…:9093/`).
    if (secretsOfUrl(am.url).length) am.url = maskOf.url(am.url)
    am.basicAuth = maskOf.key(am.basicAuth)
    am.bearerToken = maskOf.token(am.bearerToken)
    am.proxy = maskOf.proxy(am.proxy)
  }
  return copy
}

/** The Alertmanager target's secret fields (restored from the same field only). */
const ALERTMANAGER_SECRETS = {
  url: 'url',
  basicAuth: 'key',
  bearerToken: 'token',
  proxy: 'proxy',
} as const

type Draft = Record<string, unknown>

/**
 * The kept URL moved to the scheme, host and port of a masked one whose path and query (keys
 * still masked) are the kept URL's: a person who edits only the host of a masked robot URL
 * keeps its key without typing it again.
 */
function onOriginOf(masked: string, kept: string): string | undefined {
  let to: URL
  let from: URL
  try {
    to = new URL(masked.trim())
    from = new URL(kept)
  } catch {
    return undefined
  }
  if (to.origin === from.origin || !kept.startsWith(from.origin)) return undefined
  const moved = to.origin + kept.slice(from.origin.length)
  return maskOf.url(moved) === maskOf.url(masked.trim()) || maskOf.url(moved) === masked.trim()
    ? moved
    : undefined
}

/** The secrets the relay keeps, to match masks against. */
class Kept {
  constructor(private readonly settings: Settings) {}

  channel(name: unknown): Channel | undefined {
    return this.settings.channels.find((c) => c.name === name)
  }

  all(kind: SecretKind): string[] {
    if (kind === 'token') return [this.settings.listener.token]
    return this.settings.channels.flatMap((c) =>
      kind === 'url'
        ? [c.webhookUrl, ...c.extraWebhookUrls, c.url]
        : kind === 'key'
          ? [c.signatureKey]
          : [c.proxy],
    )
  }

  /**
   * The kept value whose mask is `masked`: the same field's first, else the only one of its kind,
   * when the mask still shows part of the secret (a bare `…`, as a proxy password or a short key
   * gets, would match any value).
   */
  restore(masked: string, kind: SecretKind, sameField: string | undefined): string | undefined {
    if (sameField && maskOf[kind](sameField) === masked) return sameField
    if (sameField && kind === 'url') {
      const moved = onOriginOf(masked, sameField)
      if (moved !== undefined) return moved
    }
    if (/(^|[^\w-])…([^\w-]|$)/.test(masked)) return undefined
    const matches = new Set(this.all(kind).filter((v) => v && maskOf[kind](v) === masked))
    return matches.size === 1 ? [...matches][0] : undefined
  }
}

/**
 * Puts the kept secret back in place of each masked value of a channel draft (in place). `kept` is
 * the channel the draft replaces, if any. Returns the paths (relative to the channel) that hold a
 * mask matching nothing kept.
 */
function restoreChannel(draft: Draft, keptChannel: Channel | undefined, kept: Kept): string[] {
  const unmatched: string[] = []
  for (const [field, kind] of Object.entries(CHANNEL_SECRETS)) {
    const value = draft[field]
    if (field === 'extraWebhookUrls') {
      if (!Array.isArray(value)) continue
      draft[field] = value.map((v: unknown, i) => {
        if (!isMasked(v)) return v
        const found = kept.restore(v, kind, keptChannel?.extraWebhookUrls[i])
        if (found === undefined) unmatched.push(`${field}[${i}]`)
        return found ?? v
      })
      continue
    }
    if (!isMasked(value)) continue
    const same = keptChannel?.[field as 'webhookUrl' | 'url' | 'signatureKey' | 'proxy']
    const found = kept.restore(value, kind, same)
    if (found === undefined) unmatched.push(field)
    else draft[field] = found
  }
  // A masked header value is only ever this channel's own header of the same name.
  const headers = draft.headers
  if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
      if (!isMasked(value)) continue
      const own = keptChannel?.headers[name]
      if (own !== undefined && maskOf.key(own) === value)
        (headers as Record<string, unknown>)[name] = own
      else unmatched.push(`headers.${name}`)
    }
  }
  return unmatched
}

/** Restores the masked secrets of one channel draft (saveChannel); returns the unmatched fields. */
export function restoreChannelSecrets(
  draft: Draft,
  settings: Settings,
  originalName?: string,
): string[] {
  const kept = new Kept(settings)
  return restoreChannel(draft, kept.channel(originalName ?? draft.name), kept)
}

/**
 * Restores the masked secrets of a whole settings object (import, updateSettings), in place:
 * channels are matched by name. Returns the paths that hold a mask matching nothing kept.
 */
export function restoreSettingsSecrets(raw: Draft, settings: Settings): string[] {
  const kept = new Kept(settings)
  const unmatched: string[] = []
  if (Array.isArray(raw.channels)) {
    raw.channels.forEach((c: unknown, i) => {
      if (!c || typeof c !== 'object') return
      const draft = c as Draft
      for (const path of restoreChannel(draft, kept.channel(draft.name), kept))
        unmatched.push(`channels[${i}].${path}`)
    })
  }
  const listener = raw.listener as Draft | undefined
  if (listener && typeof listener === 'object' && isMasked(listener.token)) {
    const found = kept.restore(listener.token, 'token', settings.listener.token)
    if (found === undefined) unmatched.push('listener.token')
    else listener.token = found
  }
  const am = (raw.oncall as Draft | undefined)?.alertmanager as Draft | undefined
  if (am && typeof am === 'object') {
    const keptAm = settings.oncall.alertmanager
    for (const [field, kind] of Object.entries(ALERTMANAGER_SECRETS)) {
      if (!isMasked(am[field])) continue
      const same = keptAm?.[field as keyof typeof ALERTMANAGER_SECRETS]
      if (same && maskOf[kind](same) === am[field]) am[field] = same
      else unmatched.push(`oncall.alertmanager.${field}`)
    }
  }
  return unmatched
}

/** One sentence naming the fields that hold masks the relay cannot match. */
export function unmatchedMasksSentence(paths: string[]): CoreText {
  if (paths.length === 1) return say('api.maskedOne', { list: paths[0]! })
  return say('api.maskedMany', { list: `${paths.slice(0, -1).join(', ')} and ${paths.at(-1)!}` })
}

/** The unmasked value of one secret, or undefined when there is no such channel or field. */
export function secretValue(
  settings: Settings,
  target: { channel?: string; field: SecretField; index?: number; header?: string },
): string | undefined {
  if (target.field === 'token') return settings.listener.token
  const c = settings.channels.find((x) => x.name === target.channel)
  if (!c) return undefined
  if (target.field === 'extraWebhookUrls') return c.extraWebhookUrls[target.index ?? 0]
  if (target.field === 'headers')
    return Object.hasOwn(c.headers, target.header ?? '') ? c.headers[target.header!] : undefined
  return c[target.field]
}
