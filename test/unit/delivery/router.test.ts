import { saying } from '../../helpers/said'
import { describe, expect, it } from 'vitest'
import { finishAlert } from '../../../electron/core/alerts/model'
import { routeAlert } from '../../../electron/core/delivery/router'
import { parseSettings } from '../../../electron/core/settings/settings-store'

const url = 'http://127.0.0.1:1/cgi-bin/webhook/send?key=k'
const settings = parseSettings({
  channels: ['oncall', 'db', 'all', 'quiet', 'off'].map((name) => ({
    name,
    webhookUrl: url,
    enabled: name !== 'off',
    sendResolved: name !== 'quiet',
  })),
  routes: [
    {
      matchers: ['labels.team=db', 'alarm_level=~critical|down'],
      channels: ['db'],
      continue: true,
    },
    { match: { alarm_level: 'critical' }, channels: ['oncall', 'off'] },
    { matchers: ['alarm_name!~Test.*'], channels: ['quiet'] },
  ],
  defaultChannels: ['all'],
})

const alert = (
  vars: Record<string, string>,
  labels: Record<string, string> = {},
  status: 'firing' | 'resolved' = 'firing',
) => finishAlert({ source: 'generic', status, vars, labels, annotations: {}, raw: {} })

describe('routeAlert', () => {
  it('falls through with continue, and skips disabled channels with the reason', () => {
    expect(routeAlert(alert({ alarm_level: 'critical' }, { team: 'db' }), settings)).toEqual({
      targets: ['db', 'oncall'],
      skipped: [{ channel: 'off', reason: saying('The channel is disabled.') }],
    })
  })
  it('regex matchers are anchored like Alertmanager matchers', () => {
    expect(
      routeAlert(alert({ alarm_level: 'criticality' }, { team: 'db' }), settings).targets,
    ).toEqual(['quiet'])
  })
  it('a negative regex route, then the defaults when nothing matches', () => {
    expect(routeAlert(alert({ alarm_name: 'Disk' }), settings).targets).toEqual(['quiet'])
    expect(routeAlert(alert({ alarm_name: 'TestAlert' }), settings).targets).toEqual(['all'])
  })
  it('channels without sendResolved skip resolved alerts', () => {
    expect(routeAlert(alert({ alarm_name: 'Disk' }, {}, 'resolved'), settings)).toEqual({
      targets: [],
      skipped: [{ channel: 'quiet', reason: saying('The channel does not send resolved alerts.') }],
    })
  })
  it('?channel= wins over the rules', () => {
    expect(
      routeAlert(alert({ alarm_level: 'critical' }), settings, ['all', 'all', 'db']).targets,
    ).toEqual(['all', 'db'])
  })
})
