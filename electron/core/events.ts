import { EventEmitter } from 'node:events'
import type { AlertSource, AlertStatus } from './alerts/model'
import type { DeliveryState } from './history/records'

/** What the tray and the window are told about, as it happens. */
export type RelayEvent =
  | {
      type: 'alert.received'
      ids: string[]
      count: number
      firing: number
      source: AlertSource
      names: string[]
      levels: string[]
      status: AlertStatus[]
    }
  | {
      type: 'delivery'
      alertIds: string[]
      channel: string
      state: DeliveryState
      reason?: string
      attemptId?: string
    }
  | { type: 'backlog'; channel: string; size: number }
  | { type: 'listener'; state: 'listening' | 'stopped' | 'error'; address?: string; error?: string }
  | { type: 'paused'; paused: boolean; until?: string }
  | { type: 'settings.changed' }
  | { type: 'connectivity.stage'; runId: string; stage: unknown }

export class RelayEvents extends EventEmitter<{ event: [RelayEvent] }> {
  publish(event: RelayEvent): void {
    this.emit('event', event)
  }
}
