import { describe, expect, it } from 'vitest'

import { matches } from '../../../electron/core/delivery/router'
import { parseMatcher } from '../../../electron/core/settings/fields'
import { formatMatcher, prefillMatchers } from '../../../electron/core/oncall/views'

describe('matchers a person reads and types back', () => {
  it('a mute from an alert starts with its name and target, quoted so that spaces survive', () => {
    const prefilled = prefillMatchers({ name: 'Disk "almost" full', target: 'db 1' })
    expect(prefilled).toEqual(['alarm_name="Disk "almost" full"', 'alarm_target="db 1"'])
    // Read back, they match the alert's own values.
    expect(prefilled.map((m) => parseMatcher(m))).toEqual([
      { ok: true, value: { name: 'alarm_name', op: '=', value: 'Disk "almost" full' } },
      { ok: true, value: { name: 'alarm_target', op: '=', value: 'db 1' } },
    ])
    expect(prefillMatchers({ name: 'CpuHigh', target: '' })).toEqual(['alarm_name="CpuHigh"'])
  })

  it("a mute from an alert with labels starts with its own labels, as Alertmanager's silence does", () => {
    const labels = {
      instance: 'db-1:9100',
      alertname: 'InstanceDown',
      severity: 'critical',
      alarm_level: 'x',
    }
    const prefilled = prefillMatchers({ name: 'InstanceDown', target: 'db-1:9100', labels })
    expect(prefilled).toEqual([
      'alertname="InstanceDown"',
      'labels.alarm_level="x"',
      'instance="db-1:9100"',
      'severity="critical"',
    ])
    // Each one matches the alert it came from (a bare name reads the label).
    const alert = {
      labels,
      annotations: {},
      vars: { alarm_name: 'InstanceDown', alarm_level: 'critical' },
    }
    for (const text of prefilled) {
      const m = parseMatcher(text)
      expect(m.ok && matches(alert as never, m.value), text).toBe(true)
    }
  })

  it('formats a matcher the parser reads back to the same matcher', () => {
    for (const text of ['alarm_name="CpuHigh"', 'labels.team!="db"', 'alarm_name=~"Disk.*"']) {
      const r = parseMatcher(text)
      expect(r.ok).toBe(true)
      if (r.ok) expect(formatMatcher(r.value)).toBe(text)
    }
  })
})
