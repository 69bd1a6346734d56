/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { shot } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

test('channels: create a channel to the simulator, with inline validation', async ({
  page,
  relay,
}, testInfo) => {
  await page.goto(relay.ui)
  // Now is the first page; Channels is one click away.
  await expect(page.getByRole('heading', { name: 'Now', level: 1 })).toBeVisible()
  await page.getByRole('link', { name: 'Channels' }).click()
  await expect(page.getByRole('heading', { name: 'Channels' })).toBeVisible()
  await expect(page.getByRole('rowheader', { name: /^simulator/ })).toBeVisible()
  await shot(page, 'channels', testInfo)
  await page.getByRole('button', { name: 'Create Channel' }).click()
  await page.getByLabel('Channel Name', { exact: true }).fill('oncall')
  await page
    .getByLabel('Webhook URL', { exact: true })
    .fill(`${relay.simulator}/cgi-bin/webhook/send`)
  await expect(page.getByText('The webhook URL has no key parameter')).toBeVisible()
  await page
    .getByLabel('Webhook URL', { exact: true })
    .fill(`${relay.simulator}/cgi-bin/webhook/send?key=relay-demo`)
  await page.getByLabel('@Specified User', { exact: true }).fill('13800001111， bob')
  await expect(page.getByText('"bob" is not a mobile number')).toBeVisible()
  await page.getByLabel('@Specified User', { exact: true }).fill('13800001111，13900002222')
  await page.getByLabel('Proxy', { exact: true }).fill('http:10.0.0.1')
  await expect(page.getByText('has no port')).toBeVisible()
  await expect(page.getByText('If the HTTP proxy does not support HTTPS')).toBeVisible()
  await page.getByLabel('Proxy', { exact: true }).fill('')
  await shot(page, 'channel-form', testInfo)
  await page.getByRole('button', { name: 'Submit' }).click()
  await expect(page.getByText('Channel "oncall" saved.')).toBeVisible()
  await expect(page.getByRole('rowheader', { name: /^oncall/ })).toBeVisible()
})

test('templates: editing changes the preview and the byte counter, which turns red past the limit', async ({
  page,
  relay,
}, testInfo) => {
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'Templates' }).click()
  const preview = page.getByTestId('preview')
  await expect(preview.getByRole('heading', { name: '🔥 FIRING DiskFull' })).toBeVisible()
  const counter = page.getByTestId('byte-counter')
  const before = await counter.textContent()
  await page
    .getByLabel('Template', { exact: true })
    .fill(
      '### <font color="warning">${alarm_name}</font> on ${alarm_target}\n> ${alarm_summary}\n${alarm_levle}',
    )
  // The status line the composer adds to a template without one is coloured too.
  await expect(preview.locator('.wc-warning').filter({ hasText: /^DiskFull$/ })).toHaveCount(1)
  await expect(page.getByText('Did you mean ${alarm_level}?')).toBeVisible()
  await expect(counter).not.toHaveText(before!)
  await expect(counter).not.toHaveClass(/over/)
  await shot(page, 'templates', testInfo)
  await page
    .getByLabel('Template', { exact: true })
    .fill('${alarm_description} ' + '告警'.repeat(800))
  await expect(counter).toHaveClass(/over/)
  await expect(page.getByText('Over the limit: the end is cut.')).toBeVisible()
  // The counter gives the message's real size (1,600 characters of 3 bytes each, at least), and
  // the box shows the text the cut takes: the end of the template.
  const [size, limit] = (await counter.textContent())!.match(/\d+/g)!.map(Number)
  expect(limit).toBe(4096)
  expect(size).toBeGreaterThan(4800)
  await expect(page.locator('.cut pre')).toHaveText(/^警?(告警){100,}/)
  await page.getByRole('button', { name: 'Reset to the Chinese default' }).click()
  // The template's own labels are Chinese; the status word follows the channel's language.
  await expect(page.getByLabel('Template', { exact: true })).toHaveValue(/\*\*对象\*\*/)
  await expect(preview.getByRole('heading', { name: /DiskFull$/ })).toBeVisible()
  await expect(counter).not.toHaveClass(/over/)
})

