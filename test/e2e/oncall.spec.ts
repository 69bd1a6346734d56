/// <reference lib="dom" />
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { zh } from '../../renderer/src/i18n/zh'
import { expectAccessible, fill, open, shot } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

test('now: what is firing, most severe first; acknowledge with a note, mute from an alert, expire the mute', async ({
  page,
  relay,
}, testInfo) => {
  await relay.post({ title: 'CpuHigh', severity: 'warning', host: 'web-1' })
  await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'Now' }).click()
  await expect(page.getByRole('heading', { name: 'Now', level: 1 })).toBeVisible()
  await expect(page.getByText('2 firing')).toBeVisible()
  const groups = page.getByTestId('now-group')
  // Most severe first: the critical group above the warning one.
  await expect(groups.nth(0)).toContainText('DiskFull')
  await expect(groups.nth(1)).toContainText('CpuHigh')
  // Acknowledged, an alert moves to its own section below: found by name wherever it is.
  const disk = groups.filter({ hasText: 'DiskFull' })
  await expect(disk.getByRole('cell', { name: 'db-1', exact: true })).toBeVisible()
  await expect(disk.getByText('simulator: delivered')).toBeVisible()
  await expect(disk.getByRole('cell', { name: /^\d+m$/ })).toBeVisible()
  await shot(page, 'now', testInfo)

  await disk.getByRole('button', { name: 'Acknowledge' }).click()
  const ack = page.getByRole('form', { name: 'Acknowledge DiskFull' })
  await ack.getByLabel('Note (optional)').fill('swapping the disk')
  await ack.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(page.getByText('Acknowledged the alert.')).toBeVisible()
  await expect(disk.getByText(/Acknowledged by .+ — swapping the disk/)).toBeVisible()
  await expect(disk.getByRole('button', { name: 'Unacknowledge' })).toBeVisible()
  await shot(page, 'now-acknowledged', testInfo)

  const cpu = groups.filter({ hasText: 'CpuHigh' })
  await cpu.getByRole('button', { name: 'Mute' }).click()
  const mute = page.getByRole('form', { name: 'Mute alerts' })
  await expect(mute.getByLabel(/^Matchers/)).toHaveValue(
    'alarm_name="CpuHigh"\nalarm_target="web-1"',
  )
  await mute.getByLabel('Comment').fill('load test')
  await mute.getByRole('button', { name: 'Create mute' }).click()
  await expect(page.getByText('Mute created: it is listed under Mutes below.')).toBeVisible()
  const mutes = page.getByRole('table', { name: 'Mutes' })
  const row = mutes.getByRole('row').filter({ hasText: 'load test' })
  await expect(row).toContainText('active')
  await expect(row).toContainText('alarm_name="CpuHigh", alarm_target="web-1"')
  // The muted row says why and until when (no internal id).
  await expect(
    cpu.getByText(/^Muted until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC[+-]\d\d:\d\d: “load test”$/),
  ).toBeVisible()

  // A repeat while muted is stored, not sent: History says muted.
  const { ids } = await relay.post({ title: 'CpuHigh', severity: 'warning', host: 'web-1' })
  await page.evaluate((id) => (location.hash = `#/history/${id}`), ids[0]!)
  await expect(
    page.getByText(/Held by the mute "load test" until \d\d:\d\d: stored, not sent/),
  ).toBeVisible()
  await shot(page, 'history-muted', testInfo)
  await page.getByRole('link', { name: 'Now' }).click()

  await row.getByRole('button', { name: 'Expire' }).click()
  await expect(row).toContainText('expired')
  await expect(row.getByRole('button', { name: 'Expire' })).toHaveCount(0)
  await disk.getByRole('button', { name: 'Unacknowledge' }).click()
  await expect(disk.getByRole('button', { name: 'Acknowledge' })).toBeVisible()
  await shot(page, 'now-mutes', testInfo)
})

