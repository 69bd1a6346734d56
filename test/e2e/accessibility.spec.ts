/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from './fixtures'
import { LANGUAGES, open, type Lang } from './helpers'

/**
 * Findings not fixed yet, each by page and rule (issue #24): History's rows are links with
 * role=row, and the storm preview's phones share one label. Any other finding fails the test,
 * and so does one of these once it is gone (then it leaves this list).
 */
const KNOWN = ['history: aria-allowed-role', 'history detail: aria-allowed-role']
const MAYBE = ['templates: landmark-unique']

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
      const result = await new AxeBuilder({ page }).analyze()
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
    await page.goto(new URL(`#/history/${ids[0]}`, page.url()).toString())
    await expect(page.locator('aside.detail h2')).toBeVisible()
    await check('history detail')
    await page.goto(`${relay.simulator}/`)
    await expect(page.locator('body')).toContainText('DiskFull')
    await check('simulator chat page')
    expect(found.filter((f) => ![...KNOWN, ...MAYBE].some((k) => f.startsWith(k)))).toEqual([])
    for (const k of KNOWN) expect(found.some((f) => f.startsWith(k))).toBe(true)
  })
}
