/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { LANGUAGES, open } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

const L = LANGUAGES.en

test('the History table scrolls to the oldest of 1,100 alerts, past the pages it had not fetched', async ({
  page,
  relay,
}) => {
  // Two requests (the listener takes 1,000 alerts at most per request), oldest first.
  for (const [from, to] of [
    [0, 600],
    [600, 1100],
  ] as const)
    await relay.post(
      Array.from({ length: to - from }, (_, i) => ({
        title: `Scroll-${from + i}`,
        severity: 'info',
      })),
    )
  await open(page, relay.ui, 'en', '#/history')
  const table = page.getByRole('table', { name: L.history.tableLabel })
  // Every alert is a row of the table (the header is one more), not only a first page.
  await expect(table).toHaveAttribute('aria-rowcount', '1101')
  await expect(table.getByRole('row').filter({ hasText: 'Scroll-1099' })).toBeVisible()
  await page.locator('.vbody').evaluate((el) => (el.scrollTop = el.scrollHeight))
  const oldest = table.getByRole('row', { name: /^Scroll-0,/ })
  await expect(oldest).toBeVisible()
  await expect(oldest).toHaveAttribute('aria-rowindex', '1101')
  // A new alert refreshes the list (a storm does so every few seconds): the rows in view stay,
  // one place further down, instead of turning back into "Loading…".
  await relay.post([{ title: 'Scroll-new', severity: 'info' }])
  await expect(table).toHaveAttribute('aria-rowcount', '1102')
  await expect(oldest).toHaveAttribute('aria-rowindex', '1102')
  await expect(table.getByRole('row', { name: /^Scroll-1,/ })).toBeVisible()
})
