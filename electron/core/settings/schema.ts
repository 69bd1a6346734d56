import { z } from 'zod'
import { channelTypes, isChannelType } from '../channels/catalog'
import { CHANNEL_FORMATS, type ChannelType } from '../channels/type-names'
import { checkChannelType, fillChannelDefaults } from './channel-types'
import { oncallSettingsSchema } from './urgency-schema'
import { sourceMappingsSchema } from '../alerts/mapping-schema'
import type { FieldResult, Matcher } from './fields'
import { formatMatcher, parseMatcher, parseMobiles, parseProxy, parseRegex } from './fields'
import { say, type CoreText } from '../text/core-text'
import { issueOf, zodMessage } from './settings-errors'

/** A string field run through one of the field parsers, so the schema speaks the same sentences. */
function parsed<T>(parse: (input: string) => FieldResult<T>) {
  return z.string({ error: 'must be text' }).transform((input, ctx) => {
    const r = parse(input)
    if (!r.ok) {
      ctx.addIssue(issueOf(r.error))
      return z.NEVER
    }
    return r.value
  })
}

const int = (min: number, max: number, what: CoreText) =>
  z
    .number({ error: zodMessage(say('field.mustBeNumber', { what })) })
    .int({ error: zodMessage(say('field.mustBeWhole', { what })) })
    .min(min, { error: zodMessage(say('field.atLeast', { min, what })) })
    .max(max, { error: zodMessage(say('field.atMost', { max, what })) })

export const verifySchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({
      type: z.literal('json'),
      match: z
        .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
        .default({ errcode: 0 }),
    }),
    z.strictObject({ type: z.literal('regex'), pattern: parsed(parseRegex) }),
    z.strictObject({
      type: z.literal('status'),
      codes: z
        .array(int(100, 599, say('phrase.statusCode')))
        .min(1, { error: 'needs at least one HTTP status code' })
        .default([200]),
    }),
  ],
  { error: 'type must be "json", "regex" or "status"' },
)

/**
 * Characters a channel name cannot hold: control characters, bidi overrides and isolates, and
 * invisible ones (zero-width, soft hyphen, BOM), with which `on\u200Bcall` would look exactly like
 * `oncall`.
 */
const HIDDEN_IN_NAME =
  // eslint-disable-next-line no-control-regex, no-misleading-character-class
  /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]/u

