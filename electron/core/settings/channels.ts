import { parseProxy, parseWebhookUrl } from './fields'
import type { Channel, Settings } from './schema'

/** Channel edits that touch more than the channel: renames and deletions reach routes and defaults. */

type Draft = Record<string, unknown>

/**
 * A copy of `settings` with `draft` in place of the channel called `originalName` (or added at the
 * end). A rename follows through the routes and the default channels. `index` is the channel's place.
 */
export function placeChannel(
  settings: Settings,
  draft: Draft,
  originalName?: string,
): { next: Settings; index: number } {
  const next = structuredClone(settings) as Settings
  const index =
    originalName === undefined ? -1 : next.channels.findIndex((c) => c.name === originalName)
  const at = index === -1 ? next.channels.length : index
  if (index === -1) next.channels.push(draft as unknown as Channel)
  else next.channels[index] = draft as unknown as Channel
  const newName = typeof draft.name === 'string' ? draft.name.trim() : undefined
  if (originalName !== undefined && newName && newName !== originalName)
    renameInRoutes(next, originalName, newName)
  return { next, index: at }
}

/** Points the routes and default channels at the new name (in place). */
export function renameInRoutes(s: Settings, from: string, to: string): void {
  s.routes = s.routes.map((r) => ({ ...r, channels: r.channels.map((c) => (c === from ? to : c)) }))
  s.defaultChannels = s.defaultChannels.map((c) => (c === from ? to : c))
}

/** Deletes a channel (in place) with its mentions; a route left with no channel goes too. */
export function removeChannel(s: Settings, name: string): void {
  s.channels = s.channels.filter((c) => c.name !== name)
  s.routes = s.routes
    .map((r) => ({ ...r, channels: r.channels.filter((c) => c !== name) }))
    .filter((r) => r.channels.length)
  s.defaultChannels = s.defaultChannels.filter((c) => c !== name)
}

/** The name for a copy: the one asked for, else "name copy", "name copy 2", … whichever is free. */
export function copyName(settings: Settings, name: string, asked?: string): string {
  const names = new Set(settings.channels.map((c) => c.name))
  let candidate = asked?.trim() || `${name} copy`
  for (let n = 2; !asked && names.has(candidate); n++) candidate = `${name} copy ${n}`
  return candidate
}

/** What is valid but worth a word before saving (https behind a proxy, mentions in markdown). */
export function channelWarnings(draft: Draft): string[] {
  const warnings: string[] = []
  for (const url of [
    draft.webhookUrl,
    ...(Array.isArray(draft.extraWebhookUrls) ? draft.extraWebhookUrls : []),
  ]) {
    if (typeof url !== 'string') continue
    const r = parseWebhookUrl(url)
    if (r.ok && r.warning) warnings.push(r.warning)
  }
  const proxy = typeof draft.proxy === 'string' ? parseProxy(draft.proxy) : undefined
  if (
    proxy?.ok &&
    proxy.value &&
    typeof draft.webhookUrl === 'string' &&
    draft.webhookUrl.trim().startsWith('https:')
  ) {
    warnings.push(
      'If this proxy does not support HTTPS (CONNECT), change https to http in the webhook URL.',
    )
  }
  if (
    draft.format !== 'text' &&
    Array.isArray(draft.mentionMobiles) &&
    draft.mentionMobiles.length
  ) {
    warnings.push(
      'Markdown messages cannot @mention by mobile number: the relay sends a short text message right after, which uses one more message of the 20 a minute.',
    )
  }
  const ids = draft.mentionUserIds
  if (
    draft.format === 'markdown_v2' &&
    ((Array.isArray(ids) && ids.length) || (typeof ids === 'string' && ids.trim()))
  ) {
    warnings.push(
      'Markdown v2 cannot @mention anyone: the user IDs are mentioned in a short text message sent right after, which uses one more message of the 20 a minute.',
    )
  }
  return [...new Set(warnings)]
}
