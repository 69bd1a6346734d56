import { EventEmitter } from 'node:events'
import type { CoreText } from './text/core-text'

/**
 * What the tray and the window are told about, as it happens. The bus sits below every feature, so
 * it names their values as plain strings (an alert source, a delivery state) rather than importing
 * the feature modules that publish them: nothing here points back up.
 */
export type RelayEvent =
  | {
      type: 'alert.received'
      ids: string[]
      count: number
      firing: number
      /** The alert source (`alertmanager`, `grafana`, …). */
      source: string
      names: string[]
      levels: string[]
      status: Array<'firing' | 'resolved'>
    }
  | {
      type: 'delivery'
      alertIds: string[]
      channel: string
      /** A delivery state (`pending`, `delivered`, `failed`, …). */
      state: string
      reason?: CoreText
      attemptId?: string
    }
  | { type: 'backlog'; channel: string; size: number }
  | {
      type: 'listener'
      state: 'listening' | 'stopped' | 'error'
      address?: string
      error?: CoreText
    }
  | { type: 'paused'; paused: boolean; until?: string }
  | { type: 'settings.changed' }
  /** The firing set, an acknowledgement, a mute or an upstream silence changed. */
  | { type: 'oncall.changed' }
  | { type: 'connectivity.stage'; runId: string; stage: unknown }
  /** A topic (AWS SNS, Huawei SMN) asks to be confirmed: the window shows its link. */
  | { type: 'subscription.requested'; service: string; topic?: string; confirmUrl: string }

export class RelayEvents extends EventEmitter<{ event: [RelayEvent] }> {
  publish(event: RelayEvent): void {
    this.emit('event', event)
  }
}
