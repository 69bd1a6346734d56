import type { AppInfo } from '../../../electron/core/api/contract'
import type { Settings } from '../../../electron/core/settings/schema'

/** What the window should warn about at start: the simulator, and where the listener really is. */
export interface StartupProblems {
  /** The simulator is enabled in the settings but not running. */
  simulatorDown: boolean
  /** Channels whose robot URL is the simulator's address while it is not running. */
  seededChannels: Array<{ channel: string; url: string }>
  /** The listener runs somewhere other than the settings say (`--listen`). */
  listenOverride?: string
}

const hostPort = (raw: string) => {
  try {
    const u = new URL(raw)
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`
  } catch {
    return undefined
  }
}

/** Derives the problems from what appInfo and the settings report (the API says no more). */
export function startupProblems(info: AppInfo, settings: Settings): StartupProblems {
  const simulatorDown = settings.simulator.enabled && !info.simulator
  const simAddress = `${settings.simulator.host}:${settings.simulator.port}`
  const seededChannels = simulatorDown
    ? settings.channels
        .filter((c) => hostPort(c.webhookUrl) === simAddress)
        .map((c) => ({ channel: c.name, url: `http://${simAddress}` }))
    : []
  const configured = `${settings.listener.host}:${settings.listener.port}`
  const actual = info.listener.address ? hostPort(info.listener.address) : undefined
  const listenOverride =
    info.listener.state === 'listening' && actual && actual !== configured
      ? info.listener.address
      : undefined
  return { simulatorDown, seededChannels, listenOverride }
}
