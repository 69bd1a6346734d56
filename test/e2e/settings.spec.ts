/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, shots, type Lang } from './helpers'

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`settings (${lang})`, () => {
    test('one Save names what changed; choices save at once with one toast; times follow the time zone', async ({
      page,
      relay,
    }, testInfo) => {
      await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
      await open(page, relay.ui, lang, '#/settings')
      await expect(page.getByLabel(L.settings.port, { exact: true })).not.toHaveValue('')
      // The browser window is not the desktop app: nothing to start at login, no tray.
      await expect(page.getByText(L.settings.startAtLogin)).toHaveCount(0)

      // The time zone saves when chosen, with one toast that names it.
      await page.getByLabel(L.settings.timeZone, { exact: true }).selectOption('Asia/Shanghai')
      const toast = fill(L.settings.savedChoice, {
        what: L.settings.timeZone,
        value: 'Asia/Shanghai',
      })
      await expect(page.locator('.toast')).toHaveText([toast])
      // Times in the window follow it, as messages do.
      const strip = page.getByRole('region', { name: L.status.label })
      // Pausing every channel asks first; "no" leaves sending on.
      const questions: string[] = []
      page.once('dialog', (d) => {
        questions.push(d.message())
        void d.dismiss()
      })
      await strip.getByRole('button', { name: L.status.pause15 }).click()
      await expect.poll(() => questions).toEqual([L.trust.pauseQuestion])
      await expect(strip.getByRole('button', { name: L.status.resume })).toHaveCount(0)
      page.once('dialog', (d) => void d.accept())
      await strip.getByRole('button', { name: L.status.pause15 }).click()
      await expect(strip).toContainText(/UTC\+08:00/)
      await strip.getByRole('button', { name: L.status.resume }).click()

      // The text fields share one Save, which names the sections that changed.
      const save = page.getByRole('button', { name: L.settings.save })
      await expect(save).toBeDisabled()
      await page.getByLabel(L.links.base, { exact: true }).fill('http://ops-pc:8761')
      await expect(save).toHaveAccessibleName(fill(L.settings.saveWhat, { what: L.links.legend }))
      await page.getByLabel(L.settings.maxAgeDays, { exact: true }).fill('14')
      await expect(save).toHaveAccessibleName(
        fill(L.settings.saveWhat, {
          what: [L.settings.retention, L.links.legend].join(L.settings.listJoin),
        }),
      )
      await shots(page, `settings-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      await save.click()
      await expect(page.getByText(L.settings.saved, { exact: true })).toBeVisible()
      await expect(save).toBeDisabled()
      await expect(save).toHaveAccessibleName(L.settings.save)

      await page.getByRole('link', { name: L.nav.now, exact: true }).click()
      const since = page.locator('tr.now-row td[title]').first()
      await expect(since).toHaveAttribute('title', /UTC\+08:00$/)
    })
  })
}
