import { describe, expect, it } from 'vitest'

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

  it('formats a matcher the parser reads back to the same matcher', () => {
    for (const text of ['alarm_name="CpuHigh"', 'labels.team!="db"', 'alarm_name=~"Disk.*"']) {
      const r = parseMatcher(text)
      expect(r.ok).toBe(true)
      if (r.ok) expect(formatMatcher(r.value)).toBe(text)
    }
  })
})
