/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { fill, LANGUAGES, open } from './helpers'

// The channel form's first moments and its robot URL: where focus starts, a URL of another
// type, a masked URL whose host alone is edited, and a warning that follows the host.

const L = LANGUAGES.en

test('focus starts on the first field, for a new channel and for an edit', async ({
  page,
  relay,
}) => {
  await open(page, relay.ui, 'en', '#/channels')
  await page.getByRole('button', { name: L.channels.create }).click()
  await expect(page.getByLabel(L.channels.type, { exact: true })).toBeFocused()
  await page.getByRole('button', { name: L.common.cancel }).click()
  await page
    .getByRole('button', { name: fill(L.channels.editNamed, { name: 'simulator' }) })
    .click()
  await expect(page.getByLabel(L.channels.type, { exact: true })).toBeFocused()
})

test('a DingTalk URL pasted into a WeCom channel offers to switch the type, and then saves', async ({
  page,
  relay,
}) => {
  await open(page, relay.ui, 'en', '#/channels')
  await page.getByRole('button', { name: L.channels.create }).click()
  await page.getByLabel(L.channels.channelName, { exact: true }).fill('ding')
  await page
    .getByLabel(L.channels.webhookUrl, { exact: true })
    .fill(`${relay.simulator}/robot/send?access_token=ding-token-0123456789`)
  const offer = fill(L.channels.otherType, {
    type: L.channels.types.dingtalk,
    current: L.channels.types.wecom,
  })
  await expect(page.locator('.field.has-error .error')).toHaveText(offer)
  await expect(page.getByText('no key parameter')).toHaveCount(0)
  await page
    .getByRole('button', { name: fill(L.channels.switchType, { type: L.channels.types.dingtalk }) })
    .click()
  await expect(page.getByLabel(L.channels.type, { exact: true })).toHaveValue('dingtalk')
  await expect(page.locator('.field.has-error')).toHaveCount(0)
  await page.getByRole('button', { name: L.common.save }).click()
  await expect(page.getByText(fill(L.channels.saved, { name: 'ding' }))).toBeVisible()
})

test('editing only the host of a masked URL keeps the key, and the 127.0.0.1 warning goes with the old host', async ({
  page,
  relay,
}) => {
  await open(page, relay.ui, 'en', '#/channels')
  await page
    .getByRole('button', { name: fill(L.channels.editNamed, { name: 'simulator' }) })
    .click()
  const url = page.getByLabel(L.channels.webhookUrl, { exact: true })
  await expect(url).not.toHaveValue(/relay-demo/)
  // Any edit makes the form check the draft; the loopback host is worth a word.
  await page.getByLabel(L.channels.perMinute, { exact: true }).fill('19')
  const warning = page.locator('#channel-webhookUrl-warning, .field .warning').filter({
    hasText: 'The host is 127.0.0.1',
  })
  await expect(warning).toBeVisible()
  const masked = await url.inputValue()
  const port = new URL(relay.simulator).port
  await url.fill(masked.replace(`127.0.0.1:${port}`, `localhost:${port}`))
  await expect(warning).toHaveCount(0)
  await expect(page.locator('.field.has-error')).toHaveCount(0)
  await page.getByRole('button', { name: L.common.save }).click()
  await expect(page.getByText(fill(L.channels.saved, { name: 'simulator' }))).toBeVisible()
  const saved = await page.evaluate(async () => {
    const r = await fetch('/api/revealSecret', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: 'simulator', field: 'webhookUrl' }),
    })
    return ((await r.json()) as { result: { value: string } }).result.value
  })
  expect(saved).toBe(`http://localhost:${port}/cgi-bin/webhook/send?key=relay-demo`)
})
