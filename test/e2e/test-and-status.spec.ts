/// <reference lib="dom" />
import { execFileSync } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startServe } from '../../bench/lib'
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, shots, type Lang } from './helpers'

const run = (command: string, env: Record<string, string> = {}) =>
  execFileSync('bash', ['-c', command], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  })

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`test page and status (${lang})`, () => {
    test('copy as curl gives a command that runs: $WECOM_KEY explained, or the key revealed with a warning', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/test')
      await page.getByRole('button', { name: L.test.send }).click()
      // The verdict names who answered: here the built-in simulator, at its own address.
      await expect(
        page.getByText(fill(L.trust.answeredBySimulator, { host: new URL(relay.simulator).host }), {
          exact: true,
        }),
      ).toBeVisible()
      // The message to the group speaks the window's language.
      const sent = await page.evaluate(async () => {
        const r = await fetch('/api/simulatorMessages', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        })
        const { result } = (await r.json()) as { result: { messages: { content: string }[] } }
        return result.messages.at(-1)?.content ?? ''
      })
      expect(sent).toContain(lang === 'zh' ? '通道可用' : 'The channel works')
      const curl = page.getByTestId('curl')
      await expect(curl).toContainText('$WECOM_KEY')
      await expect(page.getByText(L.test.placeholderHelp)).toBeVisible()
      const placeholder = (await curl.textContent())!
      expect(placeholder).not.toContain('relay-demo')
      // Copy as curl copies what is shown: the export line first, then the curl.
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write'])
      await page.getByRole('button', { name: L.test.curl, exact: true }).click()
      const copied = await page.evaluate(() => navigator.clipboard.readText())
      expect(copied).toBe(placeholder)
      expect(copied.split('\n')[0]).toBe(`export WECOM_KEY='${L.test.keyPlaceholder}'`)
      // A person replaces the words in quotes and runs all the lines.
      const withKey = (key: string) => copied.replace(L.test.keyPlaceholder, key)
      expect(run(withKey('relay-demo'))).toContain('"errcode":0')
      expect(run(withKey('not-the-key'))).toContain('"errcode":93000')
      await shots(page, `test-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      await page.getByRole('button', { name: L.test.revealKey }).click()
      await expect(page.getByText(L.test.revealedWarning)).toBeVisible()
      await expect(curl).toContainText('key=relay-demo')
      expect(run((await curl.textContent())!)).toContain('"errcode":0')
    })

    test('a plain address (no key) is checked for reachability: the host answered, then what it lacks', async ({
      page,
      relay,
    }) => {
      await open(page, relay.ui, lang, '#/test')
      await page.getByLabel(L.test.pasteUrl).fill(`${relay.simulator}/`)
      await page.getByRole('button', { name: L.test.send }).click()
      const host = new URL(relay.simulator).host
      await expect(
        page.getByText(fill(L.test.reachedOnly, { host }), { exact: true }),
      ).toBeVisible()
      // DNS, TCP and HTTP ran (not "not reached"); the last stage says what is missing.
      for (const stage of ['dns', 'tcp', 'http'])
        await expect(page.locator(`.stages li[data-stage=${stage}]`)).toHaveClass(/\bok\b/)
      const last = page.locator('.stages li[data-stage=response]')
      await expect(last).toHaveClass(/\bfailed\b/)
      await expect(last.locator('.explain')).toContainText(
        lang === 'zh' ? '网络路径正常' : 'the network path works',
      )
      await expect(last.locator('.fix')).toContainText('key')
    })

    test('a failed stage says what to do, after a colon of the language', async ({
      page,
      relay,
    }) => {
      await open(page, relay.ui, lang, '#/test')
      await page
        .getByLabel(L.test.pasteUrl)
        .fill(`${relay.simulator}/cgi-bin/webhook/send?key=not-the-key`)
      await page.getByRole('button', { name: L.test.send }).click()
      const fix = page.locator('.stages .fix')
      await expect(fix).toBeVisible()
      // "What to do:" / "解决办法：" — a full-width colon in Chinese, no ASCII one after it.
      await expect(fix.locator('strong')).toHaveText(L.test.whatToDo)
      expect(L.test.whatToDo.endsWith(lang === 'zh' ? '：' : ':')).toBe(true)
    })

    test('a simulator that cannot start and a --listen override are said where they matter', async ({
      page,
    }, testInfo) => {
      // Someone else's process holds the simulator's port.
      const squatter = createServer((_req, res) => res.end('{"errcode":0}'))
      await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', r))
      const port = (squatter.address() as AddressInfo).port
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
        await open(page, serve.ui, lang)
        const problem = page.getByTestId('simulator-problem')
        await expect(problem).toContainText(L.status.simulatorDown.split('{{reason}}')[0]!)
        await expect(problem).toContainText(
          fill(L.status.simulatorSeed, { channel: 'simulator', url: `http://127.0.0.1:${port}` }),
        )
        await expect(page.getByText(L.status.allGood, { exact: true })).toHaveCount(0)
        // The squatter answers like a robot: the test says it was not the simulator that took it.
        await page.getByRole('link', { name: L.nav.test, exact: true }).click()
        await page.getByRole('button', { name: L.test.send }).click()
        await expect(
          page.getByText(fill(L.trust.answeredBy, { host: `127.0.0.1:${port}` }), { exact: true }),
        ).toBeVisible()
        await page.getByRole('link', { name: L.nav.settings, exact: true }).click()
        await expect(page.getByTestId('listen-override')).toContainText(
          fill(L.status.listenOverride, { address: serve.alerts.replace(/\/alerts$/, '') }),
        )
        await shots(page, `settings-problems-${lang}`, testInfo)
        await expectAccessible(page, testInfo)
      } finally {
        await serve.stop()
        squatter.close()
      }
    })

    test('settings errors name the field by its label and link to it; no toast with internal names', async ({
      page,
      relay,
    }) => {
      await open(page, relay.ui, lang, '#/settings')
      const port = page.getByLabel(L.settings.port, { exact: true })
      await port.fill('99999')
      await page.getByRole('button', { name: L.settings.save }).click()
      const summary = page.locator('.error-summary')
      await expect(summary.getByRole('link', { name: L.settings.port })).toBeVisible()
      await expect(summary).not.toContainText('listener.port')
      await expect(page.locator('.toast')).toHaveCount(0)
      await summary.getByRole('link', { name: L.settings.port }).click()
      await expect(port).toBeFocused()
      await port.fill('8765')
      await page.getByRole('button', { name: L.settings.save }).click()
      await expect(page.getByText(L.settings.saved)).toBeVisible()
      await expect(summary).toBeHidden()
    })
  })
}
