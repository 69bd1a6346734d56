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
