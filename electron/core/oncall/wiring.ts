import { join } from 'node:path'

import type { Alert } from '../alerts/model'
import type { Held } from '../delivery/hold'
import type { RelayEvents } from '../events'
import type { Channel } from '../settings/schema'
import { OnCall } from './oncall'

const hhmm = (iso: string) => new Date(iso).toISOString().slice(11, 16)

/**
 * The on-call state as the relay wires it: `<dataDir>/oncall.json`, a bus event on every change,
 * and the question the delivery engine asks before an alert goes out on a channel.
 */
export function createOnCall(
  dataDir: string,
  events: RelayEvents,
): { oncall: OnCall; hold: (alert: Alert, channel: Channel) => Held | undefined } {
  const oncall = new OnCall({
    file: join(dataDir, 'oncall.json'),
    onChange: () => events.publish({ type: 'oncall.changed' }),
  })
  const hold = (alert: Alert, channel: Channel): Held | undefined => {
    const h = oncall.hold(alert, channel.whenAcknowledged === 'hold')
    if (h.kind === 'muted') {
      const m = oncall.mutes.get(h.muteId)
      return {
        state: 'muted',
        reason: `Muted by mute ${h.muteId}${m?.comment ? ` ("${m.comment}")` : ''}${m ? ` until ${hhmm(m.expiredAt ?? m.endsAt)} UTC` : ''}: stored, not sent.`,
      }
    }
    if (h.kind === 'acknowledged')
      return {
        state: 'held',
        reason: `Acknowledged by ${h.by}: repeats are held until it resolves or the acknowledgement ends.`,
      }
    return undefined
  }
  return { oncall, hold }
}
