/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, shots, type Lang } from './helpers'

const stormOf = (page: import('@playwright/test').Page, name: string) =>
  page.evaluate(async (n) => {
    const r = await fetch('/api/listChannels', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    })
    const { result } = (await r.json()) as {
      result: Array<{ name: string; storm: { threshold: unknown; details: boolean } }>
    }
    return result.find((c) => c.name === n)?.storm
  }, name)

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`storm preview (${lang})`, () => {
    test('the studio previews a storm: the summary first, send times, and saves the channel’s storm settings', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/templates')
      const list = page.locator('.storm-messages > li')
      await expect(list.first().locator('.bubble')).toBeVisible()
      // The storm arrives over 3 s: the gather window (1.5 s) holds the first message, a summary.
      await expect(list.first()).toContainText(fill(L.storm.summaryAt, { alerts: 500 }))
      await expect(list.first().locator('time')).toHaveText('+0:02')
      await expect(page.getByTestId('storm-figures')).toContainText(
        fill(L.storm.arrived, { at: '+0:03' }),
      )
      await shots(page, `storm-preview-${lang}`, testInfo)
      await expectAccessible(page, testInfo)

      // Two channels on one robot: the critical alerts' channel speaks first.
      await page.getByLabel(L.storm.sharedRobot).check()
      await expect(list.first()).toContainText(L.storm.otherChannel)
      await page.getByLabel(L.storm.sharedRobot).uncheck()

      // "Summary only": summaries and the close, saved to the channel.
      await page.getByLabel(L.storm.details).uncheck()
      await expect(list.last()).toContainText(fill(L.storm.closeAt, { alerts: 1000 }))
      await page.getByRole('button', { name: fill(L.storm.save, { name: 'simulator' }) }).click()
      await expect(page.getByText(fill(L.storm.saved, { name: 'simulator' }))).toBeVisible()
      expect(await stormOf(page, 'simulator')).toMatchObject({ threshold: 'auto', details: false })
    })

    test('a storm summary’s link opens History filtered to the storm', async ({ page, relay }) => {
      const from = '2026-11-28T12:06:48.000Z'
      await open(
        page,
        relay.ui,
        lang,
        `#/history?channel=simulator&from=${encodeURIComponent(from)}`,
      )
      await expect(page.getByLabel(L.history.channel)).toHaveValue('simulator')
      await expect(page.getByRole('button', { name: L.history.clearFilters })).toBeVisible()
    })
  })
}
