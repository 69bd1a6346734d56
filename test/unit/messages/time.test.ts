import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { composeNext } from '../../../electron/core/messages/compose'
import { displayTime, formatInstant } from '../../../electron/core/time/time-zone'
import { bodyContent } from '../../../electron/core/channels/wecom/body'
import { defaultTemplate } from '../../../electron/core/templates/defaults'

const noMapping = { itemsPath: '', fields: {} }

describe('times', () => {
  it('show an instant in the chosen zone with its offset', () => {
    const ms = Date.parse('2026-11-27T08:00:00Z')
    expect(formatInstant(ms, 'Asia/Shanghai')).toBe('2026-11-27 16:00:00 +08:00')
    expect(formatInstant(ms, 'America/New_York')).toBe('2026-11-27 03:00:00 -05:00')
    expect(displayTime('1736580031832', 'UTC')).toBe('2025-01-11 07:20:31 +00:00')
    expect(displayTime('1508136760', 'UTC')).toBe('2017-10-16 06:52:40 +00:00')
  })

  // The formatter's own answer, field by field: what the cached-offset path must reproduce.
  const reference = (ms: number, zone: string) => {
    const o: Record<string, string> = {}
    const f = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    for (const p of f.formatToParts(new Date(ms))) o[p.type] = p.value
    const wall = Date.UTC(+o.year!, +o.month! - 1, +o.day!, +o.hour!, +o.minute!, +o.second!)
    const off = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000)
    const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0')
    const mm = String(Math.abs(off) % 60).padStart(2, '0')
    return `${o.year}-${o.month}-${o.day} ${o.hour}:${o.minute}:${o.second} ${off < 0 ? '-' : '+'}${hh}:${mm}`
  }
  const zones = [
    'UTC',
    'Asia/Shanghai',
    'America/New_York',
    'Europe/London',
    'Australia/Lord_Howe', // half-hour daylight saving
    'Asia/Kathmandu', // +05:45
    'Africa/Monrovia', // -00:44:30 until 1972
    'America/St_Johns',
  ]

  it('read the same as the time zone database around every daylight-saving change', () => {
    for (const zone of zones)
      for (const change of [
        '2026-03-08T07:00:00Z',
        '2026-11-01T06:00:00Z',
        '2026-03-29T01:00:00Z',
        '2026-10-25T01:00:00Z',
        '2026-04-04T15:00:00Z',
        '2026-10-03T15:30:00Z',
        '1972-01-07T00:44:30Z',
      ])
        for (let d = -3_600_000; d <= 3_600_000; d += 29_000) {
          const ms = Date.parse(change) + d
          expect(formatInstant(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toBe(
            reference(ms, zone),
          )
        }
  })

  it('read the same as the time zone database at any instant from 1970 to 9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 253_402_300_799_999 }),
        fc.constantFrom(...zones),
        (ms, zone) => formatInstant(ms, zone) === reference(ms, zone),
      ),
      { numRuns: 5000 },
    )
  })

  it("read OCP's offset-less times in the chosen zone", () => {
    expect(displayTime('2026-11-27 16:00:00', 'Asia/Shanghai')).toBe('2026-11-27 16:00:00 +08:00')
    expect(displayTime('2026-07-01 09:30:00', 'Europe/Berlin')).toBe('2026-07-01 09:30:00 +02:00')
  })

  it.each(['99999999999999999999', '8640000000000001', '-99999999999999', 'not a time'])(
    'show an absurd time %s as it arrived, never NaN',
    (raw) => {
      expect(displayTime(raw, 'UTC')).toBe(raw)
      for (const body of [
        { version: '4', alerts: [{ labels: { alertname: 'X' }, startsAt: raw }] },
        { title: 'X', timestamp: raw },
        { alertName: 'X', alertState: 'ALERT', timestamp: raw },
      ]) {
        const alert = finishAlert(parseAlerts(body, undefined, noMapping)[0]!)
        const content = bodyContent(
          composeNext(
            [{ alert, repeats: 0 }],
            { format: 'text', template: defaultTemplate('text') },
            { timeZone: 'UTC' },
          ).messages[0]!.body,
        )
        expect(content).not.toMatch(/NaN|Invalid/)
        expect(content).toContain(raw)
      }
    },
  )

  it('a number too large for a Date, in JSON, is shown as sent', () => {
    const alert = finishAlert(
      parseAlerts(
        JSON.parse('{"title": "X", "timestamp": 99999999999999999999}'),
        undefined,
        noMapping,
      )[0]!,
    )
    const content = bodyContent(
      composeNext([{ alert, repeats: 0 }], { format: 'text', template: defaultTemplate('text') })
        .messages[0]!.body,
    )
    expect(content).not.toMatch(/NaN/)
    expect(content).toContain('100000000000000000000')
  })
})
