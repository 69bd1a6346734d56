/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, shots } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

const { en, zh } = LANGUAGES

/**
 * DingTalk and Feishu/Lark channels made in the window, pointing at the built-in simulator (which
 * speaks both), receive a real alert posted to the listener with `?channel=`.
 */
test('a DingTalk and a Feishu channel created in the form deliver an alert, seen in History', async ({
  page,
  relay,
}, testInfo) => {
  await open(page, relay.ui, 'en', '#/channels')
  // WeCom, as before, with user ids beside the mobiles; Markdown v2 says where mentions go.
  await page.getByRole('button', { name: en.channels.create }).click()
  // Choosing a type alone flags nothing.
  await page.getByLabel(en.channels.type, { exact: true }).selectOption('http')
  await expect(page.getByLabel(en.channels.url, { exact: true })).toBeVisible()
  await expect(page.getByLabel(en.channels.mentions, { exact: true })).toHaveCount(0)
  await expect(page.locator('.error-summary, .field .error')).toHaveCount(0)
  await page.getByLabel(en.channels.type, { exact: true }).selectOption('wecom')
  await expect(page.getByLabel(en.channels.mentionUserIds, { exact: true })).toBeVisible()
  await expect(page.getByText(en.channels.v2MentionNote)).toHaveCount(0)
  await page.getByLabel(en.channels.alertFormat, { exact: true }).selectOption('markdown_v2')
  await expect(page.getByText(en.channels.v2MentionNote)).toBeVisible()
  page.once('dialog', (d) => void d.accept())
  await page.getByRole('button', { name: en.common.cancel }).click()
  const robots = [
    {
      name: 'ding',
      type: 'dingtalk',
      url: `${relay.simulator}/robot/send?access_token=relay-demo`,
      format: 'text',
    },
    {
      name: 'lark',
      type: 'feishu',
      url: `${relay.simulator}/open-apis/bot/v2/hook/relay-demo`,
      format: 'post',
    },
  ] as const
  for (const r of robots) {
    await page.getByRole('button', { name: en.channels.create }).click()
    const type = page.getByLabel(en.channels.type, { exact: true })
    await type.selectOption(r.type)
    // The chosen type's fields only: no WeCom mobiles on Feishu, no script command anywhere.
    await expect(page.getByLabel(en.channels.command, { exact: true })).toHaveCount(0)
    await expect(page.locator('.type-limits')).toContainText(
      fill(en.channels.limits.title, { type: en.channels.types[r.type] }),
    )
    await page.getByLabel(en.channels.channelName, { exact: true }).fill(r.name)
    await page.getByLabel(en.channels.webhookUrl, { exact: true }).fill(r.url)
    await page.getByLabel(en.channels.signatureKey, { exact: true }).fill('SEC-relay-demo')
    if (r.type === 'feishu') {
      await expect(page.getByLabel(en.channels.mentions, { exact: true })).toHaveCount(0)
      await page
        .getByLabel(en.channels.mentionUserIds, { exact: true })
        .fill('ou_7d8a6e6df7621556ce0d21922b676706ccs')
    } else {
      await page.getByLabel(en.channels.mentions, { exact: true }).fill('13800001111')
    }
    await page.getByLabel(en.channels.alertFormat, { exact: true }).selectOption(r.format)
    await page.getByLabel(en.channels.language, { exact: true }).selectOption('zh')
    await page.getByLabel(en.channels.aggregate, { exact: true }).uncheck()
    if (r.type === 'feishu') {
      await expectAccessible(page, testInfo)
      await shots(page, 'channel-form-feishu-en', testInfo)
    }
    await page.getByRole('button', { name: en.common.save }).click()
    await expect(page.getByText(fill(en.channels.saved, { name: r.name }))).toBeVisible()
  }

  const saved = await page.evaluate(async () => {
    const r = await fetch('/api/listChannels', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    })
    return ((await r.json()) as { result: Array<Record<string, unknown>> }).result
  })
  expect(saved.find((c) => c.name === 'ding')).toMatchObject({
    type: 'dingtalk',
    format: 'text',
    language: 'zh',
    mentionMobiles: ['13800001111'],
  })
  expect(saved.find((c) => c.name === 'lark')).toMatchObject({
    type: 'feishu',
    format: 'post',
    language: 'zh',
    mentionUserIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs'],
  })

  // What curl would send: a JSON alert to the listener, addressed to both channels.
  const res = await fetch(`${relay.alerts}?channel=ding&channel=lark`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'DiskFull',
      severity: 'critical',
      host: 'db-1',
      message: '/data 97%',
    }),
  })
  expect(res.status).toBe(202)

  await page.goto(new URL('#/history', page.url()).toString())
  const row = page
    .getByRole('table', { name: en.history.tableLabel })
    .getByRole('row')
    .filter({ hasText: 'DiskFull' })
  await expect(row).toContainText(`ding ${en.states.delivered}`)
  await expect(row).toContainText(`lark ${en.states.delivered}`)
  await shots(page, 'history-dingtalk-feishu-en', testInfo)

  // In Chinese, the type select names every type in Chinese.
  await open(page, relay.ui, 'zh', '#/channels')
  await page.getByRole('button', { name: zh.channels.create }).click()
  const type = page.getByLabel(zh.channels.type, { exact: true })
  // Written out, so that a table entry pasted in the wrong place shows here.
  const names = {
    wecom: '企业微信',
    dingtalk: '钉钉',
    feishu: '飞书 / Lark',
    http: 'HTTP 回调',
    script: '本地脚本',
  }
  for (const [t, name] of Object.entries(names))
    await expect(type.locator(`option[value="${t}"]`)).toHaveText(name)
  await type.selectOption('dingtalk')
  await expect(page.locator('.type-limits')).toContainText(
    fill(zh.channels.limits.perMinute, { max: 20 }),
  )
  await expectAccessible(page, testInfo)
  await shots(page, 'channel-form-dingtalk-zh', testInfo)
  // Headless: a script channel is read-only here, and says how to allow it.
  await type.selectOption('script')
  await expect(page.getByText(zh.channels.scriptHeadless)).toBeVisible()
  await expect(page.getByRole('button', { name: zh.common.save })).toBeDisabled()
})

