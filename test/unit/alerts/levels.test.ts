import { describe, expect, it } from 'vitest'
import {
  ALIYUN_LEVELS,
  mapLevel,
  OCP_LEVELS,
  ZABBIX_LEVELS,
} from '../../../electron/core/alerts/levels'

describe('one level table per sender', () => {
  it.each([
    ['P0', 'down'],
    ['p1', 'critical'],
    ['2', 'warning'],
    ['major', 'critical'],
    ['minor', 'warning'],
    ['page', 'critical'],
    ['informational', 'info'],
    ['停服', 'down'],
  ])('Alertmanager/Grafana/JSON: %s → %s, keeping the sender word', (raw, level) => {
    expect(mapLevel(raw)).toEqual({ level, raw })
  })
  it('Zabbix: Warning ranks below Average; numeric severities too', () => {
    expect(mapLevel('Disaster', ZABBIX_LEVELS).level).toBe('down')
    expect(mapLevel('Average', ZABBIX_LEVELS).level).toBe('warning')
    expect(mapLevel('Warning', ZABBIX_LEVELS).level).toBe('caution')
    expect(mapLevel('Not classified', ZABBIX_LEVELS).level).toBe('info')
    expect(mapLevel('4', ZABBIX_LEVELS).level).toBe('critical')
  })
  it('Aliyun and OCP', () => {
    expect(mapLevel('WARN', ALIYUN_LEVELS)).toEqual({ level: 'warning', raw: 'WARN' })
    expect(mapLevel('注意', OCP_LEVELS)).toEqual({ level: 'caution', raw: '注意' })
  })
  it('an unknown word passes through; an inherited property is just a word', () => {
    expect(mapLevel('sev-x')).toEqual({ level: 'sev-x' })
    expect(mapLevel('constructor')).toEqual({ level: 'constructor' })
    expect(mapLevel('critical')).toEqual({ level: 'critical', raw: undefined })
  })
})
