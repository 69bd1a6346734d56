import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { displayContext } from '../../../electron/core/messages/display'
import {
  detectSource,
  fromText,
  parseAlerts,
  SourceError,
} from '../../../electron/core/alerts/sources'

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}`, import.meta.url), 'utf8')) as unknown
const noMapping = { itemsPath: '', fields: {} }
const now = new Date('2026-11-27T08:30:00Z')

describe('source detection', () => {
  it.each([
    ['alertmanager-group.json', 'alertmanager'],
    ['grafana-unified.json', 'grafana'],
    ['grafana-legacy.json', 'grafana'],
    ['ocp-array.json', 'ocp'],
  ])('%s → %s', (file, source) => expect(detectSource(fixture(file))).toBe(source))
  it('anything else JSON is generic', () => expect(detectSource({ title: 'x' })).toBe('generic'))
})

describe('Alertmanager', () => {
  const [firing, resolved] = parseAlerts(
    fixture('alertmanager-group.json'),
    undefined,
    noMapping,
    now,
  )
  it('maps every alert of the group onto the OCP variables', () => {
    expect(firing).toMatchObject({
      source: 'alertmanager',
      status: 'firing',
      fingerprint: 'e2a5025853d4da64',
      vars: {
        alarm_name: 'DiskFull',
        alarm_level: 'critical',
        alarm_target: 'db-1:9100',
        alarm_summary: 'Disk almost full',
        alarm_description: '/data is 97% full',
        alarm_url: 'http://prometheus:9090/graph?g0.expr=...',
        alarm_duration: '30m 0s',
      },
      labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1:9100' },
      group: {
        key: '{}:{alertname="DiskFull"}',
        receiver: 'relay',
        externalURL: 'http://alertmanager:9093',
      },
    })
    expect(firing!.vars.alarm_active_at).toMatch(/^2026-11-27 \d\d:00:00 [+-]\d\d:\d\d$/)
    expect(firing!.vars.alarm_resolved_at).toBeUndefined()
  })
  it('reads resolved alerts in the same group with their end time', () => {
    expect(resolved).toMatchObject({
      status: 'resolved',
      vars: { alarm_target: 'db-2:9100', alarm_duration: '1h 10m' },
    })
    expect(resolved!.vars.alarm_resolved_at).toMatch(/^2026-11-27 \d\d:10:00/)
  })
  it('surfaces truncatedAlerts and tolerates alerts with missing fields', () => {
    const [a] = parseAlerts(
      { version: '4', truncatedAlerts: 12, alerts: [{}] },
      'alertmanager',
      noMapping,
      now,
    )
    expect(a).toMatchObject({ status: 'firing', group: { truncatedAlerts: 12 } })
    expect(finishAlert(a!).fingerprint).toMatch(/^[0-9a-f]{16}$/)
  })
  it('rejects a body without an alerts list when forced', () => {
    expect(() => parseAlerts({ status: 'firing' }, 'alertmanager', noMapping)).toThrow(
      /no "alerts" list/,
    )
    expect(() => parseAlerts({ alerts: [1] }, 'alertmanager', noMapping)).toThrow(
      /alerts\[0\] is not an object/,
    )
  })
})

describe('Grafana', () => {
  it('unified alerting: panel link and values, never the preformatted message', () => {
    const [a] = parseAlerts(fixture('grafana-unified.json'), undefined, noMapping, now)
    expect(a).toMatchObject({
      source: 'grafana',
      vars: {
        alarm_name: 'HighCPU',
        alarm_level: 'warning',
        alarm_target: 'web-3',
        alarm_url: 'http://grafana:3000/d/cpu?viewPanel=2',
        value: 'B=93.4, C=1',
        alarm_summary: 'CPU above 90% for 5 minutes',
      },
    })
    expect(a!.vars.alarm_description).toBeUndefined()
  })
  it('legacy (8 and older): one alert; ok means resolved', () => {
    const [a] = parseAlerts(fixture('grafana-legacy.json'), undefined, noMapping)
    expect(a).toMatchObject({
      status: 'firing',
      vars: {
        alarm_name: 'Memory usage alert',
        alarm_level: 'critical',
        alarm_target: 'db-1',
        value: 'db-1=96.2',
        alarm_url: 'http://grafana:3000/d/mem?panelId=4',
      },
    })
    const [ok] = parseAlerts(
      { ...(fixture('grafana-legacy.json') as object), state: 'ok' },
      'grafana',
      noMapping,
    )
    expect(ok!.status).toBe('resolved')
  })
})

describe('OCP', () => {
  it('takes alarm_* and context variables as they are, normalising the level', () => {
    const [a, b] = parseAlerts(fixture('ocp-array.json'), undefined, noMapping)
    expect(a).toMatchObject({
      source: 'ocp',
      status: 'firing',
      vars: {
        alarm_name: 'ob_cluster_cpu_high',
        alarm_level: 'critical',
        ob_cluster: 'prod-ob1',
        ob_tenant: 'sys',
        host_ip: '10.0.0.11',
        app_type: 'OB',
      },
    })
    expect(b).toMatchObject({ status: 'resolved', vars: { alarm_level: 'warning' } })
  })
  it('accepts a single object', () => {
    expect(
      parseAlerts({ alarm_name: 'x', alarm_level: 'Down' }, undefined, noMapping)[0]!.vars
        .alarm_level,
    ).toBe('down')
  })
})

describe('generic JSON and text', () => {
  it('finds common field names with no setup', () => {
    const [a] = parseAlerts(
      {
        title: 'Backup failed',
        severity: 'P1',
        host: 'nas-1',
        message: 'exit code 2',
        link: 'http://ci/42',
        status: 'firing',
      },
      undefined,
      noMapping,
    )
    expect(a).toMatchObject({
      source: 'generic',
      status: 'firing',
      vars: {
        alarm_name: 'Backup failed',
        alarm_level: 'critical',
        alarm_target: 'nas-1',
        alarm_summary: 'exit code 2',
        alarm_url: 'http://ci/42',
      },
    })
  })
  it('follows a user mapping of dotted paths and an items path', () => {
    const body = {
      data: {
        events: [
          { meta: { rule: 'Latency' }, sev: 'warn', where: { node: 'n1' } },
          { meta: { rule: 'Errors' }, sev: 'crit', state: 'ok' },
        ],
      },
    }
    const drafts = parseAlerts(body, 'generic', {
      itemsPath: 'data.events',
      fields: { alarm_name: 'meta.rule', alarm_level: 'sev', alarm_target: 'where.node' },
    })
    expect(
      drafts.map((d) => [d.vars.alarm_name, d.vars.alarm_level, d.vars.alarm_target, d.status]),
    ).toEqual([
      ['Latency', 'warning', 'n1', 'firing'],
      ['Errors', 'critical', undefined, 'resolved'],
    ])
    expect(() => parseAlerts({}, 'generic', { itemsPath: 'data.events', fields: {} })).toThrow(
      /nothing at "data.events"/,
    )
  })
  it('reads Aliyun CloudMonitor fields', () => {
    const [a] = parseAlerts(
      {
        alertName: 'CPU',
        alertState: 'OK',
        triggerLevel: 'CRITICAL',
        curValue: '95',
        instanceName: 'ecs-1',
      },
      'generic',
      noMapping,
    )
    expect(a).toMatchObject({
      status: 'resolved',
      vars: { alarm_name: 'CPU', alarm_level: 'critical', value: '95', alarm_target: 'ecs-1' },
    })
  })
  it('plain text is one alert whose summary is the text', () => {
    expect(fromText('disk full on db-1\nmore detail')[0]).toMatchObject({
      status: 'firing',
      vars: { alarm_name: 'disk full on db-1', alarm_summary: 'disk full on db-1\nmore detail' },
    })
  })
  it('ignores prototype-pollution keys', () => {
    const [a] = parseAlerts(
      JSON.parse('{"title":"x","labels":{"__proto__":{"polluted":1},"team":"db"}}'),
      undefined,
      noMapping,
    )
    expect(a!.labels).toEqual({ team: 'db' })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('every adapter, any JSON (property)', () => {
  it('returns alerts or throws a SourceError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 5 }),
        fc.constantFrom(undefined, 'alertmanager', 'grafana', 'ocp', 'generic' as const),
        (body, source) => {
          try {
            const drafts = parseAlerts(body, source, noMapping)
            for (const d of drafts) {
              const a = finishAlert(d)
              expect(typeof a.fingerprint).toBe('string')
              for (const v of Object.values(a.vars)) expect(typeof v).toBe('string')
            }
          } catch (err) {
            expect(err).toBeInstanceOf(SourceError)
          }
        },
      ),
      { numRuns: 500 },
    )
  })
})

describe('Zabbix', () => {
  // test/fixtures/real/zabbix-high-cpu-problem.json (see SOURCES.md), with the date and time
  // macros a media script passes apart ({EVENT.DATE}, {EVENT.TIME}), then its recovery.
  const problem = {
    ...(fixture('real/zabbix-high-cpu-problem.json') as Record<string, unknown>),
    event_date: '2026.11.27',
    event_time: '07:45:00',
  }
  const recovery = {
    ...problem,
    event_status: 'RESOLVED',
    event_recovery_date: '2026.11.27',
    event_recovery_time: '08:10:30',
  }
  const [firing] = parseAlerts(problem, 'zabbix', noMapping, now)
  const [ok] = parseAlerts(recovery, 'zabbix', noMapping, now)
  it('joins the date and time macros, so the message counts how long it has fired', () => {
    const shown = (a: typeof firing) =>
      displayContext(finishAlert(a!, now), { timeZone: 'UTC', now: now.getTime() }).vars
    expect(shown(firing).alarm_active_at).toBe('2026-11-27 07:45:00 +00:00')
    expect(shown(firing).alarm_duration).toMatch(/^45m\b/)
    expect(shown(ok).alarm_resolved_at).toBe('2026-11-27 08:10:30 +00:00')
    expect(shown(ok).alarm_duration).toMatch(/^25m 30s$/)
  })
  it('pairs the recovery with its problem by the event id', () => {
    expect(firing!.fingerprint).toBe('zabbix-4721')
    expect(ok).toMatchObject({ status: 'resolved', fingerprint: 'zabbix-4721' })
  })
})

describe('alert ids', () => {
  it('stay unique and ordered for 100,000 alerts in one millisecond, or with the clock stepping back', async () => {
    const { newAlertId } = await import('../../../electron/core/alerts/model')
    const ids = Array.from({ length: 100_000 }, () => newAlertId(1_000))
    expect(new Set(ids).size).toBe(100_000)
    expect([...ids].sort()).toEqual(ids)
    const back = newAlertId(500)
    expect(back > ids.at(-1)!).toBe(true)
  })
})
