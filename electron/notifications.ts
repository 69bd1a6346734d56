import { Notification } from 'electron'
import type { ApiService } from './core/api/service'
import type { Relay } from './core/app'
import type { RelayEvent } from './core/events'
import type { Settings } from './core/settings/schema'
import { NotificationPolicy, type Notice } from './core/shell/notify-model'
import { noticeRoute, noticeShape, wantsNotice } from './core/shell/notify-urgency'

/**
 * Desktop notifications for incoming alerts, by the on-call urgency rule per level (with
 * `app.notifications` for levels that set none, and quiet hours). The policy
 * (core/shell/notify-model.ts) groups bursts. A click opens the Now page on the alert, with
 * Acknowledge and Mute 1 h one click away; on macOS and Windows the notification has those buttons.
 */
export function setupNotifications(
  relay: Relay,
  open: (route: string) => void,
  service?: Pick<ApiService, 'createMuteFromAlert' | 'acknowledge'>,
  /** Flashes the window's taskbar entry (critical alerts, when opted in). */
  flash?: () => void,
): () => void {
  // The urgency rule decides per alert; the policy only paces what it lets through, as often as
  // the user's setting allows.
  const policy = new NotificationPolicy('all', relay.settings.get().app.notifyEverySeconds * 1000)
  let timer: NodeJS.Timeout | undefined
  const fail = (err: Error) => console.error(`oncall: ${err.message}`)

  const act = (action: 'ack' | 'mute', notice: Notice) => {
    if (!service) return
    const zh = relay.settings.get().app.language === 'zh'
    if (action === 'mute') {
      void service
        .createMuteFromAlert({
          alertId: notice.alertId,
          forMinutes: 60,
          comment: zh ? '从通知静音' : 'Muted from a notification',
        })
        .catch(fail)
      return
    }
    const alert = relay.history.get(notice.alertId)?.alert
    if (alert) void service.acknowledge({ identities: [alert.fingerprint] }).catch(fail)
  }

  const show = (notice: Notice | undefined) => {
    if (!notice || !Notification.isSupported()) return
    const shape = noticeShape(notice, relay.settings.get(), process.platform)
    const n = new Notification({
      title: shape.title,
      body: shape.body,
      ...(shape.actions.length
        ? { actions: shape.actions.map((a) => ({ type: 'button' as const, text: a.text })) }
        : {}),
      ...(shape.urgency ? { urgency: shape.urgency } : {}),
      ...(shape.timeoutType ? { timeoutType: shape.timeoutType } : {}),
    })
    n.on('click', () => open(noticeRoute(notice)))
    n.on('action', (details) => {
      const a = shape.actions[details.actionIndex]
      if (a) act(a.action, notice)
    })
    n.show()
    if (shape.flash) flash?.()
  }

  const onEvent = (event: RelayEvent) => {
    if (event.type !== 'alert.received') return
    const settings: Settings = relay.settings.get()
    const now = Date.now()
    policy.language = settings.app.language
    policy.intervalMs = settings.app.notifyEverySeconds * 1000
    const alerts = event.ids
      .map((id) => relay.history.get(id))
      // A muted alert is stored and listed, but must not pop up either.
      .filter((e) => !!e && !relay.oncall.mutes.match(e.alert))
      .map((e) => ({
        id: e!.alert.id,
        name: e!.alert.vars.alarm_name ?? 'Alert',
        level: e!.alert.vars.alarm_level,
        target: e!.alert.vars.alarm_target,
        status: e!.alert.status,
      }))
      .filter((a) => wantsNotice(a, settings, now))
    show(policy.offer(alerts, now))
    arm()
  }
  // One timer for the held summary. A timer may fire a millisecond before the clock says it is
  // due: then nothing comes out of the flush, and it is armed again rather than the summary lost.
  const arm = () => {
    const at = policy.nextFlushAt()
    if (at === undefined || timer) return
    timer = setTimeout(
      () => {
        timer = undefined
        show(policy.flush(Date.now()))
        arm()
      },
      Math.max(1, at - Date.now() + 1),
    )
  }
  relay.events.on('event', onEvent)
  return () => {
    relay.events.off('event', onEvent)
    clearTimeout(timer)
  }
}
