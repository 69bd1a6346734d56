import { chromium, defineConfig } from '@playwright/test'
import { existsSync } from 'node:fs'

/**
 * Chromium: Playwright's own when `npx playwright install chromium` was run, else the system one
 * (Debian's /usr/bin/chromium; machines without internet access cannot download Playwright's).
 * PLAYWRIGHT_CHROMIUM_PATH overrides both.
 */
function chromiumPath(): string | undefined {
  if (process.env.PLAYWRIGHT_CHROMIUM_PATH) return process.env.PLAYWRIGHT_CHROMIUM_PATH
  try {
    if (existsSync(chromium.executablePath())) return undefined
  } catch {
    // no Playwright browser installed
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p))
}

export default defineConfig({
  outputDir: 'test-results/e2e',
  projects: [
    { name: 'browser', testDir: 'test/e2e' },
    // Runs where Electron's binary is installed; elsewhere each test says why it is skipped.
    { name: 'electron', testDir: 'test/electron' },
  ],
  fullyParallel: true,
  // Two on two cores: a third (tried) saturated the machine, each test ran slower and the stage
  // took longer (770 s against 682 s), and the longest test ran out of its minute.
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI
    ? [['list']]
    : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  timeout: 60_000,
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath(),
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
})
