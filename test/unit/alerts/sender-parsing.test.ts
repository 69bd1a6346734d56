import { describe, expect, it } from 'vitest'
import { levelFromTags, mapLevel, NIGHTINGALE_LEVELS } from '../../../electron/core/alerts/levels'
import { isResolvedWord } from '../../../electron/core/alerts/recovery'
import { detectSource, parseAlerts, scoreSources } from '../../../electron/core/alerts/sources'
import { readTags } from '../../../electron/core/alerts/tags'
import { senderTime } from '../../../electron/core/alerts/times'
import { displayTime } from '../../../electron/core/time/time-zone'
import { escapeValue } from '../../../electron/core/templates/escape'
import { MESSAGE_FORMATS } from '../../../electron/core/templates/formats'
import { realPayloads } from '../../fixtures/real/load'

const noMapping = { itemsPath: '', fields: {} }
const body = (file: string) => realPayloads().find((p) => p.file === file)!.body

describe('sender times', () => {
  const shanghai = (v: unknown) => displayTime(senderTime(v), 'Asia/Shanghai')
  it.each([
    [1749180264, '2025-06-06 11:24:24 +08:00'], // epoch seconds (Nightingale)
    ['1560524171000', '2019-06-14 22:56:11 +08:00'], // epoch ms as text (SkyWalking)
    ['2022-11-08T02:51:18.729+0000', '2022-11-08 10:51:18 +08:00'], // ISO, +0000 (CloudWatch)
    ['2021-06-04T13:35:29.781Z', '2021-06-04 21:35:29 +08:00'],
    ['2021-05-05 04:37:00', '2021-05-05 04:37:00 +08:00'], // wall time, read in the app's zone
    ['2026.08.27 16:30:00', '2026-08-27 16:30:00 +08:00'], // Zabbix's {EVENT.DATE} spelling
    ['2025-02-03T21:41:42.853014+01.00', '2025-02-04 04:41:42 +08:00'], // offset with a dot
    ['05 08, 2022 10:21:01 GMT+02:00', '2022-05-08 16:21:01 +08:00'], // Huawei's AlarmTime
  ])('%s → %s', (input, shown) => expect(shanghai(input)).toBe(shown))

  it.each(['0', 0, '', null, '0001-01-01T00:00:00Z', 'soon'])('%s names no instant', (v) =>
    expect(senderTime(v)).toBeUndefined(),
  )

  it('a sender time wins over the arrival, also in the generic reader', () => {
    const [draft] = parseAlerts({ title: 'x', created_at: 1705314000 }, undefined, noMapping)
    expect(draft!.vars.alarm_active_raw).toBe('1705314000000')
  })
})

describe('recoveries in every documented form', () => {
  it.each(['resolved', 'OK', 'recovered', 'closed', 'CLOSED', '恢复', '已恢复'])('%s', (w) =>
    expect(isResolvedWord(w)).toBe(true),
  )
  it.each(['firing', 'ALARM', 'PROBLEM', 'triggered', '告警中', ''])('%s is not', (w) =>
    expect(isResolvedWord(w)).toBe(false),
  )
  it.each([
    [{ title: 'a', is_recovered: true }, 'resolved'],
    [{ title: 'a', state: 'closed' }, 'resolved'],
    [{ title: 'a', status: 'firing', is_recovered: true }, 'firing'],
    [{ title: 'a', notification_type: 'RECOVERY' }, 'resolved'],
  ])('the generic reader: %j is %s', (b, status) =>
    expect(parseAlerts(b, undefined, noMapping)[0]!.status).toBe(status),
  )
  it('Zabbix: event_value 0, a recovery time and a close action resolve', () => {
    const base = { event_id: '1', trigger_name: 'CPU high', host_name: 'web-1' }
    for (const extra of [
      { event_value: '0' },
      { event_recovery_date: '2026.01.02', event_recovery_time: '10:00:00' },
      { zabbix_action: 'close' },
    ])
      expect(parseAlerts({ ...base, ...extra }, undefined, noMapping)[0]!.status).toBe('resolved')
    expect(parseAlerts({ ...base, event_value: '1' }, undefined, noMapping)[0]!.status).toBe(
      'firing',
    )
  })
})

describe('levels', () => {
  it('reads a level tag in a list', () => {
    expect(levelFromTags(readTags([{ key: 'level', value: 'CRITICAL' }]))).toBe('CRITICAL')
    expect(mapLevel('CRITICAL').level).toBe('critical')
  })
  it('numeric severities use the sender’s table', () => {
    expect(mapLevel('1', NIGHTINGALE_LEVELS)).toEqual({ level: 'critical', raw: '1' })
    expect(mapLevel('3', NIGHTINGALE_LEVELS).level).toBe('info')
  })
  it.each([
    ['Major', 'critical'],
    ['Minor', 'warning'],
    ['error', 'critical'],
    ['high', 'critical'],
  ])('%s → %s', (word, level) => expect(mapLevel(word).level).toBe(level))
})

