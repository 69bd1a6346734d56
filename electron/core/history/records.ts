import type { Alert } from '../alerts/model'
import type { Outcome } from '../channels/wecom/errcodes'
import type { StoredText } from '../text/core-text'

/**
 * Every state of one alert on one channel, declared once: the type, the final states, the history
 * filter and the History page's list all derive from it (in this order). `pending` means still in
 * the outbox.
 */
export const DELIVERY_STATES = [
  'delivered',
  'pending',
  'failed',
  'throttled',
  'aggregated',
  'skipped',
  /** Held by a local mute: stored, not sent (the reason names the mute). */
  'muted',
  /** A repeat of an acknowledged alert on a channel that holds such repeats. */
  'held',
] as const
export type DeliveryState = (typeof DELIVERY_STATES)[number]

/** How an alert went out: alone, inside a digest message, or folded into an earlier one. */
export type DeliveryVia = 'alone' | 'digest' | 'aggregated' | 'summary'

export interface AlertRecord {
  t: 'alert'
  alert: Alert
  /** Channels the alert was routed to (its outbox entries). */
  targets: string[]
  /** Channels that were considered and skipped, with why (disabled, sendResolved off…). */
  skipped: Array<{ channel: string; reason: StoredText }>
}

/** One HTTP request to a robot. A digest attempt covers several alerts. */
export interface AttemptRecord {
  t: 'attempt'
  id: string
  at: string
  channel: string
  /** The robot's URL with the key masked. */
  robot: string
  alertIds: string[]
  kind: 'alone' | 'digest' | 'mention' | 'summary'
  msgtype: string
  /** What was sent (the content field). */
  content: string
  bytes: number
  httpStatus?: number
  errcode?: number
  errmsg?: string
  latencyMs: number
  outcome: Outcome
  explanation: StoredText
  fix?: StoredText
  /** Retry number of this message (0 for the first try). */
  retry: number
}

export interface DeliveryRecord {
  t: 'delivery'
  alertId: string
  channel: string
  state: DeliveryState
  at: string
  reason?: StoredText
  via?: DeliveryVia
  /** The attempt that delivered it (digest membership), or the alert it was folded into. */
  attemptId?: string
  aggregatedInto?: string
  /** Repeats folded into this alert when it was sent. */
  repeats?: number
  /**
   * When a person resent it by hand (ISO), on every record of that resend: a resend is a delivery
   * of its own, with its own RELAY_DELIVERY_ID. Absent on the alert's own delivery.
   */
  resentAt?: string
}

export type HistoryRecord = AlertRecord | AttemptRecord | DeliveryRecord

/** The latest delivery record of one alert on one channel, as the history keeps it. */
export type ChannelDelivery = Omit<DeliveryRecord, 't' | 'alertId' | 'channel'>

export interface HistoryEntry {
  alert: Alert
  targets: string[]
  skipped: Array<{ channel: string; reason: StoredText }>
  deliveries: Record<string, ChannelDelivery>
  attempts: AttemptRecord[]
}
