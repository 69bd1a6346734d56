/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, overflowing, shots, type Lang } from './helpers'

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`channel form (${lang})`, () => {
    test('errors are named by their visible labels and link to their fields; nothing lingers after the fix', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/channels')
      await page.getByRole('button', { name: L.channels.create }).click()
      await page.getByLabel(L.channels.mentions, { exact: true }).fill('bob')
      await page.getByRole('button', { name: L.common.save }).click()
      const summary = page.locator('.error-summary')
      await expect(summary).toBeVisible()
      await expect(summary.getByRole('link', { name: L.channels.channelName })).toBeVisible()
      await expect(summary.getByRole('link', { name: L.channels.webhookUrl })).toBeVisible()
      await expect(summary.getByRole('link', { name: L.channels.mentions })).toBeVisible()
      await expect(summary).not.toContainText('webhookUrl')
      await expect(summary).not.toContainText('mentionMobiles')
      await expect(page.locator('.toast')).toHaveCount(0)
      await shots(page, `channel-form-errors-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      await summary.getByRole('link', { name: L.channels.webhookUrl }).click()
      await expect(page.getByLabel(L.channels.webhookUrl, { exact: true })).toBeFocused()
      await page
        .getByLabel(L.channels.webhookUrl, { exact: true })
        .fill(`${relay.simulator}/cgi-bin/webhook/send?key=relay-demo-key-123456`)
      await page.getByLabel(L.channels.channelName, { exact: true }).fill('oncall')
      await page.getByLabel(L.channels.mentions, { exact: true }).fill('13800001111')
      await expect(summary).toBeHidden()
      await page.getByRole('button', { name: L.common.save }).click()
      await expect(page.getByText(fill(L.channels.saved, { name: 'oncall' }))).toBeVisible()
    })

    test('the webhook URL is readable with only the key masked; an edit keeps every hidden field', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/channels')
      await page.evaluate(async () => {
        const list = await fetch('/api/listChannels', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        })
        const { result } = (await list.json()) as { result: Array<Record<string, unknown>> }
        await fetch('/api/saveChannel', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            channel: { ...result[0], timeoutSeconds: 45 },
            originalName: 'simulator',
          }),
        })
      })
      await page.reload()
      await page
        .getByRole('button', { name: fill(L.channels.editNamed, { name: 'simulator' }) })
        .click()
      const url = page.getByLabel(L.channels.webhookUrl, { exact: true })
      await expect(url).toHaveAttribute('type', 'text')
      await expect(url).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/cgi-bin\/webhook\/send\?key=/)
      await expect(url).not.toHaveValue(/relay-demo/)
      await page.getByRole('button', { name: L.common.revealKey }).click()
      await expect(url).toHaveValue(/key=relay-demo$/)
      await expect(page.getByLabel(L.channels.timeout, { exact: true })).toHaveValue('45')
      await shots(page, `channel-form-${lang}`, testInfo)
      await page.getByLabel(L.channels.perMinute, { exact: true }).fill('10')
      // Cancel asks before discarding.
      page.once('dialog', (d) => void d.dismiss())
      await page.getByRole('button', { name: L.common.cancel }).click()
      await expect(page.getByLabel(L.channels.perMinute, { exact: true })).toHaveValue('10')
      await page.getByRole('button', { name: L.common.save }).click()
      await expect(page.getByText(fill(L.channels.saved, { name: 'simulator' }))).toBeVisible()
      const saved = await page.evaluate(async () => {
        const r = await fetch('/api/listChannels', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        })
        return (
          (await r.json()) as {
            result: Array<{ timeoutSeconds: number; throttle: { perMinute: number } }>
          }
        ).result[0]
      })
      expect(saved?.timeoutSeconds).toBe(45)
      expect(saved?.throttle.perMinute).toBe(10)
    })

    test('the form does not save a template with errors either', async ({ page, relay }) => {
      await open(page, relay.ui, lang, '#/channels')
      await page
        .getByRole('button', { name: fill(L.channels.editNamed, { name: 'simulator' }) })
        .click()
      await page.getByLabel(L.channels.template, { exact: true }).fill('### ${alarm_name is down')
      await page.getByRole('button', { name: L.common.save }).click()
      const summary = page.locator('.error-summary')
      await expect(summary.getByRole('link', { name: L.channels.template })).toBeVisible()
      await expect(page.getByText(fill(L.channels.saved, { name: 'simulator' }))).toHaveCount(0)
      await page.getByLabel(L.channels.template, { exact: true }).fill('### ${alarm_name} is down')
      await page.getByRole('button', { name: L.common.save }).click()
      await expect(page.getByText(fill(L.channels.saved, { name: 'simulator' }))).toBeVisible()
    })

    test('the channel table fits 900 px with long names, headers on one line', async ({
      page,
      relay,
    }, testInfo) => {
      await page.setViewportSize({ width: 900, height: 700 })
      await open(page, relay.ui, lang, '#/channels')
      await page.evaluate(async () => {
        for (const name of [
          'payments-platform-oncall-escalation-level-two',
          '数据库值班通知群组（生产环境）',
        ])
          await fetch('/api/saveChannel', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              channel: {
                name,
                webhookUrl:
                  'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdefgh-1234-5678',
              },
            }),
          })
      })
      await page.reload()
      await expect(page.getByRole('rowheader', { name: /^payments-platform/ })).toBeVisible()
      expect(await overflowing(page, 'main, .table-scroll')).toEqual([])
      const heights = await page.$$eval('.channels-table thead th', (ths) =>
        ths.map((th) => th.getBoundingClientRect().height),
      )
      const line = Math.min(...heights.filter((h) => h > 0))
      for (const h of heights) expect(h).toBeLessThanOrEqual(line + 1)
      const box = await page.locator('.channels-table').boundingBox()
      expect(box!.x + box!.width).toBeLessThanOrEqual(900)
      await shots(page, `channels-long-${lang}`, testInfo)
    })
  })
}
