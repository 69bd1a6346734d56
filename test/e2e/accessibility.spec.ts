/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { axe, LANGUAGES, open, type Lang } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

/** Every page of the window, by its route. */
const PAGES = ['now', 'channels', 'routes', 'templates', 'test', 'history', 'settings'] as const

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  test(`every page, and the simulator's chat page, is axe-clean at every impact (${lang})`, async ({
    page,
    relay,
  }) => {
    test.setTimeout(120_000)
    // Something on every page: a firing alert, its delivery, its history row.
    const { ids } = await relay.post({
      title: 'DiskFull',
      severity: 'critical',
      host: 'db-1',
      message: '/data 97%',
    })
    await open(page, relay.ui, lang)
    page.on('dialog', (d) => void d.accept())
    const found: string[] = []
    const check = async (where: string) => {
      const result = await axe(page).analyze()
      for (const v of result.violations)
        found.push(
          `${where}: ${v.id} (${v.impact}) — ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
        )
    }
    for (const p of PAGES) {
      await page.locator(`nav a[href="#/${p}"]`).click()
      await expect(page.locator('main h1').first()).toBeVisible()
      await page.waitForLoadState('networkidle')
      await check(p)
    }
    // A history row is a row of cells holding one link: the keyboard reaches it and Enter opens it.
    await page.locator('nav a[href="#/history"]').click()
    const row = page.getByRole('row', { name: /^DiskFull/ })
    await row.getByRole('link').focus()
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(new RegExp(`#/history/${ids[0]}$`))
    await expect(page.locator('aside.detail h2')).toBeVisible()
    await check('history detail')
    await page.goto(`${relay.simulator}/`)
    await expect(page.locator('body')).toContainText('DiskFull')
    await check('simulator chat page')
    expect(found).toEqual([])
  })
}
