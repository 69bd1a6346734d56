import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { vi } from 'vitest'
import type { SettingsInput } from '../../../electron/core/settings/schema'
import type { RelayBridge } from '../../../electron/ipc-channels'
import type { ElectronDouble } from './electron-double'

/** The robot key the shell tests' channel uses on their simulator. */
export const KEY = 'shell-robot-key-0001'

/** A settings file as a person would have it: one channel to the test's simulator, port 0. */
export function writeSettings(
  dataDir: string,
  webhookUrl: string,
  over: Partial<SettingsInput> = {},
): void {
  const settings: SettingsInput = {
    listener: { host: '127.0.0.1', port: 0 },
    simulator: { enabled: false },
    channels: [{ name: 'oncall', webhookUrl }],
    defaultChannels: ['oncall'],
    ...over,
  }
  writeFileSync(join(dataDir, 'config.json'), JSON.stringify(settings))
}

/**
 * Starts the real electron/main.ts in this process against `double` (RELAY_DATA_DIR must point at
 * the test's folder). Resolves with main's answer: true once the window and tray are up.
 */
export async function startShell(double: ElectronDouble): Promise<boolean> {
  vi.resetModules()
  vi.doMock('electron', () => double.module)
  const main = await import('../../../electron/main')
  return main.started
}

/**
 * Runs the real electron/preload.ts in a renderer of `double`'s window (by default its first,
 * at the page it loaded, or at `frameUrl`) and returns what it exposed as `window.relay`.
 */
export async function openPage(
  double: ElectronDouble,
  opts: { window?: number; frameUrl?: string } = {},
): Promise<RelayBridge> {
  const win = double.windows[opts.window ?? 0]
  if (!win) throw new Error('The shell opened no window.')
  const world = double.renderer(win.webContents, opts.frameUrl)
  vi.resetModules()
  vi.doMock('electron', () => world.module)
  await import('../../../electron/preload')
  return world.exposed.relay as RelayBridge
}

const hooksBefore = new Set(process.listeners('unhandledRejection'))

/**
 * After each test: quits the shell if it still runs, closes the robot, and removes the process
 * hooks each started main added (one process runs many shells here) and the stubbed env.
 */
export async function endShell(double: ElectronDouble, robot: { close(): Promise<void> }) {
  if (double.app.exitCode === undefined) await quitShell(double)
  await robot.close()
  for (const l of process.listeners('unhandledRejection'))
    if (!hooksBefore.has(l)) process.off('unhandledRejection', l)
  vi.unstubAllEnvs()
  vi.unstubAllGlobals()
}

/** Quits through Electron's path (before-quit …) and waits for the app to exit. */
export async function quitShell(double: ElectronDouble): Promise<number> {
  double.app.quit()
  return double.app.exited
}