describe('tags in every shape', () => {
  it.each<[unknown, Record<string, string>]>([
    [{ team: 'db' }, { team: 'db' }],
    [[{ tag: 'Application', value: 'Database' }], { Application: 'Database' }],
    ['[{"tag": "Application", "value": "Database"}]', { Application: 'Database' }],
    [['ident=host-01', 'app=web'], { ident: 'host-01', app: 'web' }],
    ['service:web,priority:high', { service: 'web', priority: 'high' }],
    [[['browser', 'Chrome']], { browser: 'Chrome' }],
    ['{EVENT.TAGSJSON}', {}],
  ])('%j', (input, out) => expect(readTags(input)).toEqual(out))
  it('never writes a prototype key', () => {
    const tags = readTags([{ key: '__proto__', value: 'x' }, 'constructor=y'])
    expect(Object.keys(tags)).toEqual([])
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})

describe('detection weighs the whole body', () => {
  it('a Huawei Cloud Eye alarm with alarm_* keys is Huawei, not OCP', () => {
    const huawei = body('huawei-ces-rds-disk-major.json')
    expect(detectSource(huawei)).toBe('huawei-cloud')
    const scores = scoreSources(huawei)
    expect(scores[0]!.source).toBe('huawei-cloud')
    expect(scores.find((s) => s.source === 'ocp')!.score).toBeLessThan(scores[0]!.score)
  })
  it('a lone alarm_* key does not make a body OCP', () => {
    // OCP's readers would have called this "OCP alert notification"; nothing OCP-like is in it.
    expect(detectSource({ alarm_id: 'x', title: 'disk full', host: 'db-1' })).toBe('generic')
    expect(detectSource({ alarm_name: 'disk', alarm_level: '严重' })).toBe('ocp')
  })
  it('a body no reader claims is read by the generic reader and marked as a guess', () => {
    const [d] = parseAlerts(body('checkmk-host-down-up.json'), undefined, noMapping)
    expect(d!.source).toBe('generic')
    expect(d!.vars.alarm_guessed).toBe('sender not recognised')
    expect(d!.vars.fact_other).toContain('address: 10.10.0.185')
  })
  it("the generic reader names the alert, not the integration that sent it (Opsgenie's source.name)", () => {
    const [d] = parseAlerts(body('opsgenie-create-p3.json'), undefined, noMapping)
    expect(d!.vars.alarm_name).toBe('another alert')
    expect(d!.vars.alarm_target).toBe('Server')
  })
  it.each([
    ['uptimerobot-monitor-down.json', 'Web Server', 'server1.example.com'],
    ['pingdom-http-up-to-down.json', 'Test check', 'someurl.com'],
    ['splunk-search-one-result.json', 'sudo', 'myserver'],
  ])(
    'the generic reader finds the name and target of %s under their usual names',
    (f, name, target) => {
      const [d] = parseAlerts(body(f), undefined, noMapping)
      expect([d!.vars.alarm_name, d!.vars.alarm_target]).toEqual([name, target])
    },
  )
  it('a mapped generic body is not a guess', () => {
    const [d] = parseAlerts({ x: { y: 'disk full' } }, 'generic', {
      itemsPath: '',
      fields: { alarm_name: 'x.y' },
    })
    expect(d!.vars.alarm_name).toBe('disk full')
    expect(d!.vars.alarm_guessed).toBeUndefined()
  })
  it('the generic reader finds alerts in a list under a common key and inside wrappers', () => {
    const drafts = parseAlerts(
      { data: [{ incident: { summary: 'A down', resource_name: 'db-1', severity: 'major' } }] },
      undefined,
      noMapping,
    )
    expect(drafts.map((d) => [d.vars.alarm_name, d.vars.alarm_target, d.vars.alarm_level])).toEqual(
      [['A down', 'db-1', 'critical']],
    )
  })
  it('Other fields never shows a secret', () => {
    const [d] = parseAlerts(
      { title: 'x', api_key: 'k-123', token: 't', site: 'cmk' },
      undefined,
      noMapping,
    )
    expect(d!.vars.fact_other).toBe('site: cmk')
  })
})

describe('a value that ends in a line break', () => {
  it.each(MESSAGE_FORMATS)('leaves no dangling " / " in %s', (format) => {
    expect(escapeValue('Load: 5.2\n', format)).toBe('Load: 5.2')
    expect(escapeValue('\r\nfirst\nsecond\n\n', format)).toBe('first / second')
  })
})
