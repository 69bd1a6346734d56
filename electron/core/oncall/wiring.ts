import { resolveTimeZone, timeOfDay } from '../time/time-zone'
import { join } from 'node:path'

import type { Alert } from '../alerts/model'
import type { Held } from '../delivery/hold'
import type { RelayEvents } from '../events'
import type { StorageHealth } from '../storage-health'
import type { Channel } from '../settings/schema'
import { OnCall } from './oncall'
import { say } from '../text/core-text'

/** At most this many `oncall.changed` events per second reach the tray and the window. */
export const CHANGED_EVENTS_PER_SECOND = 4

/**
 * Calls `fn` at once, then at most once per `intervalMs` however often it is asked to: during a
 * storm every ingest request changes the firing set, and each event makes the window re-read it.
 * The last request is always followed by a call, so nothing is left unsaid.
 */
export function coalesce(fn: () => void, intervalMs: number): { (): void; cancel(): void } {
  let last = -Infinity
  let timer: NodeJS.Timeout | undefined
  const run = () => {
    timer = undefined
    last = Date.now()
    fn()
  }
  const call = () => {
    if (timer) return
    const wait = last + intervalMs - Date.now()
    if (wait <= 0) run()
    else {
      timer = setTimeout(run, wait)
      timer.unref()
    }
  }
  call.cancel = () => clearTimeout(timer)
  return call
}

/**
 * The on-call state as the relay wires it: `<dataDir>/oncall.json`, a bus event on changes
 * (coalesced), and the question the delivery engine asks before an alert goes out on a channel.
 */
export function createOnCall(
  dataDir: string,
  events: RelayEvents,
  /** Told when oncall.json cannot be written (and when it can again): `/healthz` says so. */
  storage?: StorageHealth,
  /** The settings' time zone (empty: the machine's), for the time a mute ends. */
  timeZone: () => string | undefined = () => undefined,
): {
  oncall: OnCall
  hold: (alert: Alert, channel: Channel) => Held | undefined
  mayHold: (brief: Pick<Alert, 'fingerprint' | 'status'>, channel: Channel) => boolean
} {
  const changed = coalesce(
    () => events.publish({ type: 'oncall.changed' }),
    1000 / CHANGED_EVENTS_PER_SECOND,
  )
  let failing: string | undefined
  const oncall = new OnCall({
    file: join(dataDir, 'oncall.json'),
    onChange: changed,
    onWriteError: (err) => {
      const code = (err as NodeJS.ErrnoException).code ?? err.message
      // Retried every second while the disk refuses: said once per cause, not every second.
      if (failing !== code) console.error(`oncall: ${err.message}`)
      failing = code
      storage?.failed('oncall', err)
    },
    onWritten: () => {
      failing = undefined
      storage?.succeeded('oncall')
    },
  })
  const until = (m: { expiredAt?: string; endsAt: string }) =>
    timeOfDay(Date.parse(m.expiredAt ?? m.endsAt), resolveTimeZone(timeZone()))
  const hold = (alert: Alert, channel: Channel): Held | undefined => {
    const h = oncall.hold(alert, channel.whenAcknowledged === 'hold')
    if (h.kind === 'muted') {
      const m = oncall.mutes.get(h.muteId)
      return {
        state: 'muted',
        // Said by its comment and end, not its id: the id is the relay's, not the person's.
        reason: !m
          ? say('reason.held')
          : m.comment
            ? say('reason.heldComment', { comment: m.comment, time: until(m) })
            : say('reason.heldUntil', { time: until(m) }),
      }
    }
    if (h.kind === 'acknowledged')
      return {
        state: 'held',
        reason: say('reason.acknowledged', { who: h.by }),
      }
    return undefined
  }
  const mayHold = (brief: Pick<Alert, 'fingerprint' | 'status'>, channel: Channel) =>
    oncall.mayHold(brief.fingerprint, brief.status, channel.whenAcknowledged === 'hold')
  return { oncall, hold, mayHold }
}
