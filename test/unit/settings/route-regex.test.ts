import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { verifyResponse } from '../../../electron/core/channels/verify'
import { routeAlert } from '../../../electron/core/delivery/router'
import { parseMatcher, parseRegex } from '../../../electron/core/settings/fields'
import { parseSettings } from '../../../electron/core/settings/settings-store'
import { SettingsError } from '../../../electron/core/settings/settings-errors'
import { BACKTRACKING_PATTERNS } from '../../corpus/patterns'

const url = 'http://127.0.0.1:1/cgi-bin/webhook/send?key=k'
const alert = (name: string) =>
  finishAlert({
    source: 'generic',
    status: 'firing',
    vars: { alarm_name: name },
    labels: {},
    annotations: {},
    raw: {},
  })

describe('route regexes run in linear time (RE2), anchored like Alertmanager', () => {
  it.each(BACKTRACKING_PATTERNS)(
    '%s against a long almost-matching name answers at once',
    (pattern, subject) => {
      const settings = parseSettings({
        channels: [
          { name: 'hit', webhookUrl: url },
          { name: 'rest', webhookUrl: url },
        ],
        routes: [{ matchers: [`alarm_name=~"${pattern}"`], channels: ['hit'] }],
        defaultChannels: ['rest'],
      })
      // With JavaScript's backtracking engine this call did not return (2^n steps).
      expect(routeAlert(alert(subject), settings).targets).toEqual(['rest'])
    },
  )

  it('still anchors and still matches what it should', () => {
    const settings = parseSettings({
      channels: [
        { name: 'disk', webhookUrl: url },
        { name: 'rest', webhookUrl: url },
      ],
      routes: [{ matchers: ['alarm_name=~"Disk.*|(a+)+"'], channels: ['disk'] }],
      defaultChannels: ['rest'],
    })
    expect(routeAlert(alert('DiskFull'), settings).targets).toEqual(['disk'])
    expect(routeAlert(alert('aaaa'), settings).targets).toEqual(['disk'])
    expect(routeAlert(alert('MyDiskFull'), settings).targets).toEqual(['rest'])
  })

  it('refuses, when the route is saved, a pattern RE2 cannot run, with a sentence', () => {
    for (const pattern of ['(?=a)b', '(a)\\1', '(?<!x)y']) {
      const r = parseMatcher(`alarm_name=~"${pattern}"`)
      expect(r.ok).toBe(false)
      expect(!r.ok && r.error.text).toMatch(/^The regular expression .+ cannot be used .+\.$/)
    }
    expect(() =>
      parseSettings({
        channels: [{ name: 'a', webhookUrl: url }],
        routes: [{ matchers: ['alarm_name=~(?=x)'], channels: ['a'] }],
      }),
    ).toThrow(SettingsError)
    expect(parseRegex('Disk.*').ok).toBe(true)
  })

  it('the response-verification regex is linear too (a robot answers what it likes)', () => {
    const [pattern, subject] = BACKTRACKING_PATTERNS[0]!
    const rule = { type: 'regex', pattern: `^${pattern}$` } as const
    expect(verifyResponse(rule, 200, subject, undefined).ok).toBe(false)
    expect(verifyResponse(rule, 200, 'aaa', undefined).ok).toBe(true)
  })
})