test('now: in 简体中文, acknowledging and muting', async ({ page, relay }, testInfo) => {
  await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByLabel('简体中文').check()
  await page.getByRole('link', { name: '当前' }).click()
  await expect(page.getByRole('heading', { name: '当前', level: 1 })).toBeVisible()
  await expect(page.getByText('1 条正在触发')).toBeVisible()
  const group = page.getByTestId('now-group').first()
  // Levels, counts and delivery states in Chinese, as History says them.
  await expect(page.locator('.now-counts')).toContainText('严重 1')
  await expect(group.locator('.now-levels')).toContainText('严重 1')
  await expect(group.getByText('simulator: 已送达')).toBeVisible()
  await expect(group).not.toContainText('critical')
  await expect(group).not.toContainText('delivered')
  await group.getByRole('button', { name: '确认', exact: true }).click()
  const ack = page.getByRole('form', { name: '确认 DiskFull' })
  await ack.getByLabel('备注（可选）').fill('正在处理')
  await ack.getByRole('button', { name: '确认', exact: true }).click()
  await expect(group.getByText(/已于 .+ 确认 — 正在处理/)).toBeVisible()
  await group.getByRole('button', { name: '静音', exact: true }).click()
  const mute = page.getByRole('form', { name: '静音告警' })
  await mute.getByLabel('说明').fill('换盘')
  await mute.getByRole('button', { name: '创建静音' }).click()
  const row = page.getByRole('table', { name: '静音' }).getByRole('row').filter({ hasText: '换盘' })
  await expect(row).toContainText('生效中')
  await expect(group.getByText(/^静音至 .+ UTC[+-]\d\d:\d\d：“换盘”$/)).toBeVisible()
  await shot(page, 'now-zh', testInfo)
  await row.getByRole('button', { name: '结束' }).click()
  await expect(row).toContainText('已结束')
  // On-call settings name the levels in Chinese too, not by their keys.
  await page.getByText('值班设置').click()
  const urgency = page.getByRole('group', { name: '通知与声音' })
  await expect(urgency.getByRole('rowheader', { name: '严重' })).toBeVisible()
  await expect(urgency.getByRole('checkbox', { name: '声音 严重' })).toBeVisible()
  await expect(urgency).not.toContainText(/down|critical|warning|caution|info/)
})

test('now: a new critical alert plays the chime in the open page', async ({ page, relay }) => {
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'Now' }).click()
  await expect(page.getByText('Nothing is firing.')).toBeVisible()
  // A click is the gesture the browser wants before a page may play sound.
  await page.getByRole('heading', { name: 'Now', level: 1 }).click()
  const sound = page.getByTestId('alert-sound')
  await expect(sound).toHaveAttribute('data-played', '0')
  await relay.post({ title: 'InfoOnly', severity: 'info', host: 'db-1' })
  await expect(page.getByText('1 firing')).toBeVisible()
  // Info is silent by default.
  await expect(sound).toHaveAttribute('data-played', '0')
  await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  await expect(sound).toHaveAttribute('data-played', '1')
})

test('now: on-call settings are saved, a channel keeps sending, the Alertmanager token comes back masked', async ({
  page,
  relay,
}, testInfo) => {
  await page.goto(relay.ui)
  await page.getByRole('link', { name: 'Now' }).click()
  await page.getByText('On-call settings').click()
  const form = page.getByRole('form', { name: 'On-call settings' })
  await form.getByLabel('Repeats of an acknowledged alert: simulator').selectOption('keep-sending')
  await form.getByLabel('Repeat until acknowledged critical').check()
  await form.getByLabel('URL', { exact: true }).fill('http://127.0.0.1:9093')
  await form.getByLabel('Bearer token').fill('am-bearer-secret-0123456789')
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('On-call settings saved.')).toBeVisible()
  await shot(page, 'now-settings', testInfo)
  await page.reload()
  await page.getByText('On-call settings').click()
  await expect(form.getByLabel('Repeats of an acknowledged alert: simulator')).toHaveValue(
    'keep-sending',
  )
  await expect(form.getByLabel('Repeat until acknowledged critical')).toBeChecked()
  const token = await form.getByLabel('Bearer token').inputValue()
  expect(token).not.toContain('secret')
  expect(token).toContain('…')
  // Saving again with the mask keeps the token.
  await form.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('On-call settings saved.')).toBeVisible()
})

