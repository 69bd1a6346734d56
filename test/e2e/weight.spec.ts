/// <reference lib="dom" />
import { writeFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { LANGUAGES, open, shots, type Lang } from './helpers'

test('the first page loads under 150 kB of compressed JS, without the chart library', async ({
  page,
  relay,
}, testInfo) => {
  const js: Array<{ url: string; bytes: number; encoding?: string }> = []
  page.on('response', (r) => {
    if (r.url().endsWith('.js'))
      js.push({
        url: r.url(),
        bytes: Number(r.headers()['content-length']),
        encoding: r.headers()['content-encoding'],
      })
  })
  await page.goto(relay.ui)
  // The first page is Now: what is firing, read from the relay.
  await expect(page.getByText('Nothing is firing.')).toBeVisible()
  const initial = js.reduce((n, f) => n + f.bytes, 0)
  // Recorded, not asserted (no timed assertions): navigation start to the firing list drawn.
  const usableMs = await page.evaluate(() => Math.round(performance.now()))
  const report = testInfo.outputPath('initial-js.json')
  writeFileSync(report, JSON.stringify({ initial, usableMs, files: js }, null, 2))
  await testInfo.attach('initial-js', { path: report, contentType: 'application/json' })
  expect(js.every((f) => f.encoding === 'br')).toBe(true)
  expect(initial).toBeLessThan(150 * 1024)
  expect(js.some((f) => /history-page/.test(f.url))).toBe(false)
  await page.getByRole('link', { name: 'History', exact: true }).click()
  await expect(page.locator('.chart-box canvas')).toBeVisible()
  expect(js.some((f) => /history-page/.test(f.url))).toBe(true)
})

test('assets are compressed and cached for good, index.html revalidated, no source maps, a favicon', async ({
  page,
  relay,
}) => {
  await page.goto(relay.ui)
  const result = await page.evaluate(async () => {
    const head = async (path: string, encoding?: string) => {
      const r = await fetch(path, { headers: encoding ? { 'accept-encoding': encoding } : {} })
      return {
        status: r.status,
        type: r.headers.get('content-type'),
        cache: r.headers.get('cache-control'),
      }
    }
    const script = document.querySelector<HTMLScriptElement>('script[type=module]')!.src
    return {
      index: await head('/'),
      script: await head(new URL(script).pathname),
      map: await head(`${new URL(script).pathname}.map`),
      favicon: await head('/favicon.ico'),
      mapRef: await (await fetch(script)).text().then((t) => /sourceMappingURL/.test(t)),
    }
  })
  expect(result.index.cache).toBe('no-cache')
  expect(result.script.cache).toBe('public, max-age=31536000, immutable')
  expect(result.map.status).toBe(404)
  expect(result.mapRef).toBe(false)
  expect(result.favicon).toMatchObject({ status: 200, type: 'image/x-icon' })
  // Raw HTTP, to see the encoding itself (the browser decodes it).
  for (const [accept, expected] of [
    ['br, gzip', 'br'],
    ['gzip', 'gzip'],
    ['identity', undefined],
  ] as const) {
    const r = await page.request.get(new URL(result.index.type ? '/' : '/', relay.ui).toString(), {
      headers: { 'accept-encoding': accept },
    })
    expect(r.headers()['content-encoding'], accept).toBe(expected)
    expect(await r.text()).toContain('<div id="root">')
  }
})

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  // axe on every page, at every impact, is accessibility.spec.ts's: not run twice here.
  test(`the skip link, and every page at 1280 and 900 px (${lang})`, async ({
    page,
    relay,
  }, testInfo) => {
    const L = LANGUAGES[lang]
    await open(page, relay.ui, lang)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: L.common.skip })
    await expect(skip).toBeFocused()
    await expect(skip).toBeInViewport()
    await page.keyboard.press('Enter')
    await expect(page.locator('main')).toBeFocused()
    for (const p of ['channels', 'settings', 'routes', 'templates', 'test', 'history'] as const) {
      await page.getByRole('link', { name: L.nav[p], exact: true }).click()
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await shots(page, `page-${p}-${lang}`, testInfo)
    }
  })
}
