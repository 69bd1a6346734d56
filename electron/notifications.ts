import { Notification } from 'electron'
import type { ApiService } from './core/api/service'
import type { Relay } from './core/app'
import type { RelayEvent } from './core/events'
import type { Settings } from './core/settings/schema'
import { NotificationPolicy, type Notice } from './core/shell/notify-model'

/**
 * Desktop notifications for incoming alerts, as the settings ask (off, critical, all). The policy
 * (core/shell/notify-model.ts) groups bursts; a click opens the alert in the window.
 */
export function setupNotifications(
  relay: Relay,
  open: (route: string) => void,
  service?: Pick<ApiService, 'createMuteFromAlert'>,
): () => void {
  const policy = new NotificationPolicy(relay.settings.get().app.notifications)
  const onSettings = (s: Settings) => (policy.mode = s.app.notifications)
  relay.settings.on('changed', onSettings)
  let timer: NodeJS.Timeout | undefined
  const show = (notice: Notice | undefined) => {
    if (!notice || !Notification.isSupported()) return
    // macOS shows buttons on notifications: "Mute 1 h" mutes this alert (name and target).
    const zh = relay.settings.get().app.language === 'zh'
    const n = new Notification({
      title: notice.title,
      body: notice.body,
      ...(process.platform === 'darwin' && service
        ? { actions: [{ type: 'button' as const, text: zh ? '静音 1 小时' : 'Mute 1 h' }] }
        : {}),
    })
    n.on('click', () => open(`#/history/${notice.alertId}`))
    n.on(
      'action',
      () =>
        void service
          ?.createMuteFromAlert({
            alertId: notice.alertId,
            forMinutes: 60,
            comment: zh ? '从通知静音' : 'Muted from a notification',
          })
          .catch((err: Error) => console.error(`oncall: ${err.message}`)),
    )
    n.show()
  }
  const onEvent = (event: RelayEvent) => {
    if (event.type !== 'alert.received') return
    // A muted alert is stored and listed, but must not pop up either.
    const alerts = event.ids
      .map((id) => relay.history.get(id))
      .filter((e) => !!e && !relay.oncall.mutes.match(e.alert))
      .map((e) => e!)
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
