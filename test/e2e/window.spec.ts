import { expect, test } from './fixtures'

test('the window loads in a browser from wecom-alert-relay serve', async ({
  page,
  relay,
}, testInfo) => {
  await page.goto(relay.ui)
  await expect(page.getByRole('heading', { name: 'WeCom Alert Relay' })).toBeVisible()
  await page.screenshot({ path: testInfo.outputPath('window.png'), fullPage: true })
})