test('an HTTP channel shows its secret header masked until asked; the studio shows the Feishu card body; settings keep a time zone', async ({
  page,
  relay,
}, testInfo) => {
  await open(page, relay.ui, 'en', '#/channels')
  await page.evaluate(async (sim) => {
    const call = (method: string, input: unknown) =>
      fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input),
      })
    await call('saveChannel', {
      channel: {
        name: 'hook',
        type: 'http',
        url: 'https://alerts.example.com/hook',
        method: 'PUT',
        headers: { Authorization: 'Bearer hook-token-0123456789', 'X-Team': 'db' },
      },
    })
    await call('saveChannel', {
      channel: {
        name: 'lark',
        type: 'feishu',
        webhookUrl: `${sim}/open-apis/bot/v2/hook/relay-demo`,
        language: 'zh',
      },
    })
  }, relay.simulator)
  await page.reload()
  await page.getByRole('button', { name: fill(en.channels.editNamed, { name: 'hook' }) }).click()
  await expect(page.getByLabel(en.channels.method, { exact: true })).toHaveValue('PUT')
  const headers = page.getByLabel(en.channels.headers, { exact: true })
  await expect(headers).toContainText('X-Team: db')
  await expect(headers).not.toContainText('hook-token-0123456789')
  await expect(page.getByLabel(en.channels.webhookUrl, { exact: true })).toHaveCount(0)
  await page.getByRole('button', { name: en.channels.revealHeaders }).click()
  await expect(headers).toHaveValue(/Authorization: Bearer hook-token-0123456789/)
  await expect(page.locator('.type-limits')).toContainText(en.channels.limits.none)
  await expectAccessible(page, testInfo)
  await shots(page, 'channel-form-http-en', testInfo)
  await page.getByRole('button', { name: en.common.cancel }).click()

  // The studio previews a Feishu channel as WeCom renders its Markdown, and says so.
  await page.goto(new URL('#/templates/lark', page.url()).toString())
  await expect(page.getByTestId('preview-type-note')).toHaveText(en.templates.typeNote.feishu)
  await expect(page.getByLabel(en.channels.format)).toHaveValue('interactive')
  await expect(page.getByTestId('typed-body')).toContainText('"msg_type":"interactive"')
  await expect(page.getByTestId('typed-byte-counter')).toContainText('/ 20000')
  await expectAccessible(page, testInfo)
  await shots(page, 'studio-feishu-en', testInfo)

  // An HTTP channel: the studio shows the request as sent, its JSON body rendered for the sample
  // alert and its credential header masked.
  await page.goto(new URL('#/templates/hook', page.url()).toString())
  await expect(page.getByTestId('preview-type-note')).toHaveText(en.templates.typeNote.http)
  const request = page.getByTestId('http-request')
  await expect(request.getByRole('heading', { name: en.templatesRequest.httpTitle })).toBeVisible()
  await expect(request).toContainText('PUT https://alerts.example.com/hook')
  const body = page.getByTestId('http-body')
  await expect(body).toContainText('"name": "DiskFull"')
  expect(JSON.parse((await body.textContent()) ?? '')).toMatchObject({ name: 'DiskFull' })
  await expect(page.getByTestId('http-byte-counter')).toContainText(
    fill(en.templatesRequest.bytes, { bytes: Buffer.byteLength((await body.textContent())!) }),
  )
  await expect(request.getByRole('row', { name: /X-Team/ })).toContainText('db')
  await expect(request.getByRole('row', { name: /Authorization/ })).toContainText(
    'Bearer hook…6789',
  )
  await expect(request).not.toContainText('hook-token-0123456789')
  await expect(page.getByTestId('http-body-error')).toHaveCount(0)
  // One alert per request: no digest to preview.
  await expect(page.getByTestId('no-digest')).toHaveText(en.templatesRequest.noDigest)
  await expectAccessible(page, testInfo)
  await shots(page, 'studio-http-en', testInfo)

  // Settings: the time zone, saved and read back.
  await page.goto(new URL('#/settings', page.url()).toString())
  const zone = page.getByLabel(en.settings.timeZone, { exact: true })
  await zone.selectOption('Asia/Shanghai')
  await expect(page.getByText(en.settings.saved).first()).toBeVisible()
  const saved = await page.evaluate(async () => {
    const r = await fetch('/api/getSettings', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    })
    return ((await r.json()) as { result: { app: { timeZone: string } } }).result.app.timeZone
  })
  expect(saved).toBe('Asia/Shanghai')
})
