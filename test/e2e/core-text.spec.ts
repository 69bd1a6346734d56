/// <reference lib="dom" />
import { createServer as createHttpServer } from 'node:http'
import { createServer } from 'node:net'
import { startServe } from '../../bench/lib'
import { fillTemplate } from '../../electron/core/text/core-text'
import { CORE_TEXTS } from '../../electron/core/text/text-registry'
import { CORE_ZH } from '../../renderer/src/i18n/core-zh'
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, shots } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

const { zh } = LANGUAGES

/** The fixed part of a template (the text before its first parameter). */
const head = (template: string) => template.split('{')[0]!

/** English sentences of the core that must not show in the Chinese window. */
const ENGLISH = [
  CORE_TEXTS['net.refused'],
  CORE_TEXTS['net.refusedFix'],
  CORE_TEXTS['wecom.93000'],
  CORE_TEXTS['wecom.93000Fix'],
  CORE_TEXTS['diag.notReached'],
  head(CORE_TEXTS['field.atMost']),
  'Gave up',
  'Next try at',
]

async function expectNoEnglish(text: string) {
  for (const sentence of ENGLISH) expect(text).not.toContain(sentence)
}

/** A port on 127.0.0.1 that nothing listens on (taken, then freed). */
async function closedPort(): Promise<number> {
  const s = createServer()
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
  const port = (s.address() as { port: number }).port
  await new Promise((r) => s.close(r))
  return port
}

test.describe('the core speaks Chinese in the 简体中文 window', () => {
  test('a staged test refused on 127.0.0.1, and a key the simulator refuses', async ({
    page,
    relay,
  }, testInfo) => {
    await open(page, relay.ui, 'zh', '#/test')
    const url = page.getByLabel(zh.test.pasteUrl, { exact: true })
    await url.fill(`http://127.0.0.1:${await closedPort()}/cgi-bin/webhook/send?key=k`)
    await page.getByRole('button', { name: zh.test.send }).click()
    const tcp = page.locator('[data-stage="tcp"]')
    await expect(tcp).toContainText(CORE_ZH['net.refused'])
    await expect(tcp).toContainText(CORE_ZH['net.refusedFix'])
    await expect(page.locator('[data-stage="tls"]')).toContainText(CORE_ZH['diag.notReached'])
    await expectNoEnglish(await page.locator('main').innerText())

    await url.fill(`${relay.simulator}/cgi-bin/webhook/send?key=not-a-key`)
    await page.getByRole('button', { name: zh.test.send }).click()
    const response = page.locator('[data-stage="response"]')
    await expect(response).toContainText(CORE_ZH['wecom.93000'])
    await expect(response).toContainText(CORE_ZH['wecom.93000Fix'])
    await expectNoEnglish(await page.locator('main').innerText())
    await shots(page, 'core-text-test-zh', testInfo)
    await expectAccessible(page, testInfo)
  })

  test('a field error in Settings', async ({ page, relay }, testInfo) => {
    await open(page, relay.ui, 'zh', '#/settings')
    await page.getByLabel(zh.settings.port, { exact: true }).fill('99999')
    await page.getByRole('button', { name: zh.settings.save }).click()
    const error = page.locator('#settings-port-error')
    await expect(error).toHaveText('此值不能大于 65535（TCP 端口）。')
    await expectNoEnglish(await page.locator('main').innerText())
    await expect(page.getByTestId('simulator-status')).toContainText(zh.runtime.simRunning)
    await shots(page, 'core-text-settings-zh', testInfo)
  })

  test('a failed delivery in History', async ({ page, relay }, testInfo) => {
    await open(page, relay.ui, 'zh')
    // A channel whose key the simulator does not know: WeCom's 93000, set aside, failed.
    await page.evaluate(async (simulator) => {
      const call = (method: string, body: unknown) =>
        fetch(`/api/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      await call('saveChannel', {
        channel: {
          name: 'broken',
          webhookUrl: `${simulator}/cgi-bin/webhook/send?key=not-a-key`,
          aggregate: { enabled: false },
        },
      })
      await call('updateSettings', { patch: { defaultChannels: ['broken'] } })
    }, relay.simulator)
    const { ids } = await relay.post({
      receiver: 'x',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1' },
          annotations: { summary: 'Disk is full' },
          startsAt: new Date().toISOString(),
        },
      ],
    })
    await page.goto(new URL(`#/history/${ids[0]}`, page.url()).toString())
    const detail = page.locator('aside.detail')
    await expect(detail.locator('.deliveries')).toContainText(zh.states.failed)
    await expect(detail).toContainText(CORE_ZH['wecom.93000'])
    await expect(detail).toContainText(CORE_ZH['wecom.93000Fix'])
    await expectNoEnglish(await page.locator('main').innerText())
    await shots(page, 'core-text-history-zh', testInfo)
    await expectAccessible(page, testInfo)
  })

  test('a simulator that cannot start: why, in Chinese, and never "all delivered"', async ({
    page,
  }, testInfo) => {
    const squatter = createHttpServer((_req, res) => res.end('{"errcode":0}'))
    await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r))
    const port = (squatter.address() as { port: number }).port
    const serve = await startServe({
      simulator: { enabled: true, port },
      channels: [
        {
          name: 'simulator',
          webhookUrl: `http://127.0.0.1:${port}/cgi-bin/webhook/send?key=relay-demo`,
        },
      ],
    })
    try {
      await open(page, serve.ui, 'zh', '#/settings')
      const why = fillTemplate(CORE_ZH['listen.inUse'], {
        who: CORE_ZH['phrase.simulator'],
        address: `127.0.0.1:${port}`,
        todo: CORE_ZH['phrase.simulatorTodo'],
      })
      await expect(page.getByTestId('simulator-problem')).toContainText(
        fill(zh.status.simulatorDown, { reason: why }),
      )
      await expect(page.getByText(zh.status.allGood, { exact: true })).toHaveCount(0)
      await expect(page.locator('.status-strip')).toContainText(zh.status.notAllGood)
      const status = page.getByTestId('simulator-status')
      await expect(status).toContainText(fill(zh.runtime.simFailed, { code: 'EADDRINUSE' }))
      await expect(status).toContainText(why)
      await expect(page.locator('body')).not.toContainText('could not start')
      await shots(page, 'core-text-simulator-down-zh', testInfo)
    } finally {
      await serve.stop()
      squatter.close()
    }
  })

  test('template lint in the studio', async ({ page, relay }, testInfo) => {
    await open(page, relay.ui, 'zh', '#/templates')
    const editor = page.getByLabel(zh.templates.editor, { exact: true })
    await expect(page.getByTestId('preview').locator('.bubble').first()).toBeVisible()
    await editor.fill('### ${alarm_name} ${alarm_levle} ${')
    const lint = page.locator('#lint')
    await expect(lint).toContainText(CORE_ZH['lint.unclosed'])
    await expect(lint).toContainText(
      fillTemplate(CORE_ZH['lint.unknownSuggest'], {
        name: 'alarm_levle',
        suggestion: 'alarm_level',
      }),
    )
    await expect(lint).not.toContainText('is not a known variable')
    await expect(lint).not.toContainText('is never closed')
    await shots(page, 'core-text-lint-zh', testInfo)
  })
})
