/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, plural, shots, type Lang } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`history (${lang})`, () => {
    test('outcome badges per channel, failed rows marked, the message per channel, and a resend that says why it waits', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang)
      // A second channel whose robot key the simulator does not know: WeCom answers 93000.
      await page.evaluate(async (sim) => {
        const call = (method: string, body: unknown) =>
          fetch(`/api/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        await call('saveChannel', {
          channel: {
            name: 'broken',
            webhookUrl: `${sim}/cgi-bin/webhook/send?key=unknown-robot-key-0000`,
            aggregate: { enabled: false },
          },
        })
        await call('updateSettings', { patch: { defaultChannels: ['simulator', 'broken'] } })
      }, relay.simulator)
      await relay.post({
        title: 'DiskFull',
        severity: 'critical',
        host: 'db-1',
        message: '/data 97%',
      })
      await page.goto(new URL('#/history', page.url()).toString())
      const table = page.getByRole('table', { name: L.history.tableLabel })
      const row = table.getByRole('row').filter({ hasText: 'DiskFull' })
      await expect(row).toContainText(`✘ broken ${L.states.failed}`)
      await expect(row).toContainText(`✔ simulator ${L.states.delivered}`)
      await expect(row).toHaveClass(/failed/)
      await expect(row).toHaveAttribute(
        'aria-label',
        new RegExp(`DiskFull.*broken ${L.states.failed}`),
      )
      await row.click()
      const detail = page.locator('aside.detail')
      await expect(detail.locator('.channel-message')).toHaveCount(2)
      await expect(
        detail.locator('.channel-message').filter({ hasText: 'simulator' }).locator('.bubble'),
      ).toContainText('DiskFull')
      await expect(
        detail.locator('.channel-message').filter({ hasText: 'broken' }).locator('.bubble'),
      ).toContainText('DiskFull')
      await expect(detail).toContainText(
        fill(L.history.robotSetAside.split('{{reason}}')[0]!, { channel: 'broken' }),
      )
      // Each attempt names the host that answered it.
      const attempts = detail.getByRole('table', { name: L.history.attempts })
      await expect(attempts.getByRole('columnheader', { name: L.trust.robotHost })).toBeVisible()
      await expect(attempts.getByRole('row').filter({ hasText: 'simulator' })).toContainText(
        new URL(relay.simulator).host,
      )
      await shots(page, `history-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      // Resend pings the groups again: it asks first, and a "no" sends nothing.
      const questions: string[] = []
      page.once('dialog', (d) => {
        questions.push(d.message())
        void d.dismiss()
      })
      await detail.getByRole('button', { name: L.history.resend }).click()
      await expect
        .poll(() => questions)
        .toEqual([
          fill(L.trust.resendQuestion, {
            channels: ['broken', 'simulator'].join(L.settings.listJoin),
          }),
        ])
      await expect(page.locator('.toast')).toHaveCount(0)
      page.once('dialog', (d) => void d.accept())
      await detail.getByRole('button', { name: L.history.resend }).click()
      await expect(
        page.locator('.toast').filter({
          hasText: fill(L.history.resendWaits.split('{{reason}}')[0]!, { channel: 'broken' }),
        }),
      ).toBeVisible()
    })

    test('an empty list under a filter says the filter hides alerts; chart labels follow the range; chart as a table', async ({
      page,
      relay,
    }, testInfo) => {
      await relay.post({ title: 'CPUHigh', severity: 'warning', host: 'web-1' })
      await open(page, relay.ui, lang, '#/history')
      await expect(
        page
          .getByRole('table', { name: L.history.tableLabel })
          .getByRole('row')
          .filter({ hasText: 'CPUHigh' }),
      ).toBeVisible()
      await page.getByLabel(L.history.source).selectOption({ label: L.sources.grafana })
      await expect(page.getByText(plural(L.history, 'hiddenByFilters', lang, 1))).toBeVisible()
      await page.getByRole('button', { name: L.history.clearFilters }).first().click()
      await expect(
        page
          .getByRole('table', { name: L.history.tableLabel })
          .getByRole('row')
          .filter({ hasText: 'CPUHigh' }),
      ).toBeVisible()

      await page.getByText(L.history.chartTable).click()
      const chartTable = page.locator('.chart-table table')
      // One alert: the bars close in on it (seconds), whatever the range around it; the labels by
      // range (dates for days) are unit-tested with the zoom (page-models.test.ts).
      await expect(chartTable.getByRole('rowheader').first()).toHaveText(/^\d\d:\d\d:\d\d$/)
      await page.getByLabel(L.history.from, { exact: true }).fill(isoLocal(-3))
      await page.getByLabel(L.history.to, { exact: true }).fill(isoLocal(0.01))
      await expect(chartTable.getByRole('rowheader')).toHaveCount(1)
      await expect(chartTable.getByRole('rowheader').first()).toHaveText(/^\d\d:\d\d:\d\d$/)
      await expect(page.locator('.chart-box canvas')).toHaveAttribute(
        'aria-label',
        L.history.chartAlt,
      )
      await shots(page, `history-chart-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
    })
  })
}

/** A datetime-local value `days` from now. */
function isoLocal(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