test('history: mute from an alert, prefilled with its name and target', async ({ page, relay }) => {
  const { ids } = await relay.post({ title: 'BackupLate', severity: 'warning', host: 'nas-1' })
  await page.goto(relay.ui)
  await page.evaluate((id) => (location.hash = `#/history/${id}`), ids[0]!)
  await page.getByRole('button', { name: 'Mute from this alert' }).click()
  const mute = page.getByRole('form', { name: 'Mute alerts' })
  await expect(mute.getByLabel(/^Matchers/)).toHaveValue(
    'alarm_name="BackupLate"\nalarm_target="nas-1"',
  )
  await mute.getByRole('button', { name: 'Create mute' }).click()
  await expect(page.getByText('Mute created: it is listed under Mutes below.')).toBeVisible()
  // The next one is held, and History says by which mute.
  const again = await relay.post({ title: 'BackupLate', severity: 'warning', host: 'nas-1' })
  await page.evaluate((id) => (location.hash = `#/history/${id}`), again.ids[0]!)
  await expect(page.getByText(/Held by a mute until \d\d:\d\d: stored, not sent/)).toBeVisible()
})

test('links that act: a message carries acknowledge · mute links; following one and confirming acknowledges, and the repeat is held', async ({
  page,
  browser,
  relay,
}, testInfo) => {
  await page.goto(relay.ui)
  const origin = new URL(page.url()).origin
  await page.getByRole('link', { name: 'Settings' }).click()
  await page.getByLabel('Link address of this window').fill(origin)
  await page.getByRole('button', { name: 'Save settings: Links in messages', exact: true }).click()
  await expect(page.getByText('Settings saved.')).toBeVisible()

  const { ids } = await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  const messages = async () =>
    page.evaluate(async () => {
      const r = await fetch('/api/simulatorMessages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      })
      return ((await r.json()) as { result: { messages: Array<{ content: string }> } }).result
        .messages
    })
  await expect.poll(async () => (await messages()).length).toBe(1)
  const [message] = await messages()
  const ackLink = `${origin}/#/now/${ids[0]}?action=ack`
  expect(message!.content).toContain(`[Acknowledge](${ackLink}) · [Mute 1 h](`)
  expect(message!.content).not.toMatch(/token/i)

  // Forwarded out of the group, the link opens nothing without the UI token.
  const stranger = await browser.newContext()
  const elsewhere = await stranger.newPage()
  await elsewhere.goto(ackLink)
  await expect(elsewhere.getByText(/Not signed in/).first()).toBeVisible()
  await stranger.close()

  // At the workstation (the window's browser, signed in): a new tab on the alert, one click.
  const tab = await page.context().newPage()
  await tab.goto(ackLink)
  const card = tab.getByRole('region', { name: 'The alert you opened' })
  await expect(card).toContainText('DiskFull')
  await expect(card).toContainText('firing, not acknowledged')
  await expect(card.getByRole('button', { name: 'Acknowledge' })).toHaveClass(/primary/)
  await shot(tab, 'now-link', testInfo)
  await expectAccessible(tab, testInfo)
  await card.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(tab.getByText('Acknowledged the alert.')).toBeVisible()
  await expect(card).toContainText(/Acknowledged by .+ at/)
  await expect(card.getByRole('button', { name: 'Acknowledge' })).toHaveCount(0)
  // The action left the address: a reload asks nothing again.
  expect(tab.url()).not.toContain('action=')

  // The repeat is held, not sent.
  const again = await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  await tab.evaluate((id) => (location.hash = `#/history/${id}`), again.ids[0]!)
  await expect(tab.getByText(/Acknowledged by .+: repeats are held/)).toBeVisible()
  expect(await messages()).toHaveLength(1)
})

test('links that act: the mute link mutes the alert for an hour, in 简体中文', async ({
  page,
  relay,
}) => {
  await page.goto(relay.ui)
  const origin = new URL(page.url()).origin
  await page.evaluate(async (linkBaseUrl) => {
    await fetch('/api/updateSettings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patch: { app: { language: 'zh', linkBaseUrl } } }),
    })
    localStorage.setItem('language', 'zh')
  }, origin)
  const { ids } = await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
  const tab = await page.context().newPage()
  await tab.goto(`${origin}/#/now/${ids[0]}?action=mute`)
  const card = tab.getByRole('region', { name: '你打开的告警' })
  await expect(card.getByRole('button', { name: '静音 1 小时' })).toHaveClass(/primary/)
  await card.getByRole('button', { name: '静音 1 小时' }).click()
  const row = tab
    .getByRole('table', { name: '静音' })
    .getByRole('row')
    .filter({ hasText: '通过链接静音' })
  await expect(row).toContainText('生效中')
  await expect(row).toContainText('alarm_name="DiskFull", alarm_target="db-1"')
})

