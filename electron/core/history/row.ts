import type { AlertStatus } from '../alerts/model'
import type { DeliveryState, HistoryEntry } from './records'

/**
 * One line of the History list: what its row shows and nothing more. A whole entry carries the
 * alert's payload, labels and attempts (about 2 KB); a scroll through a year of history fetches
 * thousands of rows a second, so the list sends these (about 200 bytes) and the detail the rest.
 */
export interface HistoryRow {
  id: string
  receivedAt: string
  status: AlertStatus
  name: string
  level: string
  target: string
  /** Each channel's state, sorted by channel; a target not yet recorded is pending. */
  states: Array<{ channel: string; state: DeliveryState }>
}

/** One badge per channel the alert went to, in a stable order; a target not yet recorded is pending. */
export function channelStates(e: HistoryEntry): HistoryRow['states'] {
  const badges = Object.entries(e.deliveries).map(([channel, d]) => ({ channel, state: d.state }))
  for (const channel of e.targets)
    if (!e.deliveries[channel]) badges.push({ channel, state: 'pending' })
  return badges.sort((a, b) => a.channel.localeCompare(b.channel))
}

/** The list's row of an entry. */
export function historyRow(e: HistoryEntry): HistoryRow {
  const { id, receivedAt, status, vars } = e.alert
  return {
    id,
    receivedAt,
    status,
    name: vars.alarm_name ?? '',
    level: vars.alarm_level ?? '',
    target: vars.alarm_target ?? '',
    states: channelStates(e),
  }
}
