import { describe, expect, it } from 'vitest'
import type { Alert } from '../../../electron/core/alerts/model'
import { settingsSchema } from '../../../electron/core/settings/schema'
import {
  countMatches,
  matcherProblem,
  moveRoute,
  toRouteForms,
  toRoutesPatch,
} from '../../../renderer/src/pages/routes/routes-model'
import {
  deletionEffects,
  receptionOf,
  toggleDefault,
} from '../../../renderer/src/pages/routes/reception'

const alert = (level: string, name: string, team = ''): Alert =>
  ({
    vars: { alarm_level: level, alarm_name: name },
    labels: team ? { team } : {},
    annotations: {},
    status: 'firing',
  }) as unknown as Alert

const base = {
  defaultChannels: ['oncall'],
  channels: [
    { name: 'oncall', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a' },
    { name: 'db', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=b' },
  ],
}

describe('routes model', () => {
  it('writes rules the settings schema reads back to the same rules, twice over', () => {
    const settings = settingsSchema.parse({
      ...base,
      routes: [
        { match: { alarm_level: 'critical' }, channels: ['oncall'] },
        {
          matchers: ['labels.team=~"db|storage"', 'alarm_name!~Disk.*'],
          channels: ['db'],
          continue: true,
        },
      ],
    })
    const patch = toRoutesPatch(toRouteForms(settings.routes))
    const again = settingsSchema.parse({ ...base, routes: patch })
    expect(toRoutesPatch(toRouteForms(again.routes))).toEqual(patch)
    expect(again.routes[0]!.matchers).toEqual([{ name: 'alarm_level', op: '=', value: 'critical' }])
    expect(again.routes[1]!.continue).toBe(true)
    // Saved settings hold parsed matchers; a later change must still validate them.
    expect(() => settingsSchema.parse(JSON.parse(JSON.stringify(again)))).not.toThrow()
  })

  it('counts the alerts a rule matches with the relay router, all four operators', () => {
    const alerts = [
      alert('critical', 'DiskFull', 'db'),
      alert('warning', 'CPU', 'web'),
      alert('critical', 'Mem', 'db'),
    ]
    const count = (matchers: Array<[string, '=' | '!=' | '=~' | '!~', string]>) =>
      countMatches(
        {
          key: 'k',
          channels: ['oncall'],
          continue: false,
          matchers: matchers.map(([name, op, value]) => ({ name, op, value })),
        },
        alerts,
      )
    expect(count([['alarm_level', '=', 'critical']])).toBe(2)
    expect(count([['alarm_level', '!=', 'critical']])).toBe(1)
    expect(count([['labels.team', '=~', 'd.']])).toBe(2)
    expect(
      count([
        ['alarm_name', '!~', 'Disk.*'],
        ['alarm_level', '=', 'critical'],
      ]),
    ).toBe(1)
    expect(count([])).toBe(3)
    expect(count([['alarm_name', '=~', '(']])).toBeUndefined()
  })

  it('explains a matcher that does not parse', () => {
    expect(matcherProblem({ name: 'alarm_name', op: '=~', value: '(' })?.text).toMatch(
      /regular expression|regex/i,
    )
    expect(matcherProblem({ name: 'alarm_name', op: '=', value: 'x' })).toBeUndefined()
  })

  it('reorders rules', () => {
    expect(moveRoute(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a'])
    expect(moveRoute(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b'])
    expect(moveRoute(['a', 'b'], 0, 5)).toEqual(['a', 'b'])
  })

  it('says why a channel receives alerts', () => {
    const s = {
      defaultChannels: ['oncall'],
      routes: [
        { match: {}, matchers: [], channels: ['db'], continue: false },
        { match: {}, matchers: [], channels: ['oncall', 'db'], continue: false },
      ],
    }
    expect(receptionOf('oncall', s)).toEqual({ isDefault: true, rules: [2] })
    expect(receptionOf('db', s)).toEqual({ isDefault: false, rules: [1, 2] })
    expect(receptionOf('new', s)).toEqual({ isDefault: false, rules: [] })
    expect(toggleDefault(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c'])
    expect(toggleDefault(['a', 'b'], 'a', false)).toEqual(['b'])
  })

  it('says what deleting a channel does to the rules, before it is done', () => {
    const s = {
      defaultChannels: ['oncall'],
      routes: [
        { match: {}, matchers: [], channels: ['db'], continue: false },
        { match: {}, matchers: [], channels: ['oncall', 'db'], continue: false },
      ],
    }
    expect(deletionEffects('db', s)).toEqual({ removed: [1], trimmed: [2], lastDefault: false })
    expect(deletionEffects('oncall', s)).toEqual({ removed: [], trimmed: [2], lastDefault: true })
    expect(deletionEffects('new', s)).toEqual({ removed: [], trimmed: [], lastDefault: false })
  })
})
