/// <reference lib="dom" />
import { expect, test } from './fixtures'
import { expectAccessible, fill, LANGUAGES, open, shots, type Lang } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test.describe(`settings (${lang})`, () => {
    test('one Save names what changed; choices save at once with one toast; times follow the time zone', async ({
      page,
      relay,
    }, testInfo) => {
      await relay.post({ title: 'DiskFull', severity: 'critical', host: 'db-1' })
      await open(page, relay.ui, lang, '#/settings')
      await expect(page.getByLabel(L.settings.port, { exact: true })).not.toHaveValue('')
      // The browser window is not the desktop app: nothing to start at login, no tray.
      await expect(page.getByText(L.settings.startAtLogin)).toHaveCount(0)

      // The time zone saves when chosen, with one toast that names it.
      await page.getByLabel(L.settings.timeZone, { exact: true }).selectOption('Asia/Shanghai')
      const toast = fill(L.settings.savedChoice, {
        what: L.settings.timeZone,
        value: 'Asia/Shanghai',
      })
      await expect(page.locator('.toast')).toHaveText([toast])
      // Times in the window follow it, as messages do.
      const strip = page.getByRole('region', { name: L.status.label })
      // Pausing every channel asks first; "no" leaves sending on.
      const questions: string[] = []
      page.once('dialog', (d) => {
        questions.push(d.message())
        void d.dismiss()
      })
      await strip.getByRole('button', { name: L.status.pause15 }).click()
      await expect.poll(() => questions).toEqual([L.trust.pauseQuestion])
      await expect(strip.getByRole('button', { name: L.status.resume })).toHaveCount(0)
      page.once('dialog', (d) => void d.accept())
      await strip.getByRole('button', { name: L.status.pause15 }).click()
      await expect(strip).toContainText(/UTC\+08:00/)
      await strip.getByRole('button', { name: L.status.resume }).click()

      // The text fields share one Save, which names the sections that changed.
      const save = page.getByRole('button', { name: L.settings.save })
      await expect(save).toBeDisabled()
      await page.getByLabel(L.links.base, { exact: true }).fill('http://ops-pc:8761')
      await expect(save).toHaveAccessibleName(fill(L.settings.saveWhat, { what: L.links.legend }))
      await page.getByLabel(L.settings.maxAgeDays, { exact: true }).fill('14')
      await expect(save).toHaveAccessibleName(
        fill(L.settings.saveWhat, {
          what: [L.settings.retention, L.links.legend].join(L.settings.listJoin),
        }),
      )
      await shots(page, `settings-${lang}`, testInfo)
      await expectAccessible(page, testInfo)
      await save.click()
      await expect(page.getByText(L.settings.saved, { exact: true })).toBeVisible()
      await expect(save).toBeDisabled()
      await expect(save).toHaveAccessibleName(L.settings.save)

      await page.getByRole('link', { name: L.nav.now, exact: true }).click()
      const since = page.locator('tr.now-row td[title]').first()
      await expect(since).toHaveAttribute('title', /UTC\+08:00$/)
    })
  })
}

for (const lang of Object.keys(LANGUAGES) as Lang[]) {
  const L = LANGUAGES[lang]
  test(`import and export ask first, say what changes, and name what is wrong by label (${lang})`, async ({
    page,
    relay,
  }, testInfo) => {
    await open(page, relay.ui, lang, '#/settings')
    const questions: string[] = []
    const answer = (yes: boolean) =>
      page.once('dialog', (d) => {
        questions.push(d.message())
        void (yes ? d.accept() : d.dismiss())
      })
    // Exporting the keys in clear text asks first; "no" downloads nothing.
    const downloads: string[] = []
    page.on('download', (d) => downloads.push(d.suggestedFilename()))
    answer(false)
    await page.getByRole('button', { name: L.settings.exportSecrets }).click()
    await expect.poll(() => questions).toEqual([L.trust.exportSecretsQuestion])
    // "Yes" downloads one file; had "no" downloaded, it would be in the list before it.
    answer(true)
    const [yes] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: L.settings.exportSecrets }).click(),
    ])
    expect(downloads).toEqual([yes.suggestedFilename()])

    const input = page.locator('input[type=file]')
    const file = (settings: unknown) => ({
      name: 'relay-settings.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(settings)),
    })
    // A file with two mistakes: each is named by the window's labels, with its reason.
    questions.length = 0
    answer(true)
    await input.setInputFiles(
      file({
        channels: [{ name: 'oncall', webhookUrl: 'not a url' }],
        history: { maxAlerts: 5 },
      }),
    )
    await expect.poll(() => questions.length).toBe(1)
    expect(questions[0]).toBe(
      [
        L.trust.importQuestion,
        `• ${fill(L.trust.importAdds, { names: 'oncall' })}`,
        `• ${fill(L.trust.importRemoves, { names: 'simulator' })}`,
      ].join('\n'),
    )
    const errors = page.getByTestId('import-errors')
    await expect(errors).toContainText(L.trust.importFailed)
    await expect(errors.getByRole('listitem')).toHaveCount(2)
    await expect(errors.getByRole('listitem').nth(0)).toContainText(
      fill(L.settings.importFieldError, {
        where: `${fill(L.trust.importChannel, { name: 'oncall' })} › ${L.channels.webhookUrl}`,
        reason: '',
      }),
    )
    await expect(errors.getByRole('listitem').nth(1)).toContainText(
      fill(L.settings.importFieldError, {
        where: `${L.trust.importSections.history} › ${L.settings.maxAlerts}`,
        reason: '',
      }),
    )
    await expect(errors).not.toContainText('channels[0]')
    await expect(errors).not.toContainText('history.maxAlerts')
    await shots(page, `settings-import-errors-${lang}`, testInfo)

    // "No" to the question changes nothing; "yes" imports and the old errors go.
    const good = file({
      channels: [
        {
          name: 'oncall',
          webhookUrl: `${relay.simulator}/cgi-bin/webhook/send?key=relay-demo`,
        },
      ],
    })
    answer(false)
    await input.setInputFiles(good)
    await expect.poll(() => questions.length).toBe(2)
    await expect(page.locator('.toast')).toHaveCount(0)
    answer(true)
    await input.setInputFiles(good)
    await expect(page.locator('.toast')).toHaveText([L.settings.imported])
    await expect(errors).toBeHidden()
    await page.getByRole('link', { name: L.nav.channels, exact: true }).click()
    await expect(page.getByRole('rowheader', { name: /^oncall/ })).toBeVisible()
    await expect(page.getByRole('rowheader', { name: /^simulator/ })).toHaveCount(0)
  })
}
