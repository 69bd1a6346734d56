import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { findAlertmanager, startAlertmanager } from '../../bench/alertmanager'
import { finishAlert } from '../../electron/core/alerts/model'
import { parseAlerts } from '../../electron/core/alerts/sources'
import {
  SilenceClient,
  SilenceError,
  alertmanagerOf,
  matchersForAlert,
} from '../../electron/core/oncall/silences'

// A real Alertmanager (Debian's prometheus-alertmanager, installed by .ci/run), never a mock.
const found = findAlertmanager()
const skip = 'skipped' in found ? found.skipped : undefined
if (skip) console.warn(skip)

describe.skipIf(skip)('silence in Alertmanager', () => {
  let am: Awaited<ReturnType<typeof startAlertmanager>>
  const client = new SilenceClient()
  beforeAll(async () => {
    am = await startAlertmanager((found as { path: string }).path)
  })
  afterAll(async () => {
    await client.close()
    await am?.stop()
  })

  const alertFrom = (externalURL: string) => {
    const body = {
      version: '4',
      status: 'firing',
      receiver: 'relay',
      groupKey: '{}:{alertname="DiskFull"}',
      externalURL,
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1:9100' },
          annotations: { summary: 'Disk almost full' },
          startsAt: new Date().toISOString(),
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'e2a5025853d4da64',
        },
      ],
    }
    return finishAlert(parseAlerts(body, undefined, { itemsPath: '', fields: {} })[0]!)
  }

  it('creates a silence for exactly this alert at its externalURL, then expires it', async () => {
    const alert = alertFrom(am.url)
    const url = alertmanagerOf(alert)
    expect(url).toBe(am.url)
    const created = await client.create(
      { url: url! },
      {
        matchers: matchersForAlert(alert),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'li.lei',
        comment: 'disk swap in progress',
      },
    )
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.link).toBe(`${am.url}/#/silences/${created.id}`)

    // Alertmanager itself says what it holds.
    const res = await fetch(`${am.url}/api/v2/silence/${created.id}`)
    const silence = (await res.json()) as {
      matchers: Array<{ name: string; value: string; isEqual: boolean; isRegex: boolean }>
      createdBy: string
      comment: string
      status: { state: string }
    }
    expect(silence.status.state).toBe('active')
    expect(silence.createdBy).toBe('li.lei')
    expect(silence.matchers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          name: 'alertname',
          value: 'DiskFull',
          isEqual: true,
          isRegex: false,
        }),
        expect.objectContaining({ name: 'instance', value: 'db-1:9100' }),
      ]),
    )

    await client.expire({ url: am.url }, created.id)
    expect(await client.state({ url: am.url }, created.id)).toBe('expired')
    // Expiring twice is not an error: it is what the person wanted.
    await client.expire({ url: am.url }, created.id)
  })

  it('explains an unknown silence and an Alertmanager that is not there', async () => {
    await expect(
      client.expire({ url: am.url }, '00000000-0000-0000-0000-000000000000'),
    ).rejects.toThrow(SilenceError)
    const closed = 'http://127.0.0.1:9'
    await expect(
      client.create(
        { url: closed, timeoutSeconds: 2 },
        {
          matchers: [{ name: 'a', value: 'b', isEqual: true, isRegex: false }],
          endsAt: new Date(Date.now() + 60_000).toISOString(),
          createdBy: 'x',
          comment: '',
        },
      ),
    ).rejects.toThrow(
      /Could not reach Alertmanager at http:\/\/127\.0\.0\.1:9\/ \(nothing answers on that port\): check "Alertmanager for silences" in the on-call settings/,
    )
  })

  it('refuses a silence that ends in the past, with Alertmanager reason', async () => {
    await expect(
      client.create(
        { url: am.url },
        {
          matchers: [{ name: 'alertname', value: 'X', isEqual: true, isRegex: false }],
          startsAt: new Date(Date.now() - 7_200_000).toISOString(),
          endsAt: new Date(Date.now() - 3_600_000).toISOString(),
          createdBy: 'x',
          comment: 'c',
        },
      ),
    ).rejects.toThrow(/Alertmanager refused the silence \(HTTP 400/)
  })
})
