import { chromium, type Browser } from '@playwright/test'
import { dirname } from 'node:path'
import config from '../playwright.config'
import { startSimulator } from '../electron/core/simulator/simulator-server'
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

/** CPU time of the page's main thread while it scrolled, ms (Chromium's thread ticks): the load of other processes on the machine does not count in it. */
interface Cpu {
  task: number
  script: number
  styleAndLayout: number
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
    // Thread ticks: durations in CPU time of the main thread, not wall time.
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
    const metrics = async () =>
      Object.fromEntries(
        (await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]),
      )
    const before = await metrics()
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
    const after = await metrics()
    const spent = (k: string) => ((after[k] ?? NaN) - (before[k] ?? NaN)) * 1000
    const cpu: Cpu = {
      task: spent('TaskDuration'),
      script: spent('ScriptDuration'),
      styleAndLayout: spent('LayoutDuration') + spent('RecalcStyleDuration'),
    }
    const perFrame = (ms: number) => ms / r.frames.length
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
        figure(
          'history-scroll: main-thread CPU per frame',
          perFrame(cpu.task),
          'ms',
          undefined,
          `of it script ${Math.round(perFrame(cpu.script) * 10) / 10} ms, style and layout ${Math.round(perFrame(cpu.styleAndLayout) * 10) / 10} ms; CPU time, so other load on the machine does not count`,
        ),
      ],
      notes: [
        `${r.rows.toLocaleString('en')} rows in the table; the last row shown at the end was row ${r.lastRowShown} (header is 1). Rows are fetched 200 at a time (compact rows, not whole entries), ahead of the scroll in its direction.`,
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
