import { describe, expect, it } from 'vitest'

import { inQuietHours, urgencyFor } from '../../../electron/core/oncall/urgency'
import { oncallSettingsSchema } from '../../../electron/core/settings/urgency-schema'

const at = (iso: string) => Date.parse(iso)

describe('urgency per level', () => {
  it('defaults: critical and down notify with sound, warning and info as app.notifications says', () => {
    const s = oncallSettingsSchema.parse(undefined)
    const now = at('2026-11-28T03:00:00Z')
    expect(urgencyFor('critical', s, { now })).toEqual({
      notify: true,
      sound: true,
      repeatUntilAck: false,
    })
    expect(urgencyFor('down', s, { now }).sound).toBe(true)
    // app.notifications is the default of levels that set nothing: critical only, unless told.
    expect(urgencyFor('warning', s, { now })).toMatchObject({ notify: false, sound: false })
    expect(urgencyFor('warning', s, { now, notifications: 'all' }).notify).toBe(true)
    expect(urgencyFor('critical', s, { now, notifications: 'off' })).toMatchObject({
      notify: false,
      sound: true,
    })
    expect(urgencyFor('info', s, { now }).notify).toBe(false)
    // A level the relay does not know follows info.
    expect(urgencyFor('P9', s, { now }).notify).toBe(false)
  })

  it("a level's own notify wins over app.notifications", () => {
    const s = oncallSettingsSchema.parse({
      levels: { warning: { notify: true, sound: false }, critical: { notify: false, sound: true } },
    })
    const now = at('2026-11-28T03:00:00Z')
    expect(urgencyFor('warning', s, { now, notifications: 'critical' }).notify).toBe(true)
    expect(urgencyFor('critical', s, { now, notifications: 'all' }).notify).toBe(false)
  })

  it('quiet hours over midnight silence all but critical, which may still ring', () => {
    const s = oncallSettingsSchema.parse({
      quietHours: { enabled: true, from: '22:00', to: '08:00' },
    })
    const night = at('2026-11-28T03:00:00Z')
    const day = at('2026-11-28T12:00:00Z')
    expect(inQuietHours(s, night, 'UTC')).toBe(true)
    expect(inQuietHours(s, day, 'UTC')).toBe(false)
    expect(inQuietHours(s, at('2026-11-28T22:00:00Z'), 'UTC')).toBe(true)
    expect(inQuietHours(s, at('2026-11-28T08:00:00Z'), 'UTC')).toBe(false)
    // 03:00 UTC is 11:00 in Shanghai: not quiet there.
    expect(inQuietHours(s, night, 'Asia/Shanghai')).toBe(false)
    expect(
      urgencyFor('warning', s, { now: night, timeZone: 'UTC', notifications: 'all' }).notify,
    ).toBe(false)
    expect(urgencyFor('critical', s, { now: night, timeZone: 'UTC' }).sound).toBe(true)
    const strict = oncallSettingsSchema.parse({
      quietHours: { enabled: true, from: '22:00', to: '08:00', allowCritical: false },
    })
    expect(urgencyFor('critical', strict, { now: night, timeZone: 'UTC' }).sound).toBe(false)
  })

  it('do-not-disturb is respected unless the user opted in for critical', () => {
    const s = oncallSettingsSchema.parse({})
    const now = at('2026-11-28T12:00:00Z')
    expect(urgencyFor('critical', s, { now, doNotDisturb: true }).notify).toBe(false)
    const optIn = oncallSettingsSchema.parse({ overrideDoNotDisturb: true })
    expect(urgencyFor('critical', optIn, { now, doNotDisturb: true }).sound).toBe(true)
    expect(urgencyFor('warning', optIn, { now, doNotDisturb: true }).notify).toBe(false)
  })

  it('repeats until acknowledged only for critical levels with sound', () => {
    const s = oncallSettingsSchema.parse({
      levels: {
        critical: { notify: true, sound: true, repeatUntilAck: true },
        warning: { notify: true, sound: false, repeatUntilAck: true },
      },
    })
    const now = at('2026-11-28T12:00:00Z')
    expect(urgencyFor('critical', s, { now }).repeatUntilAck).toBe(true)
    expect(urgencyFor('warning', s, { now }).repeatUntilAck).toBe(false)
  })

  it('refuses a quiet-hours time that is not a time of day, with the field path', () => {
    const r = oncallSettingsSchema.safeParse({ quietHours: { from: '25:00' } })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]).toMatchObject({
      path: ['quietHours', 'from'],
      message: 'must be a time of day such as 22:00',
    })
    expect(oncallSettingsSchema.safeParse({ quietHour: {} }).success).toBe(false)
  })
})
