import { Notification } from 'electron'
import type { Relay } from './core/app'
import type { RelayEvent } from './core/events'
import type { Settings } from './core/settings/schema'
import { NotificationPolicy, type Notice } from './core/shell/notify-model'

/**
 * Desktop notifications for incoming alerts, as the settings ask (off, critical, all). The policy
 * (core/shell/notify-model.ts) groups bursts; a click opens the alert in the window.
 */
export function setupNotifications(relay: Relay, open: (route: string) => void): () => void {
  const policy = new NotificationPolicy(relay.settings.get().app.notifications)
  const onSettings = (s: Settings) => (policy.mode = s.app.notifications)
  relay.settings.on('changed', onSettings)
  let timer: NodeJS.Timeout | undefined
  const show = (notice: Notice | undefined) => {
    if (!notice || !Notification.isSupported()) return
    const n = new Notification({ title: notice.title, body: notice.body })
    n.on('click', () => open(`#/history/${notice.alertId}`))
    n.show()
  }
  const onEvent = (event: RelayEvent) => {
    if (event.type !== 'alert.received') return
    const alerts = event.ids.map((id) => relay.history.get(id)).filter((e) => !!e)
    show(
      policy.offer(
        alerts.map((e) => ({
          id: e.alert.id,
          name: e.alert.vars.alarm_name ?? 'Alert',
          level: e.alert.vars.alarm_level,
          target: e.alert.vars.alarm_target,
          status: e.alert.status,
        })),
        Date.now(),
      ),
    )
    const at = policy.nextFlushAt()
    if (at !== undefined && !timer) {
      timer = setTimeout(
        () => {
          timer = undefined
          show(policy.flush(Date.now()))
        },
        Math.max(0, at - Date.now()),
      )
    }
  }
  relay.events.on('event', onEvent)
  return () => {
    relay.settings.off('changed', onSettings)
    relay.events.off('event', onEvent)
    clearTimeout(timer)
  }
}
