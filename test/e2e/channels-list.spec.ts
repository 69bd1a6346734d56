/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { fill, LANGUAGES, open, overflowing, shots, type Lang } from './helpers'

const simulatorMessages = (page: import('@playwright/test').Page) =>
  page.evaluate(async () => {
    const r = await fetch('/api/simulatorMessages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    })
    return ((await r.json()) as { result: { messages: unknown[] } }).result.messages.length
  })

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`channel list (${lang})`, () => {
    test('each row tests its channel: the staged test runs once, for that channel', async ({
      page,
      relay,
    }) => {
      await open(page, relay.ui, lang, '#/channels')
      const before = await simulatorMessages(page)
      await page
        .getByRole('button', { name: fill(L.channels.testNamed, { name: 'simulator' }) })
        .click()
      await expect(page.getByRole('heading', { name: L.test.title })).toBeVisible()
      await expect(page.getByLabel(L.test.channel)).toHaveValue('simulator')
      await expect(
        page.getByText(fill(L.trust.answeredBySimulator, { host: new URL(relay.simulator).host }), {
          exact: true,
        }),
      ).toBeVisible()
      expect(await simulatorMessages(page)).toBe(before + 1)
      // A reload shows the channel chosen and sends nothing by itself.
      await page.reload()
      await expect(page.getByLabel(L.test.channel)).toHaveValue('simulator')
      await expect(page.getByRole('button', { name: L.test.send })).toBeEnabled()
      expect(await simulatorMessages(page)).toBe(before + 1)
    })

    test('"default" is said once per row, and the row actions stay on one line at 900 px', async ({
      page,
      relay,
    }, testInfo) => {
      await page.setViewportSize({ width: 900, height: 700 })
      await open(page, relay.ui, lang, '#/channels')
      await page.evaluate(async () => {
        await fetch('/api/saveChannel', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            channel: {
              name: 'payments-platform-oncall-escalation-level-two',
              webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdefgh-1234-5678',
            },
          }),
        })
      })
      await page.reload()
      const sim = page.getByRole('row').filter({ hasText: 'simulator' })
      await expect(sim).toContainText(L.channels.receivesDefault)
      const word = lang === 'zh' ? /默认/g : /default/gi
      expect((await sim.innerText()).match(word)).toHaveLength(1)
      expect(await overflowing(page, 'main, .table-scroll')).toEqual([])
      for (const row of await page.locator('.channels-table tbody tr').all()) {
        const boxes = await row.locator('.actions-box button').evaluateAll((bs) =>
          bs.map((b) => {
            const r = b.getBoundingClientRect()
            return { top: Math.round(r.top), height: Math.round(r.height) }
          }),
        )
        expect(boxes.length).toBe(4)
        // One line: every button on the same top, none taller than one line of text.
        expect(new Set(boxes.map((b) => b.top)).size).toBe(1)
        expect(new Set(boxes.map((b) => b.height)).size).toBe(1)
      }
      await shots(page, `channels-list-${lang}`, testInfo)
    })
  })
}
