import type { ChannelDelivery, DeliveryRecord } from './records'

/** A delivery record as the entry keeps it (per channel). */
export function deliveryOf(r: DeliveryRecord): ChannelDelivery {
  return {
    state: r.state,
    at: r.at,
    reason: r.reason,
    via: r.via,
    attemptId: r.attemptId,
    aggregatedInto: r.aggregatedInto,
    repeats: r.repeats,
    resentAt: r.resentAt,
  }
}
