/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { LANGUAGES, open } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

const L = LANGUAGES.en

test('History: names and targets are readable, times and the chart follow the chosen zone, a burst spreads over bars', async ({
  page,
  relay,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await open(page, relay.ui, 'en')
  await page.evaluate(async () => {
    await fetch('/api/updateSettings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patch: { app: { timeZone: 'Asia/Shanghai' } } }),
    })
  })
  const name = 'PaymentsGatewayLatencyHigh'
  const target = 'payments-gateway-canary-7f9c4'
  const ids: string[] = []
  for (let i = 0; i < 3; i++)
    ids.push(
      ...(await relay.post({ title: name, severity: 'critical', host: `${target}-${i}` })).ids,
    )
  await page.goto(new URL('#/history', page.url()).toString())
  const row = page.getByRole('row').filter({ hasText: `${target}-0` })
  await expect(row).toBeVisible()
  // Name and target get the room ("PaymentsG…" before), Outcome keeps what its badge needs.
  const width = (cell: string) =>
    row.locator(cell).evaluate((el) => ({ client: el.clientWidth, scroll: el.scrollWidth }))
  expect((await width('.c-name')).client).toBeGreaterThanOrEqual(180)
  expect((await width('.c-target')).client).toBeGreaterThanOrEqual(130)
  const outcome = await width('.c-outcome')
  expect(outcome.scroll).toBeLessThanOrEqual(outcome.client)
  // The chart's axis is in the zone the table uses (UTC+08:00), and the burst is not one bar.
  await page.getByText(L.history.chartTable).click()
  const intervals = page.locator('.chart-table tbody th')
  await expect(intervals.first()).toBeVisible()
  const bars = await page.evaluate(async () => {
    const r = await fetch('/api/historyChart', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ buckets: 48 }),
    })
    return ((await r.json()) as { result: { buckets: Array<{ start: string }> } }).result.buckets
  })
  const shanghai = (iso: string) =>
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).format(new Date(iso))
  const hourOfFirst = shanghai(new Date().toISOString()).slice(0, 2)
  expect((await intervals.first().textContent())!.slice(0, 2)).toBe(hourOfFirst)
  // 48 bars of 30 minutes would hold the three alerts in one; the chart draws narrower ones.
  expect(bars.length).toBe(48)
  const labels = await page.evaluate(() =>
    Array.from(document.querySelectorAll('.chart-table tbody th'), (th) => th.textContent),
  )
  expect(labels.every((l) => /^\d\d:\d\d:\d\d$/.test(l ?? ''))).toBe(true)
  // alarm_active_at of every alert of a group (Alertmanager's webhook payload, test/fixtures/
  // alertmanager-group.json) in the chosen zone, like every other time in the window.
  const group = JSON.parse(
    readFileSync(new URL('../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>
  const am = await relay.post(group)
  expect(am.ids.length).toBeGreaterThan(1)
  for (const id of am.ids) {
    await page.evaluate((x) => (location.hash = `#/history/${x}`), id)
    const value = page
      .locator('dl.vars div')
      .filter({ has: page.locator('dt', { hasText: /^alarm_active_at$/ }) })
      .locator('dd')
    await expect(value).toHaveText(/ UTC\+08:00$/)
  }
})
