/// <reference lib="dom" />
import type { RelayEvent } from '../../electron/core/events'
import { expect, test } from './fixtures'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

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
  // The firing list answers last, after the first render: the panel it brings (Nothing is
  // firing, with the curl) mounts once the early answers are gone, and must not ask again.
  let release!: () => void
  const listed = new Promise<void>((r) => (release = r))
  await page.route('**/api/listActive', async (route) => {
    await listed
    await route.continue()
  })
  await page.goto(relay.ui)
  await expect(page.locator('.status-strip code')).toHaveText(/^http:\/\/127\.0\.0\.1:\d+\/alerts$/)
  release()
  await expect(page.getByText('Nothing is firing.')).toBeVisible()
  await expect(page.getByTestId('first-run').locator('pre')).toContainText(
    await page.locator('.status-strip code').innerText(),
  )
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
  // Later reads also name the groups a person has opened (`expand`).
  expect(asked.filter((a) => a.startsWith('listActive {"groupBy":"name"')).length).toBeGreaterThan(
    1,
  )
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

/** The relay's events as a second window hears them: to know when it has said all it will. */
async function listenToRelay(ui: string) {
  const url = new URL(ui)
  const stop = new AbortController()
  const res = await fetch(`${url.origin}/api/events`, {
    headers: { authorization: `Bearer ${url.searchParams.get('token')}` },
    signal: stop.signal,
  })
  const seen: RelayEvent[] = []
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      text += r.value
      const blocks = text.split('\n\n')
      text = blocks.pop()!
      for (const block of blocks)
        if (block.startsWith('data: ')) seen.push(JSON.parse(block.slice(6)) as RelayEvent)
    }
  })().catch(() => {})
  return { seen, close: () => stop.abort() }
}

test('an alert the relay announced while the window was still connecting shows on Now, though nothing follows it', async ({
  page,
  relay,
}) => {
  const heard = await listenToRelay(relay.ui)
  // Waited for by the stream's route: the stream now opens before the first reads are sent.
  const firstRead = page.waitForResponse((r) => r.url().endsWith('/api/listActive'))
  // The widest gap a window can leave: its first reads answered, then the relay says everything
  // about an alert (received, delivered), and only then does the window's stream connect.
  await page.route(
    '**/api/events',
    async (route) => {
      await firstRead
      await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
      await expect
        .poll(() => heard.seen.some((e) => e.type === 'delivery' && e.state === 'delivered'))
        .toBe(true)
      await route.continue()
    },
    { times: 1 },
  )
  await page.goto(relay.ui)
  const group = page.getByTestId('now-group')
  await expect(group.getByRole('link', { name: 'DiskFull' })).toBeVisible()
  await expect(group.getByText('simulator: delivered')).toBeVisible()
  heard.close()
})

test('after the stream drops and comes back, Now and the status strip show what changed meanwhile', async ({
  page,
  relay,
}) => {
  let attempts = 0
  let reconnect!: () => void
  const back = new Promise<void>((resolve) => (reconnect = resolve))
  await page.route('**/api/events', async (route) => {
    // The first try fails (the relay restarting, a network blip); the browser tries again.
    if (++attempts === 1) return route.abort('connectionreset')
    await back
    await route.continue()
  })
  await page.goto(relay.ui)
  await expect(page.getByText('Nothing is firing.')).toBeVisible()
  const line = page.getByTestId('delivery-line')
  await expect(line).toContainText('All delivered')
  // While the window hears nothing: an alert comes in, and sending is paused from elsewhere.
  await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  const token = new URL(relay.ui).searchParams.get('token')!
  const paused = await fetch(new URL('/api/pauseDelivery', relay.ui), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ minutes: 15 }),
  })
  expect(paused.status).toBe(200)
  reconnect()
  await expect(page.getByRole('link', { name: 'DiskFull' })).toBeVisible()
  await expect(page.getByRole('region', { name: 'Status' })).toContainText('Paused until')
  expect(attempts).toBe(2)
})
