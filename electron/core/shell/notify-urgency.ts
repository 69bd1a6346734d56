import { isCriticalLevel, urgencyFor } from '../oncall/urgency'
import type { Settings } from '../settings/schema'
import type { IncomingAlert, Notice } from './notify-model'

/**
 * What the desktop does with incoming alerts, by the on-call urgency rule: which pop up, where a
 * click leads, which buttons a notification carries and how insistent it is. Plain data, so the
 * shell only binds it to Electron's `Notification`.
 */

/** A summary's click lists this many alerts on the Now page; more open the page itself. */
const MAX_ROUTED = 20

/**
 * Whether a firing alert pops up: its level's `notify` (or `app.notifications` for levels that set
 * none), not during quiet hours unless critical is allowed. Quiet hours are the machine's clock:
 * they are the person's night, whatever zone the messages are written in.
 */
export function wantsNotice(a: IncomingAlert, s: Settings, now: number): boolean {
  if (a.status !== 'firing') return false
  return urgencyFor(a.level ?? '', s.oncall, { now, notifications: s.app.notifications }).notify
}

/** Where a click on the notice opens the window: the Now page on its alert(s). */
export function noticeRoute(n: Notice): string {
  if (n.alertIds.length <= 1) return `#/now/${encodeURIComponent(n.alertId)}`
  if (n.alertIds.length > MAX_ROUTED) return '#/now'
  return `#/now?alerts=${n.alertIds.map(encodeURIComponent).join(',')}`
}

/** The buttons a notice carries, in the order Electron reports their index. */
export type NoticeAction = 'ack' | 'mute'

export interface NoticeShape {
  title: string
  body: string
  /** Buttons, where the platform shows them (macOS, Windows); elsewhere a click opens them. */
  actions: Array<{ action: NoticeAction; text: string }>
  /** Linux: `critical` is shown through do-not-disturb by GNOME and KDE Plasma. */
  urgency?: 'critical'
  /** Windows, Linux: stays until dismissed. */
  timeoutType?: 'never'
  /** Flash the window's taskbar entry until it is focused. */
  flash: boolean
}

const WORDS = {
  en: { ack: 'Acknowledge', mute: 'Mute 1 h' },
  zh: { ack: '确认', mute: '静音 1 小时' },
}

/**
 * The notification for a notice. Buttons (Acknowledge, Mute 1 h) only on one alert and where
 * Electron shows them (macOS, Windows); a summary and Linux rely on the click, which opens the Now
 * page with both one click away. Critical and down alerts are insistent when the person opted in
 * (`oncall.overrideDoNotDisturb`).
 */
export function noticeShape(n: Notice, s: Settings, platform: NodeJS.Platform): NoticeShape {
  const w = WORDS[s.app.language === 'zh' ? 'zh' : 'en']
  const buttons = (platform === 'darwin' || platform === 'win32') && n.alertIds.length === 1
  const insistent = s.oncall.overrideDoNotDisturb && n.levels.some(isCriticalLevel)
  return {
    title: n.title,
    body: n.body,
    actions: buttons
      ? [
          { action: 'ack', text: w.ack },
          { action: 'mute', text: w.mute },
        ]
      : [],
    ...(insistent ? { urgency: 'critical' as const, timeoutType: 'never' as const } : {}),
    flash: insistent,
  }
}
