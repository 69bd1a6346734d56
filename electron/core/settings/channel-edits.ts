import { channelFacts, isChannelType } from '../channels/catalog'
import { parseProxy } from './fields'
import type { Channel, Settings } from './schema'
import { say, type CoreText } from '../text/core-text'
import { fieldError, type FieldError } from './settings-errors'

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

/** A warning about one field of a channel draft: the form shows it beside that field. */
export type FieldWarning = FieldError

/**
 * What is valid but worth a word before saving (a robot URL on another host, https behind a
 * proxy, mentions in Markdown), each at the field it is about. The robot URLs are read by the
 * channel type's own parser.
 */
export function channelWarnings(draft: Draft): FieldWarning[] {
  const warnings: FieldWarning[] = []
  const add = (path: string, said: CoreText) => {
    if (!warnings.some((w) => w.path === path && w.message === said.text))
      warnings.push(fieldError(path, said))
  }
  const type = isChannelType(draft.type) ? draft.type : 'wecom'
  const facts = channelFacts(type)
  const parse = facts.parseRobotUrl
  const extra = Array.isArray(draft.extraWebhookUrls) ? draft.extraWebhookUrls : []
  for (const [path, url] of [
    ['webhookUrl', draft.webhookUrl] as const,
    ...extra.map((u: unknown, i) => [`extraWebhookUrls[${i}]`, u] as const),
  ]) {
    if (typeof url !== 'string' || !parse) continue
    const r = parse(url)
    if (r.ok && r.warning) add(path, r.warning)
  }
  const proxy = typeof draft.proxy === 'string' ? parseProxy(draft.proxy) : undefined
  if (
    proxy?.ok &&
    proxy.value &&
    typeof draft.webhookUrl === 'string' &&
    draft.webhookUrl.trim().startsWith('https:')
  ) {
    add('proxy', say('channel.proxyHttps'))
  }
  // Only where mentions the message cannot carry go in a follow-up text (WeCom).
  const followUp = facts.capabilities.mentionFollowUp
  if (
    followUp &&
    draft.format !== 'text' &&
    Array.isArray(draft.mentionMobiles) &&
    draft.mentionMobiles.length
  ) {
    add('mentionMobiles', say('channel.markdownMobiles'))
  }
  const ids = draft.mentionUserIds
  if (
    followUp &&
    draft.format === 'markdown_v2' &&
    ((Array.isArray(ids) && ids.length) || (typeof ids === 'string' && ids.trim()))
  ) {
    add('mentionUserIds', say('channel.markdownV2Ids'))
  }
  return warnings
}
