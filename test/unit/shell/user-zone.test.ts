import { english } from '../../../electron/core/text/core-text'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { parseAlerts } from '../../../electron/core/alerts/sources'
import { RelayEvents } from '../../../electron/core/events'
import { createOnCall } from '../../../electron/core/oncall/wiring'
import { parseSettings } from '../../../electron/core/settings/settings-store'
import { trayTooltip, type TrayInput } from '../../../electron/core/shell/tray-model'

// Times a person reads on this machine are said in the settings' time zone, whatever the
// machine's (vitest runs with the machine's zone; Shanghai has no daylight saving, UTC+8).

const ZONE = 'Asia/Shanghai'
/** 00:30 UTC is 08:30 in Shanghai: no machine zone but UTC+8's would say 08:30. */
const AT = '2026-12-08T00:30:00.000Z'

describe("times in the user's zone", () => {
  it('the tray says "paused until" in the settings\' zone', () => {
    const input = {
      delivery: { paused: true, pausedUntil: AT, channels: [] },
      listener: { state: 'listening' },
      firing: [],
      startAtLogin: false,
      language: 'en',
      timeZone: ZONE,
    } as unknown as TrayInput
    expect(trayTooltip(input)).toContain('Paused until 08:30')
  })

  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await stop?.()
    stop = undefined
  })

  it("a muted alert's reason says when the mute ends in the settings' zone, not UTC", () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-zone-'))
    const { oncall, hold } = createOnCall(dir, new RelayEvents(), undefined, () => ZONE)
    stop = () => oncall.stop()
    oncall.createMute({ matchers: ['alarm_name="DiskFull"'], endsAt: '2099-12-08T00:30:00Z' })
    const body = JSON.parse(
      readFileSync(new URL('../../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
    ) as unknown
    const now = new Date()
    const [draft] = parseAlerts(body, undefined, { itemsPath: '', fields: {} }, now)
    const channel = parseSettings({}).channels[0]!
    const held = hold(finishAlert(draft!, now), channel)
    expect(held?.state).toBe('muted')
    expect(english(held?.reason)).toMatch(/ until 08:30: stored, not sent\.$/)
  })
})
