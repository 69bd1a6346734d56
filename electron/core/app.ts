import { StorageHealth } from './storage-health'
import type { Relay } from './api/relay'
import type { SimulatorStatus } from './api/contract'
import { join } from 'node:path'
import { SubscriptionLog } from './alerts/subscription-log'
import { Listener } from './ingest/listener'
import type { ChannelSenders } from './channels/registry'
import { WeComSender } from './channels/wecom/sender'
import { SECRET_HEADER } from './settings/masking'
import { DeliveryEngine } from './delivery/engine'
import type { DeliveryTuning } from './delivery/tuning'
import { RelayEvents } from './events'
import { HistoryStore } from './history/history-store'
import { createIngest } from './ingest/ingest-path'
import { ListenError } from './http/server'
import { createOnCall } from './oncall/wiring'
import { SilenceClient } from './oncall/silences'
import { lockDataDir, makeDataDir, type DataLock } from './data-lock'
import { settingsPath } from './paths'
import { secretsOfUrl } from './secrets/mask'
import type { SecretBox } from './settings/secret-box'
import { openSettings, SettingsWriteError, type SettingsBackend } from './settings/settings-store'
import { asWritten, say } from './text/core-text'
import { followSimulator } from './simulator/built-in-channel'
import { startSimulator, type Simulator } from './simulator/simulator-server'

export interface RelayOptions {
  dataDir: string
  /** A settings file to use instead of `<dataDir>/config.json`. */
  configPath?: string
  /** `conf` headless, `electron-store` in the app: both write the same file. */
  createSettingsBackend: (path: string) => SettingsBackend
  /** Encrypts secrets in the settings file (Electron's safeStorage); none means the owner-only plain file. */
  secretBox?: SecretBox
  /** Start the built-in simulator when the settings enable it (default true). */
  withSimulator?: boolean
  /** The simulator's port instead of `simulator.port` (`serve --simulator-port`; 0: any free port). */
  simulatorPort?: number
  /**
   * Delivery tuning, for tests: the robot rate window, the retry limits, and how many alerts a
   * channel holds in memory while more wait in the outbox (`outboxWindow`).
   */
  delivery?: DeliveryTuning & { outboxWindow?: number }
  /**
   * Who takes the data folder's lock ("wecom-alert-relay serve", "the tray app") and what the
   * refusal advises a second one to do instead.
   */
  lock?: { what: string; advice?: string }
  /** Senders of the non-WeCom types (default: the engine makes its own), for tests. */
  senders?: ChannelSenders
}

export type { Relay }

const STOP_GRACE_MS = 2_000

/** The composition root shared by the Electron app and `wecom-alert-relay serve`. */
export async function createRelay(options: RelayOptions): Promise<Relay> {
  makeDataDir(options.dataDir, options.lock?.advice ?? 'choose another data folder (--data-dir)')
  // Before anything reads the folder: a second relay on it would lose accepted alerts.
  const lock = lockDataDir(options.dataDir, options.lock?.what ?? 'a relay', options.lock?.advice)
  try {
    return await openRelay(options, lock)
  } catch (err) {
    lock.release()
    throw err
  }
}