test('test: a good key passes every stage; a wrong key is explained at the errcode stage', async ({
  page,
  relay,
}, testInfo) => {
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'Test' }).click()
  await page.getByRole('button', { name: 'Send test message' }).click()
  await expect(
    page.getByText(
      `The built-in simulator at ${new URL(relay.simulator).host} accepted the message.`,
    ),
  ).toBeVisible()
  await expect(page.locator('li[data-stage="response"]')).toHaveClass(/ok/)
  await shot(page, 'test-ok', testInfo)
  await page
    .getByLabel('or paste a webhook URL')
    .fill(`${relay.simulator}/cgi-bin/webhook/send?key=wrong-key-0000`)
  await page.getByRole('button', { name: 'Send test message' }).click()
  await expect(page.getByText('Failed at the errcode stage.')).toBeVisible()
  await expect(page.locator('li[data-stage="response"]')).toContainText('errcode 93000')
  await expect(page.locator('li[data-stage="response"]')).toContainText(
    'the key is wrong, or the robot was removed',
  )
  await expect(page.getByTestId('curl')).toContainText(`key='"$WECOM_KEY"'`)
  await shot(page, 'test-93000', testInfo)
})

test('history: an Alertmanager alert posted to the listener shows up with its delivery', async ({
  page,
  relay,
}, testInfo) => {
  await relay.post({
    version: '4',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1:9100' },
        annotations: { summary: 'Disk almost full', description: '/data is 97% full' },
        startsAt: new Date().toISOString(),
        fingerprint: 'e2e1',
      },
    ],
  })
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'History' }).click()
  const row = page.getByRole('row').filter({ hasText: 'DiskFull' })
  await expect(row).toBeVisible()
  await expect(row).toContainText('✔ delivered')
  await row.click()
  const detail = page.locator('aside.detail')
  await expect(detail.getByRole('heading', { name: 'DiskFull firing' })).toBeVisible()
  await expect(detail.locator('.deliveries')).toContainText('simulator ✔ delivered')
  await expect(detail.locator('table')).toContainText('200')
  await expect(detail.locator('.vars')).toContainText('db-1:9100')
  await shot(page, 'history', testInfo)
})

test('settings: switch to 简体中文, and it is remembered', async ({ page, relay }, testInfo) => {
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByLabel('简体中文').check()
  await expect(page.getByRole('link', { name: '通道' })).toBeVisible()
  await expect(page.getByRole('heading', { name: '设置' })).toBeVisible()
  await shot(page, 'settings-zh', testInfo)
  await page.reload()
  await expect(page.getByRole('link', { name: '历史' })).toBeVisible()
})

test('hostile alert text stays inert in the history and the preview', async ({
  page,
  relay,
}, testInfo) => {
  const dialogs: string[] = []
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await relay.post({
    title: '<img src=x onerror="window.__xss=1">',
    severity: 'critical',
    host: '<script>window.__xss=2</script>',
    message: '<svg onload="alert(3)">[click](javascript:alert(4))',
  })
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'History' }).click()
  const row = page.getByRole('row').filter({ hasText: '<img src=x' })
  await expect(row).toBeVisible()
  await row.click()
  await expect(page.locator('aside.detail')).toContainText('<script>window.__xss=2</script>')
  await expect(page.locator('aside.detail .bubble')).toBeVisible()
  await page.getByRole('link', { name: 'Templates' }).click()
  await page
    .getByLabel('Sample alert')
    .selectOption({ label: '<img src=x onerror="window.__xss=1"> · Generic JSON' })
  // Neutralised with a look-alike `＜`, never an entity a phone would show.
  await expect(page.getByTestId('preview')).toContainText('＜img src=x onerror')
  await shot(page, 'xss-inert', testInfo)
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
  expect(await page.locator('img[src="x"], svg[onload]').count()).toBe(0)
  expect(await page.locator('a[href^="javascript"]').count()).toBe(0)
  expect(dialogs).toEqual([])
})
