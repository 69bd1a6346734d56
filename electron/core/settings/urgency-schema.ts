/**
 * The `oncall` settings section's schema, apart from the urgency rule: the window plays sounds
 * through `urgency.ts` on every page and must not load zod for it.
 */
import { z } from 'zod'

import { parseProxy } from './fields'
import { issueOf } from './settings-errors'

const levelSchema = z
  .strictObject({
    /** A desktop notification; absent: as `app.notifications` says (off, critical only, all). */
    notify: z.boolean({ error: 'must be true or false' }).optional(),
    sound: z.boolean({ error: 'must be true or false' }),
    repeatUntilAck: z.boolean({ error: 'must be true or false' }).default(false),
  })
  .prefault({ sound: false })

const hhmm = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day such as 22:00' })

/** The Alertmanager to silence in when an alert carries no reachable `externalURL`. */
const alertmanagerSchema = z.strictObject({
  url: z
    .string({ error: 'must be text' })
    .trim()
    .regex(/^https?:\/\/\S+$/i, {
      error: 'must be an http:// or https:// URL, such as http://alertmanager:9093',
    }),
  /** `user:password`. */
  basicAuth: z.string({ error: 'must be text' }).trim().default(''),
  bearerToken: z.string({ error: 'must be text' }).trim().default(''),
  proxy: z
    .string({ error: 'must be text' })
    .default('')
    .transform((input, ctx) => {
      const r = parseProxy(input)
      if (!r.ok) {
        ctx.addIssue(issueOf(r.error))
        return z.NEVER
      }
      return r.value
    }),
})

/** The `oncall` section of the settings file. */
export const oncallSettingsSchema = z
  .strictObject({
    /** Per level (the relay's five levels); levels not listed follow `info`. */
    levels: z
      .strictObject({
        down: levelSchema.prefault({ sound: true, repeatUntilAck: false }),
        critical: levelSchema.prefault({ sound: true, repeatUntilAck: false }),
        warning: levelSchema.prefault({ sound: false }),
        caution: levelSchema.prefault({ sound: false }),
        info: levelSchema.prefault({ sound: false }),
      })
      .prefault({}),
    repeatMinutes: z.number().int().min(1).max(120).default(5),
    quietHours: z
      .strictObject({
        enabled: z.boolean({ error: 'must be true or false' }).default(false),
        from: hhmm.default('22:00'),
        to: hhmm.default('08:00'),
        /** Critical and down alerts still ring during quiet hours. */
        allowCritical: z.boolean({ error: 'must be true or false' }).default(true),
      })
      .prefault({}),
    /**
     * Critical and down alerts push through do-not-disturb as far as the relay can: their
     * notifications are marked critical and never time out, and the taskbar entry flashes.
     */
    overrideDoNotDisturb: z.boolean({ error: 'must be true or false' }).default(false),
    /** The name recorded on acknowledgements and mutes (default: the OS user). */
    user: z.string().trim().max(100).default(''),
    /** Tell the channels that got an alert who acknowledged it (a short extra message). */
    announceAcknowledgements: z.boolean({ error: 'must be true or false' }).default(false),
    /** Used for "Silence in Alertmanager"; absent (or null, to clear it): the alert's `externalURL`. */
    alertmanager: alertmanagerSchema.nullish().transform((v) => v ?? undefined),
  })
  .prefault({})

export type OnCallSettings = z.output<typeof oncallSettingsSchema>
