/// <reference lib="dom" />
import { _electron as electron, expect, test } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RelayBridge } from '../../electron/ipc-channels'
import { electronBinary } from '../../scripts/electron-binary.mjs'

const binary = electronBinary()
const WHY =
  "Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD): after a normal `npm install`, `npx playwright test --project electron` runs it."
if (!binary) console.log(`electron smoke test skipped: ${WHY}`)

test.skip(
  !binary,
  "Electron's binary is not installed here (ELECTRON_SKIP_BINARY_DOWNLOAD): run `npx electron --version` after a normal `npm install` to enable this test.",
)

test('the tray app starts, shows its window, and shows an alert sent to it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relay-electron-'))
  const app = await electron.launch({
    executablePath: binary,
    args: ['.', `--data-dir=${dataDir}`],
    env: { ...process.env, RELAY_DATA_DIR: dataDir },
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('navigation')).toBeVisible()
    const tray = await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().length)
    expect(tray).toBe(1)
    const port = await window.evaluate(
      async () =>
        (await (window as unknown as { relay: RelayBridge }).relay.appInfo()).listener.address,
    )
    await fetch(`${port}/alerts`, { method: 'POST', body: 'Smoke test alert' })
    await window.getByRole('link', { name: /History|历史/ }).click()
    await expect(window.getByText('Smoke test alert')).toBeVisible()
  } finally {
    await app.close()
  }
})
