import { chromium, type Browser } from '@playwright/test'
import { dirname } from 'node:path'
import config from '../playwright.config'
import { startSimulator } from '../electron/core/simulator/server'
import { oneChannel } from '../test/helpers/cli'
import { buildHistory, removeHistory } from './history'
import { figure, startServe, type ScenarioResult } from './lib'

interface Scroll {
  /** Time between successive animation frames, ms. */
  frames: number[]
  /** Frames in which some row on screen was still being fetched. */
  loadingFrames: number
  rows: number
  lastRowShown: string
}

/**
 * History scrolling in Chromium: the window's History page over `n` stored alerts, its table
 * scrolled from the first row to the last in `seconds`, one step per animation frame, as a
 * dragged scroll bar would. Frame times are the gaps between animation frames in the page.
 */
export async function historyScroll(n = 50_000, seconds = 15): Promise<ScenarioResult> {
  const description = `History page in Chromium (headless), ${n.toLocaleString('en')} alerts scrolled top to bottom in ${seconds} s`
  let browser: Browser
  try {
    browser = await chromium.launch(config.use?.launchOptions)
  } catch (err) {
    const why = (err as Error).message.split('\n')[0]
    return {
      scenario: 'history-scroll',
      description,
      figures: [],
      notes: [
        `Skipped: Chromium did not start (${why}); install it or set PLAYWRIGHT_CHROMIUM_PATH.`,
      ],
    }
  }
  const historyDir = await buildHistory(n)
  const sim = await startSimulator({ port: 0, keys: ['k'], rateLimit: 1_000_000 })
  const relay = await startServe(
    { ...oneChannel(sim.webhookUrl('k')), history: { maxAlerts: n * 2 } },
    {},
    dirname(historyDir),
  )
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(`${relay.ui}#/history`)
    await page.locator('.vbody .vrow:not(.loading)').first().waitFor()
    // A string, not a function: the TypeScript loader names inner functions with a helper the
    // page does not have.
    const r = (await page.evaluate(`(async (ms) => {
      const el = document.querySelector('.vbody')
      const max = el.scrollHeight - el.clientHeight
      const frames = []
      let loadingFrames = 0
      await new Promise((done) => {
        let start = 0
        let last = 0
        const step = (now) => {
          if (!start) start = last = now
          else frames.push(now - last)
          last = now
          const p = Math.min(1, (now - start) / ms)
          el.scrollTop = p * max
          if (el.querySelector('.vrow.loading')) loadingFrames++
          if (p < 1) requestAnimationFrame(step)
          else done()
        }
        requestAnimationFrame(step)
      })
      // Let the last page arrive, then name the last row: the scroll reached the end of the list.
      const rows = Number(document.querySelector('[role=table]').getAttribute('aria-rowcount')) - 1
      for (let i = 0; i < 100 && el.querySelector('.vrow.loading'); i++)
        await new Promise((w) => setTimeout(w, 50))
      const all = el.querySelectorAll('.vrow')
      const lastRowShown = all.length ? all[all.length - 1].getAttribute('aria-rowindex') : 'none'
      return { frames, loadingFrames, rows, lastRowShown }
    })(${seconds * 1000})`)) as Scroll
    const sorted = [...r.frames].sort((a, b) => a - b)
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!
    const total = r.frames.reduce((a, b) => a + b, 0)
    const long = r.frames.filter((f) => f > 25).length
    return {
      scenario: 'history-scroll',
      description,
      figures: [
        figure(
          'history-scroll: frames per second',
          (r.frames.length / total) * 1000,
          'fps',
          undefined,
          'target: 60 fps',
        ),
        figure('history-scroll: median frame time', at(0.5), 'ms'),
        figure('history-scroll: p95 frame time', at(0.95), 'ms'),
        figure('history-scroll: longest frame', sorted.at(-1) ?? NaN, 'ms'),
        figure('history-scroll: frames over 25 ms', (long / r.frames.length) * 100, '%'),
        figure(
          'history-scroll: frames with rows still loading',
          (r.loadingFrames / r.frames.length) * 100,
          '%',
        ),
      ],
      notes: [
        `${r.rows.toLocaleString('en')} rows in the table; the last row shown at the end was row ${r.lastRowShown} (header is 1). Rows are fetched 200 at a time as the table reaches them.`,
        'Frame times are the gaps between requestAnimationFrame callbacks while the page scrolls itself one step a frame (Chromium headless, --disable-gpu).',
      ],
    }
  } finally {
    await browser.close()
    await relay.stop()
    await sim.close()
    removeHistory(historyDir)
  }
}
