/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright'
import type { Page, TestInfo } from '@playwright/test'
import { expect } from './fixtures'
import { en } from '../../renderer/src/i18n/en'
import { zh } from '../../renderer/src/i18n/zh'

export const LANGUAGES = { en, zh } as const
export type Lang = keyof typeof LANGUAGES

/** Fills `{{name}}` placeholders the way i18next does. */
export function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(values[k] ?? ''))
}

/**
 * A counted sentence the way i18next picks it: `key_one`/`key_other` by the language's plural
 * rules (Chinese has only `_other`), with its placeholders filled.
 */
export function plural(
  table: Record<string, unknown>,
  key: string,
  lang: Lang,
  count: number,
  values: Record<string, string | number> = {},
): string {
  const form = new Intl.PluralRules(lang).select(count)
  const text = table[`${key}_${form}`] ?? table[`${key}_other`]
  if (typeof text !== 'string') throw new Error(`no plural ${key}_${form} in ${lang}`)
  return fill(text, { count, ...values })
}

/**
 * Opens the window in `lang`, kept in the settings as a person would choose it: the setting is
 * saved first (with the ui: address's token), so the window loads once, already in `lang`.
 */
export async function open(page: Page, ui: string, lang: Lang, hash = ''): Promise<void> {
  const url = new URL(ui)
  const res = await fetch(new URL('/api/updateSettings', url), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${url.searchParams.get('token')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ patch: { app: { language: lang } } }),
  })
  if (!res.ok) throw new Error(`updateSettings answered ${res.status}: ${await res.text()}`)
  // The token is traded for a cookie by a redirect to `/`; the hash goes along.
  await page.goto(`${ui}${hash}`)
  await expect(page.locator('html')).toHaveAttribute('lang', lang === 'zh' ? 'zh-CN' : 'en')
}

/**
 * The screenshots below are for a person reviewing the layout in the HTML report of a local run;
 * nothing compares them. CI keeps no report, so there they are taken only when asked (`SHOTS=1`):
 * two widths of a view took 0.6-3 s, 14% of the test time of the spec files that take most. A
 * failing test still gets its screenshot (`screenshot: 'only-on-failure'`).
 */
const TAKE_SHOTS = !process.env.CI || process.env.SHOTS === '1'

/** One full-page screenshot at the current size, attached to the test's report. */
export async function shot(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  if (!TAKE_SHOTS) return
  const path = testInfo.outputPath(`${name}.png`)
  await page.screenshot({ path, fullPage: true })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

/** Full-page screenshots at 1280 and 900 px, attached to the test's report. */
export async function shots(page: Page, name: string, testInfo: TestInfo): Promise<void> {
  if (!TAKE_SHOTS) return
  const size = page.viewportSize() ?? { width: 1280, height: 800 }
  for (const width of [1280, 900]) {
    await page.setViewportSize({ width, height: 800 })
    const path = testInfo.outputPath(`${name}-${width}.png`)
    await page.screenshot({ path, fullPage: true })
    await testInfo.attach(`${name}-${width}`, { path, contentType: 'image/png' })
  }
  await page.setViewportSize(size)
}

/**
 * axe-core, every rule, on the page as it is now. Legacy mode runs `axe.run` in the page itself;
 * the default runs each frame apart and merges the parts in a blank page it opens for that, which
 * took twice as long. The window has no frames, so both find the same. Only the violations are
 * read: the passes and the rules that do not apply are summed up, not listed node by node.
 */
export function axe(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] })
}

/** No serious or critical axe-core violation on the page as it is now. */
export async function expectAccessible(page: Page, testInfo: TestInfo): Promise<void> {
  const result = await axe(page).analyze()
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  if (bad.length)
    await testInfo.attach('axe', {
      body: JSON.stringify(bad, null, 2),
      contentType: 'application/json',
    })
  expect(
    bad.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([])
}

/** Elements whose content spills out of them horizontally (what overflow looks like to a person). */
export async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.$$eval(selector, (els) =>
    els
      .filter((el) => el.scrollWidth > el.clientWidth + 1)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`,
      ),
  )
}