/** Names that are JavaScript's own object keys: a channel so named was lost in maps. */
const OBJECT_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Why a channel name cannot be used, in one sentence; undefined when it can. */
export function channelNameProblem(name: string): CoreText | undefined {
  const hidden = HIDDEN_IN_NAME.exec(name)
  if (hidden) {
    const code = hidden[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    return say('field.nameHidden', { code })
  }
  if (OBJECT_KEYS.has(name)) return say('field.nameReserved', { name })
  return undefined
}

export const channelSchema = z
  .strictObject({
    name: z
      .string({ error: 'must be text' })
      .trim()
      .min(1, { error: zodMessage(say('field.nameEmpty')) })
      .max(64, { error: zodMessage(say('field.nameLong')) })
      .superRefine((name, ctx) => {
        const problem = channelNameProblem(name)
        if (problem) ctx.addIssue(issueOf(problem))
      }),
    // Channel types (#12): the type-specific checks and defaults live in channel-types.ts.
    // The data format names the built-in types; a type registered by `channels/registry.ts`
    // is accepted too (`isChannelType` asks the catalog).
    type: z
      .custom<ChannelType>(isChannelType, {
        error: () =>
          `The channel type must be ${channelTypes()
            .map((f) => `"${f.id}"`)
            .join(', ')
            .replace(/, ([^,]*)$/, ' or $1')}.`,
      })
      .default('wecom'),
    enabled: z.boolean({ error: 'must be true or false' }).default(true),
    webhookUrl: z.string({ error: 'must be text' }).trim().default(''),
    extraWebhookUrls: z.array(z.string({ error: 'must be text' }).trim()).default([]),
    signatureKey: z.string({ error: 'must be text' }).trim().default(''),
    mentionMobiles: z
      .union([z.string(), z.array(z.string())], { error: 'must be a list of mobile numbers' })
      .default([])
      .transform((input, ctx) => {
        const r = parseMobiles(input)
        if (!r.ok) {
          ctx.addIssue(issueOf(r.error))
          return z.NEVER
        }
        return r.value
      }),
    /** WeCom user IDs mentioned inline as `<@userid>` (Markdown) or in `mentioned_list` (text). */
    mentionUserIds: z
      .union([z.string(), z.array(z.string())], { error: 'must be a list of WeCom user IDs' })
      .default([])
      .transform((input, ctx) => {
        const ids = (typeof input === 'string' ? input.split(/[,，;；\s]+/) : input)
          .map((s) => s.trim())
          .filter(Boolean)
        const bad = ids.find((id) => id !== '@all' && !/^[\w.@-]{1,64}$/.test(id))
        if (bad !== undefined) {
          ctx.addIssue(issueOf(say('field.notUserId', { id: bad })))
          return z.NEVER
        }
        return [...new Set(ids)]
      }),
    proxy: parsed(parseProxy).default(''),
    format: z.enum(CHANNEL_FORMATS, { error: zodMessage(say('field.format')) }).optional(),
    /** HTTP channels: where, how, with which headers, and the body template. */
    url: z.string({ error: 'must be text' }).trim().default(''),
    method: z.enum(['POST', 'PUT'], { error: zodMessage(say('field.method')) }).default('POST'),
    headers: z.record(z.string(), z.string({ error: 'must be text' })).default({}),
    body: z.string({ error: 'must be text' }).optional(),
    /** Script channels: the program and its arguments, run without a shell. */
    command: z.array(z.string({ error: 'must be text' })).default([]),
    template: z.string({ error: 'must be text' }).optional(),
    /** The language of the words the relay adds (status, level words, digest headers, notes). */
    language: z
      .enum(['en', 'zh'], { error: zodMessage(say('field.messageLanguage')) })
      .default('en'),
    sendResolved: z.boolean({ error: 'must be true or false' }).default(true),
    aggregate: z
      .strictObject({
        enabled: z.boolean({ error: 'must be true or false' }).default(true),
        windowSeconds: int(1, 86_400, say('phrase.seconds')).default(600),
      })
      .prefault({}),
    throttle: z
      .strictObject({
        // The type's own limit (WeCom 20, Feishu 100) is checked and filled in channel-types.ts.
        perMinute: z
          .number({ error: 'must be a number' })
          .int({ error: 'must be a whole number' })
          .min(0, { error: 'must be at least 0 (0: no limit, HTTP and script channels only)' })
          .max(100_000, { error: 'must be at most 100000' })
          .optional(),
        perHour: int(0, 1_000_000, say('phrase.noCap')).default(0),
        perDay: int(0, 10_000_000, say('phrase.noCap')).default(0),
      })
      .prefault({}),
    /** Storm mode (#17): when a summary of the backlog goes first, how it groups, what follows. */
    storm: z
      .strictObject({
        /** "auto": when the backlog exceeds what the robot's remaining budget carries in full. */
        threshold: z
          .union([z.literal('auto'), int(1, 1_000_000, say('phrase.alertsOrAuto'))], {
            error: zodMessage(say('field.stormThreshold')),
          })
          .default('auto'),
        /** The label the summary groups by (empty: the alert name). */
        groupBy: z.string({ error: 'must be text' }).trim().max(100).default(''),
        /** Per-alert messages after the summary; off: the summary alone accounts for them. */
        details: z.boolean({ error: 'must be true or false' }).default(true),
        /**
         * The gather window (#23): a quiet channel holds its first message this long, so a burst
         * arriving over a few seconds is judged whole; 0 turns it off.
         */
        gatherSeconds: z
          .number({ error: 'must be a number of seconds' })
          .min(0, { error: 'must be at least 0 (0 turns the gather window off)' })
          .max(10, { error: 'must be at most 10 seconds, so a lone alert is not held long' })
          .default(1.5),
      })
      .prefault({}),
    verify: verifySchema.optional(),
    timeoutSeconds: int(1, 120, say('phrase.seconds')).default(10),
    /** Repeats of an acknowledged alert: held until it resolves, or sent as usual. */
    whenAcknowledged: z
      .enum(['hold', 'keep-sending'], {
        error: 'whenAcknowledged must be "hold" or "keep-sending".',
      })
      .default('hold'),
    /** "Acknowledge · mute" links under each message, when `app.linkBaseUrl` is set. */
    actionLinks: z.boolean({ error: 'must be true or false' }).default(true),
  })
  // `when`: the type's checks run even if another field failed, so one save lists every problem.
  .superRefine(checkChannelType, { when: () => true })
  .transform(fillChannelDefaults)

export const routeSchema = z.strictObject({
  match: z.record(z.string(), z.string()).default({}),
  // Saved settings hold parsed matchers (objects); they are read back through the same parser.
  matchers: z
    .array(
      z.preprocess(
        (m) => (m && typeof m === 'object' && 'op' in m ? formatMatcher(m as Matcher) : m),
        parsed(parseMatcher),
      ),
    )
    .default([]),
  channels: z.array(z.string()).min(1, { error: zodMessage(say('field.routeChannels')) }),
  continue: z.boolean({ error: 'must be true or false' }).default(false),
})

export const SIMULATOR_DEMO_KEY = 'relay-demo'
export const DEFAULT_PORTS = { listener: 8760, ui: 8761, simulator: 8762 } as const

export const DEFAULT_CHANNEL = {
  name: 'simulator',
  webhookUrl: `http://127.0.0.1:${DEFAULT_PORTS.simulator}/cgi-bin/webhook/send?key=${SIMULATOR_DEMO_KEY}`,
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host)
}

