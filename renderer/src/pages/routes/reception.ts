import type { Settings } from '../../../../electron/core/settings/schema'

// Kept apart from routes-model (which carries the router and its regex engine): the channel
// list, the first page, needs only this.

/** Why a channel receives alerts: it is a default channel, named by rules (1-based), or neither. */
export interface Reception {
  isDefault: boolean
  rules: number[]
}

export function receptionOf(
  channel: string,
  settings: Pick<Settings, 'routes' | 'defaultChannels'>,
): Reception {
  return {
    isDefault: settings.defaultChannels.includes(channel),
    rules: settings.routes.flatMap((r, i) => (r.channels.includes(channel) ? [i + 1] : [])),
  }
}

/** The default channels with `channel` added or removed, order kept. */
export function toggleDefault(defaults: readonly string[], channel: string, on: boolean): string[] {
  const rest = defaults.filter((c) => c !== channel)
  return on ? [...rest, channel] : rest
}

/** What deleting a channel does to routing: rules that go with it, rules that only lose it. */
export interface DeletionEffects {
  /** Rules (1-based) that send only to this channel: they are deleted with it. */
  removed: number[]
  /** Rules (1-based) that also send elsewhere: they stop sending to it. */
  trimmed: number[]
  /** It was the only default channel: alerts no rule matches will then go nowhere. */
  lastDefault: boolean
}

export function deletionEffects(
  channel: string,
  settings: Pick<Settings, 'routes' | 'defaultChannels'>,
): DeletionEffects {
  const removed: number[] = []
  const trimmed: number[] = []
  settings.routes.forEach((r, i) => {
    if (!r.channels.includes(channel)) return
    if (r.channels.every((c) => c === channel)) removed.push(i + 1)
    else trimmed.push(i + 1)
  })
  const lastDefault =
    settings.defaultChannels.includes(channel) &&
    settings.defaultChannels.every((c) => c === channel)
  return { removed, trimmed, lastDefault }
}
