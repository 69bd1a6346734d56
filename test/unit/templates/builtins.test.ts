import { saying } from '../../helpers/said'
import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { routeAlert } from '../../../electron/core/delivery/router'
import { parseSettings } from '../../../electron/core/settings/settings-store'
import { lintTemplate } from '../../../electron/core/templates/lint'
import { renderTemplate } from '../../../electron/core/templates/render'
import { BUILTIN_VARIABLES } from '../../corpus/templates'

const ctx = {
  vars: { alarm_name: 'DiskFull' },
  labels: { team: 'db' },
  annotations: { summary: 'disk 91%' },
}

describe("template variables never reach JavaScript's built-ins", () => {
  it.each(BUILTIN_VARIABLES)('${%s} renders empty (or its fallback) and lint warns', (name) => {
    // Before: `function Object() { [native code] }` and the like.
    // The alert's name keeps the line (a line whose variables are all empty is dropped).
    expect(renderTemplate(`\${alarm_name} [\${${name}}]`, ctx, 'text')).toBe('DiskFull []')
    expect(renderTemplate(`\${alarm_name} [\${${name}:-none}]`, ctx, 'text')).toBe(
      'DiskFull [none]',
    )
    const issues = lintTemplate(`Alert\n\${${name}}`, 'text')
    expect(issues).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: saying(expect.stringContaining('is not a known variable')),
      }),
    ])
  })

  it('real labels and annotations still render', () => {
    expect(renderTemplate('${labels.team} ${annotations.summary} ${alarm_name}', ctx, 'text')).toBe(
      'db disk 91% DiskFull',
    )
  })

  it('a route on a built-in name matches nothing', () => {
    const url = 'http://127.0.0.1:1/cgi-bin/webhook/send?key=k'
    const settings = parseSettings({
      channels: [
        { name: 'hit', webhookUrl: url },
        { name: 'rest', webhookUrl: url },
      ],
      routes: [{ matchers: ['constructor=~".+"'], channels: ['hit'] }],
      defaultChannels: ['rest'],
    })
    const alert = finishAlert({
      source: 'generic',
      status: 'firing',
      vars: { alarm_name: 'X' },
      labels: {},
      annotations: {},
      raw: {},
    })
    expect(routeAlert(alert, settings).targets).toEqual(['rest'])
  })
})
