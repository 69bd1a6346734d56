/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, shots, type Lang } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`routing (${lang})`, () => {
    test('a new channel says it receives nothing until it is a default channel or in a rule', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/channels')
      await page.evaluate(async () => {
        const channel = {
          name: 'database-team-with-a-rather-long-channel-name',
          webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=db-team-robot-key-0001',
        }
        await fetch('/api/saveChannel', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ channel }),
        })
      })
      await page.reload()
      const row = page.getByRole('row').filter({ hasText: 'database-team' })
      await expect(row).toContainText(L.channels.receivesNothing)
      const sim = page.getByRole('row').filter({ hasText: 'simulator' })
      await expect(sim).toContainText(L.channels.receivesDefault)
      // "Default" is said once, by the checkbox: no badge repeats it.
      await expect(
        sim.getByRole('checkbox', { name: fill(L.channels.defaultToggle, { name: 'simulator' }) }),
      ).toBeChecked()
      await expect(sim.locator('.badge')).toHaveCount(0)
      await shots(page, `channels-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      await row
        .getByRole('checkbox', {
          name: fill(L.channels.defaultToggle, {
            name: 'database-team-with-a-rather-long-channel-name',
          }),
        })
        .click()
      await expect(row).toContainText(L.channels.receivesDefault)
    })

    test('deleting a channel says first which routing rules go with it', async ({
      page,
      relay,
    }) => {
      await open(page, relay.ui, lang, '#/channels')
      await page.evaluate(async () => {
        const post = (method: string, body: unknown) =>
          fetch(`/api/${method}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(body),
          })
        await post('saveChannel', {
          channel: {
            name: 'db',
            webhookUrl:
              'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=db-team-robot-key-0001',
          },
        })
        await post('updateSettings', {
          patch: {
            routes: [
              { matchers: ['alertname=~Disk.*'], channels: ['db'] },
              { matchers: ['severity=critical'], channels: ['db', 'simulator'] },
            ],
          },
        })
      })
      await page.reload()
      const asked: string[] = []
      page.once('dialog', (d) => {
        asked.push(d.message())
        void d.dismiss()
      })
      await page.getByRole('button', { name: fill(L.channels.deleteNamed, { name: 'db' }) }).click()
      await expect.poll(() => asked.length).toBe(1)
      expect(asked[0]).toContain(fill(L.channels.deleteRemovesRules, { rules: '1' }))
      expect(asked[0]).toContain(fill(L.channels.deleteTrimsRules, { rules: '2' }))
      // Dismissed: the channel and its rules are still there.
      await expect(page.getByRole('row').filter({ hasText: 'db' }).first()).toContainText(
        fill(L.channels.receivesRules, { rules: '1, 2' }),
      )
    })

    test('a save error goes away once the field that caused it is fixed', async ({
      page,
      relay,
    }) => {
      await open(page, relay.ui, lang, '#/routes')
      await page.getByRole('button', { name: L.routes.add }).click()
      const m = fill(L.routes.matcherN, { rule: 1, n: 1 })
      const rule1 = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: fill(L.routes.rule, { n: 1 }) }) })
      await rule1
        .getByLabel(fill(L.routes.fieldOf, { matcher: m, field: L.routes.op }), { exact: true })
        .selectOption('=~')
      const value = rule1.getByLabel(
        fill(L.routes.fieldOf, { matcher: m, field: L.routes.value }),
        {
          exact: true,
        },
      )
      await value.fill('(?!Test).*Disk.*')
      await page.getByRole('button', { name: L.routes.save }).click()
      const saveError = page.getByTestId('routes-save-error')
      await expect(saveError).toBeVisible()
      // Still broken: the error stays.
      await value.fill('(?!Test).*Disk')
      await expect(saveError).toBeVisible()
      await value.fill('.*Disk.*')
      await expect(saveError).toHaveCount(0)
      await expect(rule1).not.toContainText(L.routes.countUnknown)
    })

    test('rules: add, match live against the last alerts, reorder by keyboard and drag, save', async ({
      page,
      relay,
    }, testInfo) => {
      for (const [level, name] of [
        ['critical', 'DiskFull'],
        ['warning', 'CPUHigh'],
        ['critical', 'MemoryLow'],
      ])
        await relay.post({ title: name, severity: level, host: 'db-1' })
      await open(page, relay.ui, lang, '#/routes')
      await expect(page.getByRole('heading', { name: L.routes.title, level: 1 })).toBeVisible()
      await expect(page.getByText(L.routes.empty)).toBeVisible()
      await page.getByRole('button', { name: L.routes.add }).click()
      const rule1 = page
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: fill(L.routes.rule, { n: 1 }) }) })
      await expect(rule1).toContainText(fill(L.routes.count, { n: 2, of: 3 }))
      const m = fill(L.routes.matcherN, { rule: 1, n: 1 })
      await rule1
        .getByLabel(fill(L.routes.fieldOf, { matcher: m, field: L.routes.op }), { exact: true })
        .selectOption('=~')
      await rule1
        .getByLabel(fill(L.routes.fieldOf, { matcher: m, field: L.routes.value }), { exact: true })
        .fill('crit.*|warn.*')
      await expect(rule1).toContainText(fill(L.routes.count, { n: 3, of: 3 }))
      await rule1
        .getByLabel(fill(L.routes.fieldOf, { matcher: m, field: L.routes.value }), { exact: true })
        .fill('(')
      await expect(rule1).toContainText(L.routes.countUnknown)
      await rule1
        .getByLabel(fill(L.routes.fieldOf, { matcher: m, field: L.routes.value }), { exact: true })
        .fill('warn.*')
      await expect(rule1).toContainText(fill(L.routes.count, { n: 1, of: 3 }))
      await rule1.getByRole('checkbox', { name: L.routes.continue }).check()

      await page.getByRole('button', { name: L.routes.add }).click()
      const rules = page.getByRole('list', { name: L.routes.listLabel }).getByRole('listitem')
      await expect(rules).toHaveCount(2)
      const m2 = fill(L.routes.matcherN, { rule: 2, n: 1 })
      await page
        .getByLabel(fill(L.routes.fieldOf, { matcher: m2, field: L.routes.name }), { exact: true })
        .fill('alarm_name')
      await page
        .getByLabel(fill(L.routes.fieldOf, { matcher: m2, field: L.routes.value }), { exact: true })
        .fill('DiskFull')
      await expect(rules.nth(1)).toContainText(fill(L.routes.count, { n: 1, of: 3 }))
      // Keyboard: rule 2 moves up and becomes rule 1.
      await page.getByRole('button', { name: fill(L.routes.moveUp, { n: 2 }) }).focus()
      await page.keyboard.press('Enter')
      // Focus stays on the moved rule, now first: its "down" arrow (its "up" is disabled).
      await expect(
        page.getByRole('button', { name: fill(L.routes.moveDown, { n: 1 }) }),
      ).toBeFocused()
      await expect(
        rules.nth(0).getByLabel(fill(L.routes.fieldOf, { matcher: m, field: L.routes.value }), {
          exact: true,
        }),
      ).toHaveValue('DiskFull')
      // Drag: the first rule back below the second.
      await rules.nth(0).dragTo(rules.nth(1))
      await expect(
        rules.nth(0).getByLabel(fill(L.routes.fieldOf, { matcher: m, field: L.routes.value }), {
          exact: true,
        }),
      ).toHaveValue('warn.*')
      await shots(page, `routes-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      await page.getByRole('button', { name: L.routes.save }).click()
      await expect(page.getByText(L.routes.saved)).toBeVisible()
      // The channel list now names the rules the channel is in, and a later change still saves.
      await page.getByRole('link', { name: L.nav.channels, exact: true }).click()
      const sim = page.getByRole('row').filter({ hasText: 'simulator' })
      await expect(sim).toContainText(fill(L.channels.receivesRules, { rules: '1, 2' }))
      await sim
        .getByRole('checkbox', { name: fill(L.channels.defaultToggle, { name: 'simulator' }) })
        .click()
      await expect(sim).not.toContainText(L.channels.receivesDefault)
      await page.reload()
      await expect(page.getByRole('row').filter({ hasText: 'simulator' })).toContainText(
        fill(L.channels.receivesRules, { rules: '1, 2' }),
      )
    })

    test('leaving the routes page with unsaved rules asks first', async ({ page, relay }) => {
      await open(page, relay.ui, lang, '#/routes')
      await page.getByRole('button', { name: L.routes.add }).click()
      const asked: string[] = []
      page.once('dialog', (d) => {
        asked.push(d.message())
        void d.dismiss()
      })
      await page.getByRole('link', { name: L.nav.history }).click()
      await expect.poll(() => asked).toEqual([L.common.discard])
      await expect(page.getByRole('heading', { name: L.routes.title, level: 1 })).toBeVisible()
    })
  })
}
