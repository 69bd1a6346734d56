/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, plural, shots, type Lang } from './helpers'

const channelTemplate = (page: import('@playwright/test').Page, name: string) =>
  page.evaluate(async (n) => {
    const r = await fetch('/api/listChannels', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'null',
    })
    const { result } = (await r.json()) as { result: Array<{ name: string; template: string }> }
    return result.find((c) => c.name === n)?.template
  }, name)

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`template studio (${lang})`, () => {
    test('a template with errors is not saved; warnings ask once', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/templates')
      const editor = page.getByLabel(L.templates.editor, { exact: true })
      await expect(page.getByTestId('preview').locator('.bubble').first()).toBeVisible()
      // With room for every sample alert, the digest preview says so rather than "the rest go next".
      await expect(page.getByText(plural(L.templates, 'digestAllFit', lang, 10))).toBeVisible()
      await expect(
        page.getByText(fill(L.templates.digestCarried, { carried: 10, of: 10 })),
      ).toHaveCount(0)
      const before = await channelTemplate(page, 'simulator')
      await editor.fill('### ${alarm_name is down')
      await page.getByRole('button', { name: L.templates.save }).click()
      await expect(page.getByText(plural(L.templates, 'blockedErrors', lang, 1))).toBeVisible()
      await expect(page.getByText(fill(L.templates.saved, { name: 'simulator' }))).toHaveCount(0)
      expect(await channelTemplate(page, 'simulator')).toBe(before)
      await shots(page, `templates-blocked-${lang}`, testInfo)

      await editor.fill('### ${alarm_name} ${alarm_levle}')
      // The error is fixed (a warning remains): the "not saved" notice goes without another save.
      await expect(page.getByText(plural(L.templates, 'blockedErrors', lang, 1))).toHaveCount(0)
      await page.getByRole('button', { name: L.templates.save }).click()
      await expect(page.getByText(plural(L.templates, 'askWarnings', lang, 1))).toBeVisible()
      expect(await channelTemplate(page, 'simulator')).toBe(before)
      await page.getByRole('button', { name: L.templates.saveAnyway }).click()
      await expect(page.getByText(fill(L.templates.saved, { name: 'simulator' }))).toBeVisible()
      expect(await channelTemplate(page, 'simulator')).toBe('### ${alarm_name} ${alarm_levle}')
      await expectAccessible(page, testInfo)
    })

    test('a save held back by an error says so even when the live preview has not caught up', async ({
      page,
      relay,
    }) => {
      await open(page, relay.ui, lang, '#/templates')
      await expect(page.getByTestId('preview').locator('.bubble').first()).toBeVisible()
      const before = await channelTemplate(page, 'simulator')
      // The preview of the new text never arrives (a slow or failed request): the save's own check
      // is what the notice follows.
      await page.route('**/api/previewTemplate', (r) => r.abort())
      await page.getByLabel(L.templates.editor, { exact: true }).fill('### ${alarm_name is down')
      await page.getByRole('button', { name: L.templates.save }).click()
      const notice = page.getByRole('alert').filter({
        hasText: plural(L.templates, 'blockedErrors', lang, 1),
      })
      await expect(notice).toBeVisible()
      await expect(notice).toBeInViewport()
      expect(await channelTemplate(page, 'simulator')).toBe(before)
    })

    test('unsaved edits are guarded when switching channel or page', async ({ page, relay }) => {
      await open(page, relay.ui, lang)
      await page.evaluate(() =>
        fetch('/api/duplicateChannel', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'simulator', newName: 'second' }),
        }),
      )
      await page.goto(new URL('#/templates', page.url()).toString())
      const editor = page.getByLabel(L.templates.editor, { exact: true })
      await expect(editor).not.toHaveValue('')
      await editor.fill('edited ${alarm_name}')
      const asked: string[] = []
      page.on('dialog', (d) => {
        asked.push(d.message())
        void d.dismiss()
      })
      await page
        .getByRole('combobox', { name: new RegExp(`^${L.templates.channel}`) })
        .selectOption('second')
      await expect.poll(() => asked.length).toBe(1)
      await expect(editor).toHaveValue('edited ${alarm_name}')
      await expect(
        page.getByRole('combobox', { name: new RegExp(`^${L.templates.channel}`) }),
      ).toHaveValue('simulator')
      await page.getByRole('link', { name: L.nav.history, exact: true }).click()
      await expect.poll(() => asked.length).toBe(2)
      expect(asked).toEqual([L.common.discard, L.common.discard])
      await expect(editor).toHaveValue('edited ${alarm_name}')
    })

    test('the ${ suggestions follow the keyboard and close on blur; labels.X selects a placeholder', async ({
      page,
      relay,
    }, testInfo) => {
      await open(page, relay.ui, lang, '#/templates')
      const editor = page.getByLabel(L.templates.editor, { exact: true })
      await expect(editor).not.toHaveValue('')
      await editor.fill('')
      await editor.pressSequentially('Level ${alarm_')
      const list = page.getByRole('listbox', { name: L.templates.variables })
      await expect(list).toBeVisible()
      const first = list.getByRole('option').nth(0)
      const second = list.getByRole('option').nth(1)
      await expect(editor).toHaveAttribute(
        'aria-activedescendant',
        (await first.getAttribute('id'))!,
      )
      await expect(first).toHaveAttribute('aria-selected', 'true')
      await editor.press('ArrowDown')
      await expect(second).toHaveAttribute('aria-selected', 'true')
      await expect(editor).toHaveAttribute(
        'aria-activedescendant',
        (await second.getAttribute('id'))!,
      )
      const chosen = (await second.locator('code').textContent())!
      await shots(page, `templates-suggest-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      await editor.press('Enter')
      await expect(editor).toHaveValue(`Level \${${chosen}}`)
      await expect(list).toBeHidden()
      await editor.pressSequentially(' ${')
      await expect(list).toBeVisible()
      await page.getByRole('heading', { name: L.templates.preview }).click()
      await expect(list).toBeHidden()

      await editor.fill('')
      await page.getByRole('button', { name: L.templates.insertLabel }).click()
      await expect(editor).toHaveValue('${labels.name}')
      await page.keyboard.type('team')
      await expect(editor).toHaveValue('${labels.team}')
    })
  })
}

test('storm settings: one setting a line, its words beside its box', async ({ page, relay }) => {
  const L = LANGUAGES.en
  await open(page, relay.ui, 'en', '#/templates')
  const settings = page.getByRole('group', { name: L.storm.settings })
  await expect(settings.getByRole('spinbutton').first()).toBeVisible()
  const boxes = await settings
    .locator(':scope > label')
    .evaluateAll((ls) =>
      ls.map((l) => l.getBoundingClientRect()).map((r) => ({ top: r.top, bottom: r.bottom })),
    )
  expect(boxes.length).toBeGreaterThan(2)
  // Each label starts below the one before it: no two settings share a line.
  for (let i = 1; i < boxes.length; i++)
    expect(boxes[i]!.top).toBeGreaterThanOrEqual(boxes[i - 1]!.bottom)
})

test('the studio names its sample alerts in 简体中文', async ({ page, relay }) => {
  const L = LANGUAGES.zh
  await open(page, relay.ui, 'zh', '#/templates')
  const samples = page.getByLabel(L.templates.sample, { exact: true })
  await expect(samples.locator('option', { hasText: L.templates.sampleNames.aliyun })).toHaveCount(
    1,
  )
  await expect(samples).not.toContainText('Production API down')
})