async function openRelay(options: RelayOptions, lock: DataLock): Promise<Relay> {
  const { store: settings, warnings } = openSettings(
    options.configPath ?? settingsPath(options.dataDir),
    options.createSettingsBackend,
    options.secretBox,
  )
  const events = new RelayEvents()
  settings.on('changed', () => events.publish({ type: 'settings.changed' }))
  const s = settings.get()
  const history = await HistoryStore.open({
    dir: join(options.dataDir, 'history'),
    maxAlerts: s.history.maxAlerts,
    maxAgeDays: s.history.maxAgeDays,
  })
  const imported = history.migrated
  if (imported)
    console.log(
      `history: moved ${imported.alerts} alert(s) (${imported.records} records from ${imported.segments} JSON Lines segment(s)) into ${join(options.dataDir, 'history', 'history.db')}; the old segments are kept in ${imported.keptIn} and can be deleted.`,
    )
  const storage = new StorageHealth()
  if (history.skippedLines.length) {
    warnings.push(
      say('start.damagedHistory', {
        count: history.skippedLines.length,
        lines: `${history.skippedLines.slice(0, 3).join(', ')}${history.skippedLines.length > 3 ? ', …' : ''}`,
      }),
    )
  }
  const sender = new WeComSender()
  const { oncall, hold, mayHold } = createOnCall(
    options.dataDir,
    events,
    storage,
    () => settings.get().app.timeZone,
  )
  const silences = new SilenceClient()
  const delivery = new DeliveryEngine({
    hold,
    mayHold,
    history,
    settings,
    events,
    sender,
    statePath: join(options.dataDir, 'delivery-state.json'),
    storage,
    senders: options.senders,
    ...options.delivery,
  })

  const { ingest, flush: settleStored } = createIngest({
    settings,
    history,
    oncall,
    events,
    delivery,
  })

  const subscriptions = new SubscriptionLog()
  const listener = new Listener(
    settings,
    ingest,
    {
      onState: (status) => events.publish({ type: 'listener', ...status }),
      onSubscription: (request) => {
        subscriptions.add(request)
        events.publish({ type: 'subscription.requested', ...request })
      },
    },
    storage,
  )
  let simulator: Simulator | undefined
  let simulatorStatus: SimulatorStatus = { state: 'disabled' }
  if (options.withSimulator !== false && s.simulator.enabled) {
    try {
      simulator = await startSimulator({
        host: s.simulator.host,
        port: options.simulatorPort ?? s.simulator.port,
        keys: s.simulator.keys,
      })
      simulatorStatus = { state: 'running', origin: simulator.origin }
      try {
        followSimulator(settings, simulator.origin, s.simulator.keys)
      } catch (err) {
        // The seeded channel could not be saved (SettingsWriteError says why, by its code).
        warnings.push(
          err instanceof SettingsWriteError ? err.said : asWritten((err as Error).message),
        )
      }
    } catch (err) {
      const code = (err as ListenError).code ?? (err as NodeJS.ErrnoException).code ?? 'UNKNOWN'
      const reason =
        err instanceof ListenError
          ? err.said
          : say('listen.simulator', {
              address: `${s.simulator.host}:${options.simulatorPort ?? s.simulator.port}`,
              why: (err as NodeJS.ErrnoException).code ?? (err as Error).message,
            })
      warnings.push(reason)
      simulatorStatus = {
        state: 'failed',
        address: `${s.simulator.host}:${options.simulatorPort ?? s.simulator.port}`,
        code,
        reason,
      }
    }
  }
  // Queues the outbox in pages while the listener starts answering (see DeliveryEngine.start).
  void delivery
    .start()
    .catch((err: Error) =>
      console.error(
        `delivery: queueing the alerts left from before the start failed (${err.message}); they stay in the history: restart the relay to send them.`,
      ),
    )
  const compaction = setInterval(
    () =>
      history
        .compact()
        .catch((err: Error) =>
          console.error(`history: retention failed (${err.message}); it runs again in an hour.`),
        ),
    3_600_000,
  ).unref()

  return {
    settings,
    history,
    delivery,
    listener,
    events,
    sender,
    oncall,
    silences,
    simulator,
    simulatorStatus,
    storage,
    dataDir: options.dataDir,
    warnings,
    ingest,
    subscriptions,
    secrets() {
      const cur = settings.get()
      return [
        cur.listener.token,
        ...cur.channels.flatMap((c) => [
          ...[c.webhookUrl, ...c.extraWebhookUrls, c.url].flatMap(secretsOfUrl),
          c.signatureKey,
          // HTTP channels: credential headers (masking.ts decides which are credentials).
          ...Object.entries(c.headers)
            .filter(([name]) => SECRET_HEADER.test(name))
            .map(([, value]) => value),
          ...(c.proxy ? secretsOfUrl(c.proxy) : []),
        ]),
        ...secretsOfUrl(cur.oncall.alertmanager?.url ?? ''),
        cur.oncall.alertmanager?.basicAuth,
        cur.oncall.alertmanager?.bearerToken,
        ...(cur.oncall.alertmanager?.proxy ? secretsOfUrl(cur.oncall.alertmanager.proxy) : []),
      ].filter((x): x is string => !!x)
    },
    async close() {
      clearInterval(compaction)
      await listener.close()
      // Alerts stored in the last instant are folded into the on-call view and the queues first.
      settleStored()
      // Sends in flight get a moment to finish and be recorded; then they are cut (their alerts
      // stay queued), so a stop never waits on a silent proxy or robot for a whole timeout.
      const cut = setTimeout(() => sender.abortInFlight(), STOP_GRACE_MS)
      await delivery.stop()
      clearTimeout(cut)
      await oncall.stop()
      await history.close()
      await Promise.allSettled([sender.close(), silences.close(), simulator?.close()])
      lock.release()
    },
  }
}
