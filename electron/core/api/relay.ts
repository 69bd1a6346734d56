import type { CoreText } from '../text/core-text'
import type { SimulatorStatus } from './contract'
import type { SubscriptionLog } from '../alerts/subscription-log'
import type { WeComSender } from '../channels/wecom/sender'
import type { DeliveryEngine } from '../delivery/engine'
import type { RelayEvents } from '../events'
import type { HistoryStore } from '../history/history-store'
import type { Ingest, Listener } from '../ingest/listener'
import type { OnCall } from '../oncall/oncall'
import type { SilenceClient } from '../oncall/silences'
import type { SettingsStore } from '../settings/settings-store'
import type { Simulator } from '../simulator/simulator-server'
import type { StorageHealth } from '../storage-health'

/**
 * The running relay's parts, as the API service uses them. `createRelay` (core/app.ts) builds
 * one; it is declared here so the API layer does not import the composition root above it.
 */
export interface Relay {
  settings: SettingsStore
  history: HistoryStore
  delivery: DeliveryEngine
  listener: Listener
  events: RelayEvents
  sender: WeComSender
  /** What is firing now, acknowledgements, mutes, silences made upstream. */
  oncall: OnCall
  silences: SilenceClient
  simulator?: Simulator
  /** Whether the simulator runs, is off, or could not start (and why): appInfo reports it. */
  simulatorStatus: SimulatorStatus
  /** Whether the data folder takes writes: `/healthz`, the status and the tray report it. */
  storage: StorageHealth
  dataDir: string
  /** Warnings for the person starting the relay (corrupt settings set aside, migrations, damaged history). */
  warnings: CoreText[]
  /** Stores alerts durably, routes them and queues them for delivery; returns their ids. */
  ingest: Ingest
  /** Topics that asked to be confirmed (SNS, SMN), newest first: the window shows their links. */
  subscriptions: SubscriptionLog
  /** Every secret the settings hold, for masking exports and logs. */
  secrets(): string[]
  close(): Promise<void>
}
