/**
 * What each channel type needs from its settings, in the sentences a person reads. The schema
 * (schema.ts) parses the common fields; `checkChannelType` asks the type's facts
 * (`channels/<type>/facts.ts`) for its own checks, and `fillChannelDefaults` fills the defaults
 * that depend on the type. Nothing here names a type.
 */
import type { z } from 'zod'
import { channelFacts, channelTypes, isChannelType } from '../channels/catalog'
import { perMinuteLimit } from '../channels/limits'
import {
  CHANNEL_FORMATS,
  weComFormat,
  type ChannelFormat,
  type ChannelType,
} from '../channels/type-names'
import { defaultTemplate } from '../templates/defaults'
import { say, type CoreText } from '../text/core-text'
import { issueOf } from './settings-errors'

/** The fields `finishChannel` reads: the parsed channel before type-dependent defaults. */
export interface ChannelDraft {
  type: ChannelType
  name: string
  webhookUrl: string
  extraWebhookUrls: string[]
  mentionMobiles: string[]
  mentionUserIds: string[]
  format?: ChannelFormat
  template?: string
  language?: 'en' | 'zh'
  url: string
  method: 'POST' | 'PUT'
  headers: Record<string, string>
  body?: string
  command: string[]
  throttle: { perMinute?: number; perHour: number; perDay: number }
  verify?: unknown
}

type Ctx = z.core.$RefinementCtx

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * Checks what the channel's type requires. It runs even when other fields failed (so one save
 * lists every problem), hence it reads the draft defensively. Issues are added at the field's
 * path so the form can show them next to it.
 */
export function checkChannelType(
  draft: Partial<Record<keyof ChannelDraft, unknown>>,
  ctx: Ctx,
): void {
  const issue = (path: PropertyKey[], said: CoreText) =>
    ctx.addIssue({ ...issueOf(said), path, input: draft })
  const type = isChannelType(draft.type) ? draft.type : undefined
  if (!type) return
  const facts = channelFacts(type)
  const kind = facts.name
  const caps = facts.capabilities
  const webhookUrl = text(draft.webhookUrl)
  const extra = strings(draft.extraWebhookUrls)
  const url = text(draft.url)
  const command = strings(draft.command)
  const mentionMobiles = strings(draft.mentionMobiles)
  const mentionUserIds = strings(draft.mentionUserIds)

  // The URL parser drops tabs and line breaks inside a URL without a word, so the address saved
  // would not be the one pasted: refused instead.
  const controls = (field: PropertyKey[], value: string) => {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value)) issue(field, say('channel.urlControls'))
  }
  controls(['webhookUrl'], webhookUrl)
  extra.forEach((u, i) => controls(['extraWebhookUrls', i], u))
  controls(['url'], url)

  const parse = facts.parseRobotUrl
  if (caps.endpoint === 'robot-urls' && parse) {
    const main = parse(webhookUrl)
    if (!main.ok) issue(['webhookUrl'], main.error)
    extra.forEach((u, i) => {
      const r = parse(u)
      if (!r.ok) issue(['extraWebhookUrls', i], r.error)
    })
  } else if (webhookUrl || extra.length) {
    issue(
      [webhookUrl ? 'webhookUrl' : 'extraWebhookUrls'],
      say('channel.noRobotUrl', { kind, field: caps.endpoint === 'url' ? 'url' : 'command' }),
    )
  }
  if (caps.endpoint !== 'url' && url) issue(['url'], say('channel.onlyHttpUrl', { kind }))
  if (caps.endpoint !== 'command' && command.length)
    issue(['command'], say('channel.onlyScriptCommand', { kind }))
  if (caps.mentions.mobiles === 'no' && mentionMobiles.length)
    issue(['mentionMobiles'], say('channel.noMentions', { kind }))
  if (!caps.mentions.userIds && mentionUserIds.length) {
    const byId = channelTypes().filter((f) => f.capabilities.mentions.userIds)
    issue(
      ['mentionUserIds'],
      say('channel.userIdsOnly', { types: byId.map((f) => f.shortName).join(' and ') }),
    )
  }
  facts.checkOwnFields?.(
    {
      webhookUrl,
      extraWebhookUrls: extra,
      url,
      command,
      headers: draft.headers,
      mentionMobiles,
      mentionUserIds,
    },
    issue,
  )

  // An unknown format name was already reported by the schema's enum.
  const format = typeof draft.format === 'string' ? draft.format : facts.defaultFormat
  const known = (CHANNEL_FORMATS as readonly string[]).includes(format)
  if (known && !(facts.formats as readonly string[]).includes(format))
    issue(
      ['format'],
      say('channel.formatForType', {
        kind,
        formats: facts.formats.map((f) => `"${f}"`).join(' or '),
        format,
      }),
    )

  const limit = perMinuteLimit(type)
  const perMinute = (draft.throttle as { perMinute?: unknown } | undefined)?.perMinute
  if (limit && perMinute === 0)
    issue(['throttle', 'perMinute'], say('channel.perMinuteZero', { kind }))
  if (limit && typeof perMinute === 'number' && perMinute > limit)
    issue(
      ['throttle', 'perMinute'],
      facts.limits.overMinute ?? say('channel.typeLimit', { kind, limit }),
    )
}

/** Fills the defaults that depend on the type: format, template, HTTP body, limit, verification. */
export function fillChannelDefaults<T extends ChannelDraft>(c: T) {
  const facts = channelFacts(c.type)
  const format = c.format ?? facts.defaultFormat
  const limit = perMinuteLimit(c.type)
  // Robot and script templates render the message; an HTTP channel's `body` is its template.
  const templateFormat = weComFormat(format)
  return {
    ...c,
    format,
    template: c.template ?? defaultTemplate(templateFormat, c.language),
    body: c.body ?? facts.defaultBody ?? '',
    throttle: { ...c.throttle, perMinute: c.throttle.perMinute ?? limit ?? 0 },
    verify: c.verify ?? structuredClone(facts.defaultVerify),
  }
}
