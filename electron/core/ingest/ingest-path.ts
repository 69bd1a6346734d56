import type { Ingest, OnStored } from './listener'
import { finishAlert, type AlertDraft } from '../alerts/model'
import type { DeliveryEngine } from '../delivery/engine'
import { routeAlert } from '../delivery/router'
import type { RelayEvents } from '../events'
import type { HistoryStore } from '../history/history-store'
import type { AlertRecord, HistoryEntry } from '../history/records'
import type { OnCall } from '../oncall/oncall'
import type { SettingsStore } from '../settings/settings-store'

interface Stored {
  records: Array<Omit<AlertRecord, 't'>>
  entries: HistoryEntry[]
  done: (err?: Error) => void
}

export interface IngestPath {
  ingest: Ingest
  /** Settles what is stored but not yet folded in: on stop, before delivery stops. */
  flush(): void
}

/**
 * The ingest path. Only the durable append stands between a request and its 202; folding the
 * alerts into the on-call view and the delivery queues happens after the answer, once for every
 * request whose lines one group commit made durable. With a handful of senders that is what lets
 * the next requests' parsing overlap the next fdatasync instead of queueing behind the last
 * batch's bookkeeping, and it pumps each channel once per batch rather than once per request.
 * The fold runs before the event loop polls again, so a sender that reads the relay after its 202
 * sees its alerts (nothing in between can be served).
 */
export function createIngest(o: {
  settings: SettingsStore
  history: HistoryStore
  oncall: OnCall
  events: RelayEvents
  delivery: DeliveryEngine
}): IngestPath {
  let stored: Stored[] = []
  let scheduled = false

  function flush(): void {
    scheduled = false
    const batch = stored
    stored = []
    if (!batch.length) return
    const records = batch.flatMap((b) => b.records)
    try {
      o.oncall.observe(records)
    } catch (err) {
      // The alerts are stored and will be delivered; only the on-call view misses them.
      console.error(
        `on-call: ${records.length} alerts were not folded in (${(err as Error).message}).`,
      )
    }
    // Each step on its own: the alerts are answered for, so a listener that throws on an event
    // must not keep them off the queues (they would wait for a restart).
    for (const b of batch) {
      try {
        publishReceived(o.events, b.records)
      } catch (err) {
        console.error(`events: an alert.received listener failed (${(err as Error).message}).`)
      }
    }
    let failed: Error | undefined
    try {
      o.delivery.enqueue(batch.flatMap((b) => b.entries))
    } catch (err) {
      failed = err as Error
    }
    for (const b of batch) b.done(failed)
  }

  async function ingest(
    drafts: AlertDraft[],
    channels: string[] = [],
    onStored?: OnStored,
  ): Promise<string[]> {
    const current = o.settings.get()
    const now = new Date()
    const records = drafts.map((d) => {
      const alert = finishAlert(d, now)
      return { alert, ...routeAlert(alert, current, channels) }
    })
    const entries = await o.history.addAlerts(records)
    const ids = records.map((r) => r.alert.id)
    // Queued for the fold before the answer, so that nothing the answer does can keep them out.
    const folded = records.length
      ? new Promise<void>((resolve, reject) => {
          stored.push({ records, entries, done: (err) => (err ? reject(err) : resolve()) })
          if (!scheduled) {
            scheduled = true
            // After every request of this group commit has queued its alerts (they all resume
            // in the same microtask drain), before the event loop polls again.
            process.nextTick(flush)
          }
        })
      : Promise.resolve()
    try {
      onStored?.(ids)
    } catch (err) {
      console.error(`listener: answering a stored request failed (${(err as Error).message}).`)
    }
    await folded
    return ids
  }

  return { ingest, flush }
}

function publishReceived(events: RelayEvents, records: Array<Omit<AlertRecord, 't'>>): void {
  events.publish({
    type: 'alert.received',
    ids: records.map((r) => r.alert.id),
    count: records.length,
    firing: records.filter((r) => r.alert.status === 'firing').length,
    source: records[0]!.alert.source,
    names: records.slice(0, 5).map((r) => r.alert.vars.alarm_name ?? ''),
    levels: records.map((r) => r.alert.vars.alarm_level ?? ''),
    status: records.map((r) => r.alert.status),
  })
}
