import type { AppInfo } from '../../../electron/core/api/contract'
import type { DeliveryStatus } from '../../../electron/core/delivery/status'
import type { Settings } from '../../../electron/core/settings/schema'
import type { CoreText } from '../../../electron/core/text/core-text'

/** What the window should warn about at start: the simulator, and where the listener really is. */
export interface StartupProblems {
  /** The simulator is enabled in the settings but not running. */
  simulatorDown: boolean
  /** Why it is not running (the core's sentence), when it failed to start. */
  simulatorReason?: CoreText
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

/** What the strip says about delivery, most urgent first. */
export type DeliveryLine =
  | { kind: 'failing' }
  | { kind: 'problem' }
  | { kind: 'waiting'; count: number; retrying: number; next?: string }
  | { kind: 'allGood' }

/**
 * Reads the engine's status: "All delivered" only when nothing is queued or in flight (the
 * backlog counts both); otherwise how many wait, and the earliest time a robot may send again.
 */
export function deliveryLine(status: DeliveryStatus, problem: boolean): DeliveryLine {
  if (status.channels.some((c) => c.lastOutcome === 'failed')) return { kind: 'failing' }
  if (problem || status.storage) return { kind: 'problem' }
  if (status.backlog > 0) {
    // A robot with neither a pause nor a next slot can send now: no time to wait for.
    const slots = status.channels
      .filter((c) => c.backlog > 0)
      .flatMap((c) => c.robots.filter((r) => !r.broken).map((r) => r.pausedUntil ?? r.nextFreeSlot))
      .sort()
    const next = slots.includes(null) ? undefined : slots[0]
    return {
      kind: 'waiting',
      count: status.backlog,
      retrying: status.channels.reduce((n, c) => n + c.retrying, 0),
      ...(next ? { next } : {}),
    }
  }
  return { kind: 'allGood' }
}
