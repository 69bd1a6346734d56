import type { AppInfo } from '../../../electron/core/api/contract'
import type { Settings } from '../../../electron/core/settings/schema'

/** What the window should warn about at start: the simulator, and where the listener really is. */
export interface StartupProblems {
  /** The simulator is enabled in the settings but not running. */
  simulatorDown: boolean
  /** Why it is not running (the core's sentence), when it failed to start. */
  simulatorReason?: string
  /** Channels whose robot URL is the simulator's address while it is not running. */
  seededChannels: Array<{ channel: string; url: string }>
  /** The listener's address when the command line (`--listen`) pinned it over the settings. */
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

/** Derives the problems from appInfo's simulator and listener status and the settings. */
export function startupProblems(info: AppInfo, settings: Settings): StartupProblems {
  const sim = info.simulatorStatus
  // Failed at start, or enabled in the settings since (the simulator starts with the relay only).
  const simulatorDown =
    sim.state === 'failed' || (settings.simulator.enabled && sim.state !== 'running')
  const simAddress = `${settings.simulator.host}:${settings.simulator.port}`
  const seededChannels = simulatorDown
    ? settings.channels
        .filter((c) => hostPort(c.webhookUrl) === simAddress)
        .map((c) => ({ channel: c.name, url: `http://${simAddress}` }))
    : []
  const listenOverride =
    info.listener.pinned && info.listener.state === 'listening' ? info.listener.address : undefined
  return {
    simulatorDown,
    simulatorReason: sim.state === 'failed' ? sim.reason : undefined,
    seededChannels,
    listenOverride,
  }
}
