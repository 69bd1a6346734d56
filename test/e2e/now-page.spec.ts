/// <reference lib="dom" />
import { execFileSync } from 'node:child_process'
import type { DeliveryStatus } from '../../electron/core/delivery/status'
import { expect, test } from './fixtures'
import { fill, LANGUAGES, open, overflowing, shot, shots, type Lang } from './helpers'

// The page is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`now page (${lang})`, () => {
    test('acknowledge and mute on a row below the fold open their form there, cursor in it', async ({
      page,
      relay,
    }, testInfo) => {
      for (let i = 0; i < 18; i++)
        await relay.post({ title: 'BurstAlert', severity: 'critical', host: `node-${i}` })
      await open(page, relay.ui, lang, '#/now')
      const rows = page.locator('tr.now-row')
      await expect(rows).toHaveCount(18)
      const last = rows.last()
      await last.getByRole('button', { name: L.now.acknowledge, exact: true }).click()
      const ack = page.getByRole('form', { name: fill(L.now.ackTitle, { what: 'BurstAlert' }) })
      await expect(ack).toBeInViewport()
      await expect(ack.getByLabel(L.now.ackFor)).toBeFocused()
      // Right under the row that opened it, not at the top of the page.
      const rowBox = (await last.boundingBox())!
      const formBox = (await ack.boundingBox())!
      expect(formBox.y).toBeGreaterThanOrEqual(rowBox.y + rowBox.height - 1)
      await shot(page, `now-ack-far-row-${lang}`, testInfo)
      await ack.getByRole('button', { name: L.now.cancel }).click()
      await expect(ack).toHaveCount(0)

      await rows.nth(16).getByRole('button', { name: L.now.mute, exact: true }).click()
      const mute = page.getByRole('form', { name: L.now.muteTitle })
      await expect(mute).toBeInViewport()
      await expect(mute.getByLabel(L.now.matchers)).toBeFocused()
    })

    test('every group lines its columns up with the others, and the row buttons do not touch', async ({
      page,
      relay,
    }, testInfo) => {
      await relay.post({
        title: 'Order lookup returns 5xx on the checkout path',
        severity: 'critical',
        host: 'order-tracker-production-east',
      })
      await relay.post({ title: 'ob_cpu_high', severity: 'warning', host: 'p1' })
      await open(page, relay.ui, lang, '#/now')
      const tables = page.getByTestId('now-group').locator('table')
      await expect(tables).toHaveCount(2)
      const lefts = (n: number) =>
        tables
          .nth(n)
          .locator('th')
          .evaluateAll((ths) => ths.map((th) => Math.round(th.getBoundingClientRect().left)))
      expect(await lefts(0)).toEqual(await lefts(1))
      const row = page.locator('tr.now-row').first()
      const a = (await row
        .getByRole('button', { name: L.now.acknowledge, exact: true })
        .boundingBox())!
      const m = (await row.getByRole('button', { name: L.now.mute, exact: true }).boundingBox())!
      const apart = m.y >= a.y + a.height || m.x >= a.x + a.width + 4
      expect(apart).toBe(true)
      // Narrow window: still aligned, and nothing spills out of its cell.
      await page.setViewportSize({ width: 900, height: 800 })
      expect(await lefts(0)).toEqual(await lefts(1))
      expect(await overflowing(page, '.now-table td, .now-table th')).toEqual([])
      await shots(page, `now-columns-${lang}`, testInfo)
    })

    test('the status strip says alerts wait for the robots while a backlog is queued', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/now')
      const line = page.getByTestId('delivery-line')
      await expect(line).toContainText(L.status.allGood)
      // The simulator's robot takes 20 a minute: the rest wait for its budget. One message at a
      // time spends it (on a loaded machine a queue would build up and go out merged in digests,
      // fewer messages than alerts, and nothing would wait).
      const token = new URL(relay.ui).searchParams.get('token')!
      const sends = async () => {
        const res = await fetch(new URL('/api/deliveryStatus', relay.ui), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: 'null',
        })
        const { result } = (await res.json()) as { result: DeliveryStatus }
        return result.channels[0]!.robots[0]!.sendsInWindow
      }
      for (let i = 0; i < 40; i++) {
        await relay.post({ title: `Burst${i}`, severity: 'warning', host: `node-${i}` })
        if (i < 20) await expect.poll(sends).toBe(i + 1)
      }
      const waiting = L.status.waiting.replace('{{count}}', '')
      await expect(line).toContainText(waiting)
      await expect(line).not.toContainText(L.status.allGood)
      // The count in the sentence is the backlog the strip shows (read together: both move on).
      const strip = page.getByRole('region', { name: L.status.label })
      await expect
        .poll(() =>
          strip.evaluate((el) => {
            const backlog = el.querySelector('strong')?.textContent ?? ''
            const text = el.querySelector('[data-testid="delivery-line"]')?.textContent ?? ''
            return Number(backlog) > 0 && text.startsWith(`${backlog} `)
          }),
        )
        .toBe(true)
      await shot(page, `status-backlog-${lang}`, testInfo)
    })

    test('a storm: groups folded with counts by level and their targets, most severe first; handled alerts below', async ({
      page,
      relay,
    }, testInfo) => {
      // 3 names, 30 alerts: more than a quiet day, so the groups start folded.
      const hosts = (n: number) =>
        Array.from({ length: n }, (_, i) => `payments-gateway-${i + 1}.prod.example.com`)
      for (const host of hosts(20))
        await relay.post({ title: 'LatencyHigh', severity: 'warning', host })
      for (const host of hosts(6))
        await relay.post({ title: 'PodCrashLooping', severity: 'critical', host })
      for (const host of hosts(4))
        await relay.post({ title: 'CertExpiring', severity: 'info', host })
      await open(page, relay.ui, lang, '#/now')
      await expect(page.getByText(fill(L.now.openSection, { count: 30 }))).toBeVisible()
      const groups = page.getByTestId('now-group')
      await expect(groups).toHaveCount(3)
      // Most severe first, then the rest; each folded, its rows not drawn.
      await expect(groups.nth(0)).toContainText('PodCrashLooping')
      await expect(groups.nth(1)).toContainText('LatencyHigh')
      await expect(groups.nth(2)).toContainText('CertExpiring')
      await expect(page.locator('tr.now-row')).toHaveCount(0)
      const latency = groups.nth(1)
      const toggle = latency.getByRole('button', { name: /LatencyHigh/ })
      await expect(toggle).toHaveAttribute('aria-expanded', 'false')
      await expect(latency.locator('.now-levels')).toHaveText(`${L.levels.warning} 20`)
      await expect(latency.locator('.now-targets')).toContainText(
        `payments-gateway-1.prod.example.com, payments-gateway-2.prod.example.com, payments-gateway-3.prod.example.com ${fill(L.now.moreTargets, { count: 17 })}`,
      )
      await toggle.click()
      await expect(toggle).toHaveAttribute('aria-expanded', 'true')
      await expect(latency.locator('tr.now-row')).toHaveCount(20)
      // A long target wraps at its dots and dashes, not inside a word.
      await page.setViewportSize({ width: 900, height: 800 })
      const cell = latency.locator('td.now-target').first()
      // Each piece between separators stays on one line; the cell does take several lines.
      const pieces = await cell.evaluate((td) => ({
        height: td.getBoundingClientRect().height,
        split: Array.from(td.querySelectorAll('span'))
          .filter((s) => s.getClientRects().length > 1)
          .map((s) => s.textContent),
      }))
      expect(pieces.split).toEqual([])
      await shots(page, `now-storm-${lang}`, testInfo)

      // Acknowledging the whole group moves it below, into its own section.
      await latency.getByRole('button', { name: L.now.acknowledgeGroup }).click()
      await page
        .getByRole('form', { name: fill(L.now.ackTitle, { what: 'LatencyHigh' }) })
        .getByRole('button', { name: L.now.acknowledge, exact: true })
        .click()
      await expect(page.getByText(fill(L.now.openSection, { count: 10 }))).toBeVisible()
      await expect(page.getByText(fill(L.now.handledSection, { count: 20 }))).toBeVisible()
      await expect(groups.nth(2)).toContainText('LatencyHigh')
    })

    test('first run: nothing firing offers a curl that posts to this listener, and the simulator chat page', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/now')
      const first = page.getByTestId('first-run')
      await expect(first).toContainText(L.now.empty)
      const curl = (await first.getByLabel(L.now.firstRunCurl).textContent())!
      expect(curl).toContain(relay.alerts)
      await expect(first.getByRole('link', { name: L.now.simulatorPage })).toHaveAttribute(
        'href',
        `${relay.simulator}/`,
      )
      await shots(page, `now-first-run-${lang}`, testInfo)
      // The command works as shown: its alert appears here.
      execFileSync('bash', ['-c', curl], { timeout: 20_000 })
      await expect(
        page.getByTestId('now-group').getByRole('link', { name: 'DiskFull' }),
      ).toBeVisible()
      await expect(first).toBeHidden()
    })
  })
}