export const settingsSchema = z
  .strictObject({
    schemaVersion: z.literal(1).default(1),
    listener: z
      .strictObject({
        host: z.string({ error: 'must be text' }).trim().min(1).default('127.0.0.1'),
        port: int(0, 65_535, say('phrase.tcpPort')).default(DEFAULT_PORTS.listener),
        token: z.string({ error: 'must be text' }).trim().default(''),
        maxBodyBytes: int(1024, 64 * 1024 * 1024, say('phrase.bytes')).default(1024 * 1024),
        maxAlertsPerRequest: int(1, 100_000, say('phrase.alerts')).default(1000),
      })
      .prefault({}),
    channels: z.array(channelSchema).prefault([DEFAULT_CHANNEL]),
    routes: z.array(routeSchema).default([]),
    // Absent: the first channel (the simulator in a fresh file), never a channel the file lacks.
    defaultChannels: z.array(z.string()).optional(),
    sources: z
      .strictObject({
        generic: z
          .strictObject({
            itemsPath: z
              .string({ error: 'must be a dotted path, such as data.alerts' })
              .trim()
              .default(''),
            fields: z.record(z.string(), z.string({ error: 'must be a dotted path' })).default({}),
          })
          .prefault({}),
        /** Senders a person mapped in the window, each with its own endpoint /alerts/<name>. */
        mappings: sourceMappingsSchema,
      })
      .prefault({}),
    history: z
      .strictObject({
        maxAlerts: int(100, 5_000_000, say('phrase.alerts')).default(50_000),
        maxAgeDays: int(1, 3650, say('phrase.days')).default(30),
      })
      .prefault({}),
    app: z
      .strictObject({
        language: z
          .enum(['en', 'zh'], { error: zodMessage(say('field.appLanguage')) })
          .default('en'),
        notifications: z
          .enum(['off', 'critical', 'all'], { error: zodMessage(say('field.notifications')) })
          .default('critical'),
        /**
         * At most one desktop notification this often; what arrives in between comes as one
         * summary when the time is up. 0: every alert its own notification.
         */
        notifyEverySeconds: int(0, 3600, say('phrase.seconds')).default(5),
        startAtLogin: z.boolean({ error: 'must be true or false' }).default(false),
        /**
         * The relay's window as the people reading the group reach it (`http://ops-pc:8761`):
         * messages link back to it (acknowledge, mute, a storm's history). Empty: no links.
         */
        linkBaseUrl: z
          .string({ error: 'must be text' })
          .trim()
          .default('')
          .refine((url) => url === '' || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(url), {
            error: zodMessage(say('field.linkBaseUrl')),
          }),
        /** IANA time zone for times in messages (`Asia/Shanghai`); empty: the machine's. */
        timeZone: z
          .string({ error: 'must be text' })
          .trim()
          .default('')
          .refine(
            (zone) => {
              if (!zone) return true
              try {
                new Intl.DateTimeFormat('en', { timeZone: zone })
                return true
              } catch {
                return false
              }
            },
            { error: zodMessage(say('field.timeZone')) },
          ),
      })
      .prefault({}),
    /** What is firing now, acknowledgements, mutes, sound (see `oncall/urgency.ts`). */
    oncall: oncallSettingsSchema,
    simulator: z
      .strictObject({
        enabled: z.boolean({ error: 'must be true or false' }).default(true),
        host: z.string().trim().min(1).default('127.0.0.1'),
        port: int(0, 65_535, say('phrase.tcpPort')).default(DEFAULT_PORTS.simulator),
        keys: z.array(z.string().trim().min(1)).default([SIMULATOR_DEMO_KEY]),
      })
      .prefault({}),
  })
  .transform((s) => ({
    ...s,
    defaultChannels: s.defaultChannels ?? [s.channels[0]?.name ?? DEFAULT_CHANNEL.name],
  }))
  .superRefine((s, ctx) => {
    const names = new Set<string>()
    s.channels.forEach((c, i) => {
      if (names.has(c.name)) {
        ctx.addIssue({
          ...issueOf(say('field.duplicateName', { name: c.name })),
          path: ['channels', i, 'name'],
        })
      }
      names.add(c.name)
      // The self-loop check needs node:os: settings/self-loop.ts, run by the store in Node.
    })
    const known = (name: string) => names.has(name)
    s.routes.forEach((r, i) =>
      r.channels.forEach((name, j) => {
        if (!known(name))
          ctx.addIssue({
            ...issueOf(say('field.routeNoChannel', { name })),
            path: ['routes', i, 'channels', j],
          })
      }),
    )
    s.defaultChannels.forEach((name, j) => {
      if (!known(name))
        ctx.addIssue({
          ...issueOf(say('field.defaultNoChannel', { name })),
          path: ['defaultChannels', j],
        })
    })
    if (!isLoopbackHost(s.listener.host) && !s.listener.token) {
      ctx.addIssue({
        ...issueOf(say('field.tokenNeeded', { host: s.listener.host })),
        path: ['listener', 'token'],
      })
    }
  })

export type Settings = z.output<typeof settingsSchema>
export type SettingsInput = z.input<typeof settingsSchema>
export type Channel = z.output<typeof channelSchema>
export type ChannelInput = z.input<typeof channelSchema>
export type Route = z.output<typeof routeSchema>
export type VerifyRule = z.output<typeof verifySchema>
