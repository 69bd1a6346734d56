import type { Channel } from '../settings/schema'
import type { SettingsStore } from '../settings/settings-store'
import { resolveTimeZone } from '../time/time-zone'
import { createChannel, type ChannelRuntime } from './channel'
import type { DeliveryState } from './delivery-state-file'
import { poolEndpoints, poolWindows, sharesRobotByUrl } from './per-type'
import { RobotRegistry, type Robot } from './robots'

/**
 * The delivery engine's channel runtimes by name, kept in step with the settings: a runtime for
 * each channel, robot pools refreshed with their budgets kept, one budget per robot whichever
 * channels post to it (#23), and the aggregation windows' pruning. A Map, so the engine reads it
 * as one; what the settings change goes through `sync`.
 */
export class ChannelRuntimes extends Map<string, ChannelRuntime> {
  readonly #robots = new RobotRegistry()
  #pruneTimer?: NodeJS.Timeout
  #stopped = false

  constructor(
    private readonly o: {
      settings: SettingsStore
      now: () => number
      windowMs: number
      /** The robots' budgets as last saved (restored into pools that gain a robot). */
      budgets: () => DeliveryState['robots']
      /** A channel deleted from the settings, its runtime already out of this map. */
      deleted: (ch: ChannelRuntime) => void
    },
  ) {
    super()
  }

  /** The channel's settings, while it exists. */
  config(name: string): Channel | undefined {
    return this.o.settings.get().channels.find((c) => c.name === name)
  }

  /**
   * Drops the runtimes of deleted channels, creates runtimes for new ones and refreshes robot
   * pools, keeping queues and budgets. A robot several channels post to keeps the smallest limit
   * any of them gives it.
   */
  sync(): void {
    const channels = this.o.settings.get().channels
    const kept = new Set(channels.map((c) => c.name))
    for (const ch of this.values()) {
      if (kept.has(ch.name)) continue
      this.delete(ch.name)
      this.o.deleted(ch)
    }
    const limits = new Map<Robot, number>()
    for (const c of channels) {
      let ch = this.get(c.name)
      if (!ch) {
        ch = createChannel(
          c.name,
          this.o.now(),
          () => this.config(c.name)?.aggregate.windowSeconds,
          this.#robots,
          () => resolveTimeZone(this.o.settings.get().app.timeZone),
        )
        this.set(c.name, ch)
      }
      const { perMinute, shorter } = poolWindows(c, this.o.windowMs)
      ch.pool.sync(
        poolEndpoints(c),
        perMinute,
        this.o.windowMs,
        this.o.budgets(),
        shorter,
        sharesRobotByUrl(c) ? undefined : c.name,
      )
      for (const r of ch.pool.robots) limits.set(r, Math.min(limits.get(r) ?? perMinute, perMinute))
    }
    for (const [r, limit] of limits) r.limiter.limit = limit
    this.#robots.retain([...this.values()].map((ch) => ch.pool))
  }

  /**
   * Closed aggregation windows are forgotten once a minute, but only while there are any: an idle
   * relay has no timer that polls.
   */
  armPrune(): void {
    if (this.#pruneTimer || this.#stopped) return
    let windows = 0
    for (const ch of this.values()) windows += ch.aggregator.size
    if (!windows) return
    this.#pruneTimer = setTimeout(() => {
      this.#pruneTimer = undefined
      for (const ch of this.values()) ch.aggregator.prune(this.o.now())
      this.armPrune()
    }, 60_000).unref()
  }

  stopPruning(): void {
    this.#stopped = true
    clearTimeout(this.#pruneTimer)
  }
}
