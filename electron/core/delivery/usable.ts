import type { AlertStatus } from '../alerts/model'
import type { Channel } from '../settings/schema'
import { say, type CoreText } from '../text/core-text'

/** Whether a channel can take an alert now, and if not, why (one sentence for the history). */
export type ChannelVerdict =
  | { usable: true; channel: Channel; reason?: undefined }
  | { usable: false; channel?: Channel; reason: CoreText }

/**
 * The one place that decides "is this channel usable": it exists, it is enabled and, for a
 * resolved alert, it sends resolved alerts. The listener (does the name exist), the router
 * (targets and skips) and the engine (may it send) all ask here.
 */
export function channelUsable(
  channels: readonly Channel[],
  name: string,
  status?: AlertStatus,
): ChannelVerdict {
  const channel = channels.find((c) => c.name === name)
  if (!channel) return { usable: false, reason: say('reason.noChannel', { name }) }
  if (!channel.enabled) return { usable: false, channel, reason: say('reason.disabled') }
  if (status === 'resolved' && !channel.sendResolved)
    return { usable: false, channel, reason: say('reason.noResolved') }
  return { usable: true, channel }
}
