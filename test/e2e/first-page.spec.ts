/// <reference lib="dom" />
import { expect, test } from './fixtures'

test('opening the window asks the relay once for each thing the first page shows, and later answers are fresh', async ({
  page,
  relay,
}) => {
  const asked: string[] = []
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname
    if (path.startsWith('/api/') && r.method() === 'POST')
      asked.push(`${path.slice(5)} ${r.postData() ?? ''}`)
  })
  await page.goto(relay.ui)
  await expect(page.getByText('Nothing is firing.')).toBeVisible()
  await expect(page.locator('.status-strip code')).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/alerts$/)
  await expect(page.getByText('On-call settings', { exact: true })).toBeVisible()
  const count = (call: string) => asked.filter((a) => a === call).length
  // The status strip, the language, the landing rule and the on-call form share one read each
  // (they asked for the settings four times); the chime, loaded after the first render, reads its own.
  expect(count('appInfo null')).toBe(1)
  expect(count('deliveryStatus null')).toBe(1)
  expect(count('getSettings null')).toBeLessThanOrEqual(2)
  expect(count('listActive {"groupBy":"name"}')).toBe(1)
  expect(count('listMutes null')).toBe(1)
  // The early answers are for the first render only: what happens next is asked for again.
  await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  await expect(page.getByRole('link', { name: 'DiskFull' })).toBeVisible()
  expect(count('listActive {"groupBy":"name"}')).toBeGreaterThan(1)
})

test('the first page is asked for by its own script, ahead of the main bundle', async ({
  page,
  relay,
}) => {
  await page.goto(relay.ui)
  const scripts = await page.evaluate(() =>
    Array.from(document.head.querySelectorAll<HTMLScriptElement>('script[type=module]')).map(
      (s) => ({
        src: new URL(s.src).pathname,
        async: s.async,
      }),
    ),
  )
  expect(scripts).toHaveLength(2)
  expect(scripts[0]!.src).toMatch(/^\/assets\/first-load-[\w-]+\.js$/)
  expect(scripts[0]!.async).toBe(true)
  expect(scripts[1]!.src).toMatch(/^\/assets\/index-[\w-]+\.js$/)
  // The token stays in its HttpOnly cookie: the page's HTML and scripts never carry it.
  const token = new URL(relay.ui).searchParams.get('token')!
  const html = await page.evaluate(() => fetch('/').then((r) => r.text()))
  expect(html).not.toContain(token)
})