test('first page: Now, or Channels while no channel exists (nothing could be delivered yet)', async ({
  page,
  relay,
}) => {
  await page.goto(relay.ui)
  await expect(page.getByRole('heading', { name: 'Now', level: 1 })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Now' })).toHaveAttribute('aria-current', 'page')
  await page.evaluate(() =>
    fetch('/api/deleteChannel', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'simulator' }),
    }),
  )
  await page.goto(new URL('/', page.url()).toString())
  await expect(page.getByRole('heading', { name: 'Channels', level: 1 })).toBeVisible()
  expect(new URL(page.url()).hash).toBe('#/channels')
  // A link to Now still opens Now.
  await page.goto(new URL('/#/now', page.url()).toString())
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Now', level: 1 })).toBeVisible()
})

test("links that act: a digest's link opens its firing alerts, acknowledged together in one click", async ({
  page,
  relay,
}) => {
  await page.goto(relay.ui)
  const origin = new URL(page.url()).origin
  await page.evaluate(async (linkBaseUrl) => {
    await fetch('/api/updateSettings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ patch: { app: { linkBaseUrl } } }),
    })
  }, origin)
  // One Alertmanager group with three firing alerts: one message, a digest.
  const group = JSON.parse(
    readFileSync(new URL('../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
  ) as { alerts: Array<{ status: string; labels: Record<string, string>; fingerprint?: string }> }
  const firing = group.alerts.find((a) => a.status === 'firing')!
  const alerts = ['db-1', 'db-2', 'db-3'].map((host) => ({
    ...firing,
    labels: { ...firing.labels, instance: host },
    fingerprint: `fp-${host}`,
  }))
  await relay.post({ ...group, alerts })
  const content = async () =>
    page.evaluate(async () => {
      const r = await fetch('/api/simulatorMessages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      })
      const { result } = (await r.json()) as { result: { messages: Array<{ content: string }> } }
      return result.messages.map((m) => m.content).join('\n')
    })
  await expect.poll(content).toContain('[Acknowledge or mute these 3](')
  const link = /\[Acknowledge or mute these 3\]\((\S+)\)/.exec(await content())![1]!
  expect(link).toMatch(new RegExp(`^${origin}/#/now\\?alerts=`))

  const tab = await page.context().newPage()
  await tab.goto(link)
  const card = tab.getByRole('region', { name: 'The 3 alerts you opened' })
  await expect(card.getByRole('listitem')).toHaveCount(3)
  await card.getByRole('button', { name: 'Acknowledge 3' }).click()
  await expect(tab.getByText('Acknowledged 3 alerts.')).toBeVisible()
  await expect(card.getByText(/Acknowledged by/)).toHaveCount(3)
})

test('now: a silence Alertmanager cannot take says why and where its URL is set, in the form, in 简体中文', async ({
  page,
  relay,
}, testInfo) => {
  // Alertmanager's webhook payload (test/fixtures/alertmanager-group.json), from an Alertmanager
  // whose address answers nothing (port 9, discard).
  const group = JSON.parse(
    readFileSync(new URL('../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
  ) as Record<string, unknown>
  await relay.post({ ...group, externalURL: 'http://127.0.0.1:9' })
  // The page's clock runs as usual but can be moved on, so "stays" is checked without waiting.
  await page.clock.install()
  await open(page, relay.ui, 'zh')
  await page.getByRole('button', { name: zh.now.silence }).first().click()
  const form = page.getByRole('form', { name: fill(zh.now.silenceTitle, { what: 'DiskFull' }) })
  // Before anything is contacted, the form names the address a silence would go to, and why.
  await expect(form.getByTestId('silence-target')).toHaveText(
    fill(zh.now.silenceToAlert, { address: 'http://127.0.0.1:9' }),
  )
  await form.getByRole('button', { name: zh.now.silenceCreate }).click()
  const error = form.getByRole('alert')
  await expect(error).toHaveText(
    '无法连接 http://127.0.0.1:9/ 上的 Alertmanager（该端口上没有服务应答）：请检查“当前”页底部值班设置中的“用于静默的 Alertmanager”、Alertmanager 是否在运行，以及代理。',
  )
  // Not a toast over the form: it stays with the form until the next try.
  await expect(page.locator('.toast')).toHaveCount(0)
  // A notice that went by itself would be gone after ten seconds.
  await page.clock.runFor(10_000)
  await expect(error).toBeVisible()
  await shot(page, 'now-silence-failed-zh', testInfo)
})
