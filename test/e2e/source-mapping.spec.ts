/// <reference lib="dom" />
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import { expectAccessible, LANGUAGES, open, shots } from './helpers'

// The window is under test, not delivery timing: alerts are not held by the gather window.
test.use({ gatherSeconds: 0 })

const { en, zh } = LANGUAGES
const gcp = JSON.parse(
  readFileSync(new URL('../fixtures/real/gcp-monitoring-5xx-open.json', import.meta.url), 'utf8'),
) as unknown

/**
 * An alert from a sender the relay does not know is marked "sender not recognised" on the Now
 * page and in History; its link opens the mapping page on that body, where a person maps it by
 * clicking fields, sees the message change, and saves a source whose endpoint reads the next one.
 */
test('a person maps an unknown sender in the window, and the next alert reads well', async ({
  page,
  relay,
}, testInfo) => {
  const { ids } = await relay.post(gcp)
  await open(page, relay.ui, 'en', '#/now')
  await expect(page.getByText(en.sourceMap.notRecognised).first()).toBeVisible()
  await page.getByRole('link', { name: en.sourceMap.mapIt }).first().click()
  await expect(page).toHaveURL(new RegExp(`#/sources/${ids[0]}`))
  await expect(page.getByText(en.sourceMap.guessed)).toBeVisible()

  // Title: click the condition's name in the tree; the preview changes with it.
  await page.getByRole('radio', { name: en.sourceMap.fields.title, exact: true }).check()
  await page.getByRole('button', { name: 'condition_name', exact: true }).click()
  const preview = page.locator('pre.preview')
  await expect(preview).toContainText('5XX Error Rate > 5%')
  await page.getByRole('radio', { name: en.sourceMap.fields.level, exact: true }).check()
  await page.getByRole('button', { name: 'severity', exact: true }).click()
  await page.getByLabel(en.sourceMap.levels).fill('critical=down')
  await expect(preview).toContainText('Down (critical)')
  await page.getByRole('radio', { name: en.sourceMap.fields.labels, exact: true }).check()
  await page.getByRole('button', { name: 'policy_user_labels', exact: true }).click()
  await expect(preview).toContainText('team=platform')
  await page.getByLabel(en.sourceMap.resolved).fill('CLOSED')
  await page.getByLabel(en.sourceMap.name).fill('gcp-monitoring')
  await expectAccessible(page, testInfo)
  await shots(page, 'source-mapping', testInfo)
  // The README's screenshot is refreshed on request only, so a test run leaves the tree as it was.
  if (process.env.UPDATE_README_SCREENSHOTS) {
    mkdirSync('docs/images', { recursive: true })
    copyFileSync(testInfo.outputPath('source-mapping-1280.png'), 'docs/images/source-mapping.png')
  }
  await page.getByRole('button', { name: en.sourceMap.save }).click()
  // Saved: listed among the existing sources (the help above the button names the endpoint
  // as soon as the name is typed, so it proves nothing).
  await expect(
    page.getByRole('button', { name: '/alerts/gcp-monitoring', exact: true }),
  ).toBeVisible()

  // The next alert, to the new endpoint: mapped, not a guess, its level from the value table.
  const res = await fetch(relay.alerts.replace(/\/alerts$/, '/alerts/gcp-monitoring'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(gcp),
  })
  expect(res.status).toBe(202)
  const next = ((await res.json()) as { ids: string[] }).ids[0]!
  await open(page, relay.ui, 'zh', `#/history/${next}`)
  await expect(page.locator('#detail-title')).toContainText('5XX Error Rate > 5%', {
    timeout: 30_000,
  })
  await expect(page.getByText(zh.sourceMap.notRecognised)).toHaveCount(0)
  await open(page, relay.ui, 'zh', '#/sources')
  await expect(page.getByRole('heading', { name: zh.sourceMap.title })).toBeVisible()
  await shots(page, 'source-mapping-zh', testInfo)
})
