/// <reference lib="dom" />
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { fill, LANGUAGES, open } from './helpers'

const L = LANGUAGES.en

/** Everything the browser would show in red in its console, and every CSP violation. */
function consoleErrors(page: Page): string[] {
  const seen: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') seen.push(`console: ${m.text()}`)
  })
  page.on('pageerror', (e) => seen.push(`page: ${e.message}`))
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`CSP ${e.violatedDirective} blocked ${e.blockedURI}`),
    )
  })
  return seen
}

test('the channel form and a refused save leave the console clean', async ({ page, relay }) => {
  const errors = consoleErrors(page)
  await open(page, relay.ui, 'en', '#/channels')
  await page.getByRole('button', { name: L.channels.create }).click()
  await expect(page.getByLabel(L.channels.channelName, { exact: true })).toBeVisible()
  // Refused by the relay, not by the form: a name another channel already has.
  await page.getByLabel(L.channels.channelName, { exact: true }).fill('simulator')
  await page
    .getByLabel(L.channels.webhookUrl, { exact: true })
    .fill(`${relay.simulator}/cgi-bin/webhook/send?key=relay-demo`)
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/saveChannel'))
  await page.getByRole('button', { name: L.common.save }).click()
  const body = (await (await answer).json()) as { error?: string }
  expect(body.error).toBeTruthy()
  // The person sees the refusal on the form (by the field's label).
  await expect(page.getByText(/already called "simulator"/).first()).toBeVisible()
  // Editing an existing channel parses its schema too (leaving the draft asks first).
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: L.common.cancel }).click()
  await page
    .getByRole('button', { name: fill(L.channels.editNamed, { name: 'simulator' }) })
    .click()
  await expect(page.getByLabel(L.channels.channelName, { exact: true })).toHaveValue('simulator')
  expect(errors).toEqual([])
})

test('scripts and curl still get the refusal as an HTTP status', async ({ relay }) => {
  const origin = new URL(relay.ui).origin
  const token = new URL(relay.ui).searchParams.get('token')!
  const res = await fetch(`${origin}/api/deleteChannel`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name: 'no-such-channel' }),
  })
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(((await res.json()) as { error: string }).error).toBeTruthy()
})
