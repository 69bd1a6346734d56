/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { LANGUAGES, open, type Lang } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

// Alertmanager's webhook payload (test/fixtures/alertmanager-group.json): what people read about
// its alerts uses their words and the alert's own labels, never the relay's internal ids.
const group = JSON.parse(
  readFileSync(new URL('../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
) as { alerts: Array<{ status: string; labels: Record<string, string> }> }

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test(`no internal ids or names in History's detail and the mutes (${lang})`, async ({
    page,
    relay,
  }) => {
    const firing = group.alerts.find((a) => a.status === 'firing')!
    const { ids } = await relay.post({ ...group, alerts: [firing] })
    const id = ids[0]!
    await open(page, relay.ui, lang, `#/history/${id}`)
    const detail = page.locator('aside.detail')
    await expect(detail.locator('#detail-title')).toContainText('DiskFull')
    // The header says when and from where, not the relay's id of the alert.
    await expect(detail.locator('.help').first()).not.toContainText(id)
    // Each attempt's kind in words of the window's language.
    const attempts = detail.getByRole('table', { name: L.history.attempts })
    await expect(attempts.getByRole('row').filter({ hasText: 'simulator' })).toContainText(
      L.attemptKinds.alone,
    )
    await expect(attempts).not.toContainText(/\balone\b/)
    // A mute from this Alertmanager alert starts with its labels, alertname first.
    await detail.getByRole('button', { name: L.now.muteFromAlert }).click()
    const matchers = page.getByLabel(new RegExp(`^${L.now.matchers.slice(0, 4)}`))
    const labels = firing.labels
    await expect(matchers).toHaveValue(
      [
        `alertname="${labels.alertname}"`,
        ...Object.keys(labels)
          .filter((k) => k !== 'alertname')
          .sort()
          .map((k) => `${k}="${labels[k]}"`),
      ].join('\n'),
    )
    await page.getByRole('button', { name: L.now.create }).click()
    await expect(page.getByText(L.now.muted)).toBeVisible()
    // Now: the muted alert and the mutes list say why and until when, with no mute id.
    await page.getByRole('link', { name: L.nav.now, exact: true }).click()
    const mutes = page.getByRole('table', { name: L.now.mutes })
    await expect(mutes.getByRole('row')).toHaveCount(2)
    const ids12 = /\b[0-9a-f]{12}\b/
    await expect(page.locator('main')).not.toContainText(ids12)
  })
}
