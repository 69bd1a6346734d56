import { mkdirSync } from 'node:fs'
import { WeComSender } from './channels/wecom'
import { settingsPath } from './paths'
import { openSettings, type SettingsBackend, type SettingsStore } from './settings/store'
import { startSimulator, type Simulator } from './simulator/server'

export interface RelayOptions {
  dataDir: string
  /** A settings file to use instead of `<dataDir>/config.json`. */
  configPath?: string
  /** `conf` headless, `electron-store` in the app: both write the same file. */
  createSettingsBackend: (path: string) => SettingsBackend
  /** Start the built-in simulator when the settings enable it (default true). */
  withSimulator?: boolean
  log?: (line: string) => void
}

export interface Relay {
  settings: SettingsStore
  sender: WeComSender
  simulator?: Simulator
  /** Warnings for the person starting the relay (corrupt settings set aside, migrations). */
  warnings: string[]
  close(): Promise<void>
}

/** The composition root shared by the Electron app and `wecom-alert-relay serve`. */
export async function createRelay(options: RelayOptions): Promise<Relay> {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 })
  const { store: settings, warnings } = openSettings(
    options.configPath ?? settingsPath(options.dataDir),
    options.createSettingsBackend,
  )
  const sender = new WeComSender()
  let simulator: Simulator | undefined
  const sim = settings.get().simulator
  if (options.withSimulator !== false && sim.enabled) {
    try {
      simulator = await startSimulator({ host: sim.host, port: sim.port, keys: sim.keys })
    } catch (err) {
      warnings.push(
        `The built-in WeCom simulator could not start on ${sim.host}:${sim.port} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): free the port or change simulator.port in the settings.`,
      )
    }
  }
  return {
    settings,
    sender,
    simulator,
    warnings,
    async close() {
      await Promise.allSettled([sender.close(), simulator?.close()])
    },
  }
}
