import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { composeNext } from '../../../electron/core/messages/compose'
import { displayTime, formatInstant } from '../../../electron/core/messages/time'
import { bodyContent } from '../../../electron/core/messages/wecom-bodies'
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
