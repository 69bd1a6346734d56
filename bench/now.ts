/// <reference lib="dom" />
import { chromium, type Browser, type Page } from '@playwright/test'
import { existsSync } from 'node:fs'
import { startSimulator } from '../electron/core/simulator/simulator-server'
import { oneChannel } from '../test/helpers/cli'
import { alertmanagerGroup, figure, startServe, type ScenarioResult } from './lib'

const RUNS = 12
const TARGET_MS = 200
const NAMES = 200
const PER_NAME = 25

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!

// Plain JavaScript, not a function: the TypeScript loader would add helpers the page lacks.
const SWITCH_TO_NOW = `new Promise((resolve) => {
  const start = performance.now()
  const observer = new MutationObserver(() => {
    const ready = document.querySelector(
      'main [data-testid="now-group"] button[aria-expanded], main [data-testid="first-run"]',
    )
    if (!ready) return
    observer.disconnect()
    // Usable: the drawing and whatever was queued with it are done.
    setTimeout(() => resolve(performance.now() - start), 0)
  })
  observer.observe(document, { childList: true, subtree: true })
  document.querySelector('nav a[href="#/now"]').click()
})`

/**
 * From the click on "Now" in the navigation to the page usable: its list (a group's toggle, or
 * the empty state) drawn with its data, and the main thread free again (a task queued behind the
 * drawing has run), so the next click is answered at once.
 */
async function switchToNow(page: Page): Promise<number> {
  await page.getByRole('link', { name: 'Settings', exact: true }).click()
  await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor()
  return page.evaluate<number>(SWITCH_TO_NOW)
}

async function measure(browser: Browser, ui: string, runs: number): Promise<number[]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  await context.request.get(ui, { maxRedirects: 0 }) // trades the token for the cookie
  const page = await context.newPage()
  await page.goto(ui)
  await page.getByRole('heading', { name: 'Now', level: 1 }).waitFor()
  const times: number[] = []
  // The first switch warms the page's code up; it is not counted.
  for (let i = 0; i < runs + 1; i++) {
    const ms = await switchToNow(page)
    if (i > 0) times.push(ms)
  }
  await context.close()
  return times.sort((a, b) => a - b)
}

/** The Now page in Chromium with 5,000 firing alerts in 200 names, against the same page empty. */
export async function now(runs = RUNS): Promise<ScenarioResult> {
  const sim = await startSimulator({ port: 0, keys: ['k'] })
  const settings = oneChannel(sim.webhookUrl('k'))
  const storm = await startServe(settings)
  const empty = await startServe(settings)
  const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(existsSync)
  let browser: Browser | undefined
  try {
    for (let seq = 0; seq < NAMES; seq++) {
      const res = await fetch(storm.alerts, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: alertmanagerGroup(PER_NAME, seq),
      })
      if (res.status !== 202) throw new Error(`the listener answered ${res.status}`)
    }
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    })
    const base = await measure(browser, empty.ui, runs)
    const full = await measure(browser, storm.ui, runs)
    const p50 = quantile(full, 0.5)
    const p95 = quantile(full, 0.95)
    const ok = (ms: number) => (ms <= TARGET_MS ? 'within' : 'over')
    return {
      scenario: 'now',
      description: `the Now page in Chromium with ${NAMES * PER_NAME} firing alerts in ${NAMES} names (${runs} runs)`,
      figures: [
        figure(
          'Now usable after the click, p50',
          p50,
          'ms',
          { name: 'nothing firing', value: quantile(base, 0.5) },
          `target ${TARGET_MS} ms: ${ok(p50)}`,
        ),
        figure(
          'Now usable after the click, p95',
          p95,
          'ms',
          { name: 'nothing firing', value: quantile(base, 0.95) },
          `target ${TARGET_MS} ms: ${ok(p95)}`,
        ),
      ],
      notes: [
        "Usable: from the click on Now in the navigation (from Settings) to the first group toggle (or the empty state) drawn with the API's answer, and a task queued behind the drawing run.",
        `Alerts: ${NAMES} Alertmanager webhook posts of ${PER_NAME} alerts each (bench/lib.ts alertmanagerGroup). The first switch warms up and is not counted.`,
      ],
    }
  } finally {
    await browser?.close()
    await Promise.allSettled([storm.stop(), empty.stop()])
    await sim.close()
  }
}
