import type { StoredText } from '../text/core-text'
import { isCritical } from '../alerts/levels'
import { resolveTimeZone, timeOfDay } from '../time/time-zone'
import type { DeliveryStatus } from '../delivery/status'

/** The tray icon: everything fine, messages waiting, the last delivery failed, or paused. */
export type TrayState = 'ok' | 'sending' | 'failing' | 'paused'

export interface TrayInput {
  delivery: DeliveryStatus
  listener: { state: 'listening' | 'stopped' | 'error'; address?: string; error?: StoredText }
  /** What is firing now, most severe first (the on-call state's list). */
  firing: Array<{
    /** The latest alert received for it (History's id). */
    id: string
    name: string
    level?: string
    target?: string
    since: string
    acknowledged: boolean
  }>
  startAtLogin: boolean
  language: 'en' | 'zh'
  /** The settings' time zone (empty: the machine's): "paused until" is said in it. */
  timeZone?: string
}

/** Paused wins (nothing goes out), then failing (something needs attention), then sending. */
export function trayState(input: Pick<TrayInput, 'delivery' | 'listener'>): TrayState {
  if (input.delivery.paused) return 'paused'
  if (
    input.listener.state === 'error' ||
    input.delivery.storage ||
    input.delivery.channels.some((c) => c.lastOutcome === 'failed')
  )
    return 'failing'
  if (input.delivery.backlog > 0) return 'sending'
  return 'ok'
}

/** The icon file for a state and platform (macOS uses template images that follow the menu bar). */
export function trayIcon(state: TrayState, platform: NodeJS.Platform): string {
  if (platform === 'darwin') return `tray-${state}Template.png`
  if (platform === 'win32') return `tray-${state}.ico`
  return `tray-${state}.png`
}

const T = {
  en: {
    open: 'Open WeCom Alert Relay',
    recent: (n: number) => `Firing now (${n})`,
    none: 'Nothing is firing',
    muteAll: 'Mute everything for 1 hour',
    critical: (n: number) => `${n} critical alert${n === 1 ? '' : 's'} firing`,
    pause15: 'Pause sending for 15 minutes',
    pause60: 'Pause sending for 1 hour',
    pauseForever: 'Pause sending until resumed',
    resume: 'Resume sending',
    test: 'Send test message to default channel',
    login: 'Start at login',
    quit: 'Quit',
    listenerDown: 'Listener not running',
    paused: (until?: string) => (until ? `Paused until ${until}` : 'Paused until resumed'),
    ok: 'All delivered',
    backlog: (n: number) => `${n} alert${n === 1 ? '' : 's'} waiting to be sent`,
    failing: 'Last delivery failed',
    storage: 'Cannot save to disk: free disk space',
  },
  zh: {
    open: '打开 WeCom Alert Relay',
    recent: (n: number) => `正在告警 (${n})`,
    none: '当前没有告警',
    muteAll: '静音全部 1 小时',
    critical: (n: number) => `${n} 条严重告警正在触发`,
    pause15: '暂停发送 15 分钟',
    pause60: '暂停发送 1 小时',
    pauseForever: '暂停发送直到恢复',
    resume: '恢复发送',
    test: '向默认通道发送测试消息',
    login: '登录时启动',
    quit: '退出',
    listenerDown: '监听未运行',
    paused: (until?: string) => (until ? `已暂停，至 ${until}` : '已暂停，直到恢复'),
    ok: '全部已送达',
    backlog: (n: number) => `${n} 条告警等待发送`,
    failing: '最近一次发送失败',
    storage: '无法写入磁盘：请释放磁盘空间',
  },
} as const

export type TrayAction =
  | { type: 'open' }
  | { type: 'openAlert'; id: string }
  | { type: 'pause'; minutes?: number }
  /** A local mute matching every alert. */
  | { type: 'muteAll'; minutes: number }
  | { type: 'resume' }
  | { type: 'sendTest' }
  | { type: 'toggleStartAtLogin' }
  | { type: 'quit' }

export type MenuSpec =
  | { kind: 'item'; label: string; action?: TrayAction; enabled?: boolean }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: MenuSpec[] }
  | { kind: 'separator' }

/** How many menu entries the firing list gets; the Now page has the rest. */
const MAX_FIRING = 10

/** Firing critical and down alerts: the number on the icon (title, badge, tooltip). */
export function criticalCount(input: Pick<TrayInput, 'firing'>): number {
  return input.firing.filter((a) => isCritical(a.level)).length
}

/** How long an alert has fired, short: `45m`, `3h`, `2d`. */
export function firedFor(since: string, now: number): string {
  const min = Math.max(0, Math.floor((now - Date.parse(since)) / 60_000))
  if (min < 60) return `${min}m`
  if (min < 48 * 60) return `${Math.floor(min / 60)}h`
  return `${Math.floor(min / 1440)}d`
}

/** The tray's context menu as data: the Electron side only turns it into a Menu. */
export function trayMenu(input: TrayInput, now = Date.now()): MenuSpec[] {
  const t = T[input.language]
  const status = statusLine(input)
  const recent: MenuSpec[] = input.firing.length
    ? input.firing.slice(0, MAX_FIRING).map((a) => ({
        kind: 'item' as const,
        label:
          `${a.acknowledged ? '✓ ' : ''}${a.level ? `[${a.level}] ` : ''}${a.name}${a.target ? ` · ${a.target}` : ''} · ${firedFor(a.since, now)}`.slice(
            0,
            80,
          ),
        action: { type: 'openAlert' as const, id: a.id },
      }))
    : [{ kind: 'item', label: t.none, enabled: false }]
  return [
    { kind: 'item', label: status, enabled: false },
    { kind: 'separator' },
    { kind: 'item', label: t.open, action: { type: 'open' } },
    { kind: 'submenu', label: t.recent(input.firing.length), items: recent },
    { kind: 'item', label: t.muteAll, action: { type: 'muteAll', minutes: 60 } },
    { kind: 'separator' },
    ...(input.delivery.paused
      ? [{ kind: 'item' as const, label: t.resume, action: { type: 'resume' as const } }]
      : [
          {
            kind: 'item' as const,
            label: t.pause15,
            action: { type: 'pause' as const, minutes: 15 },
          },
          {
            kind: 'item' as const,
            label: t.pause60,
            action: { type: 'pause' as const, minutes: 60 },
          },
          { kind: 'item' as const, label: t.pauseForever, action: { type: 'pause' as const } },
        ]),
    { kind: 'item', label: t.test, action: { type: 'sendTest' } },
    { kind: 'separator' },
    {
      kind: 'checkbox',
      label: t.login,
      checked: input.startAtLogin,
      action: { type: 'toggleStartAtLogin' },
    },
    { kind: 'item', label: t.quit, action: { type: 'quit' } },
  ]
}

function statusLine(input: TrayInput): string {
  const t = T[input.language]
  if (input.delivery.paused)
    return t.paused(
      input.delivery.pausedUntil
        ? timeOfDay(Date.parse(input.delivery.pausedUntil), resolveTimeZone(input.timeZone))
        : undefined,
    )
  if (input.listener.state !== 'listening') return t.listenerDown
  if (input.delivery.storage) return t.storage
  const state = trayState(input)
  if (state === 'failing') return t.failing
  if (state === 'sending') return t.backlog(input.delivery.backlog)
  return t.ok
}

/** Tooltip: the state, then the firing critical count (Linux has no badge: this is where it shows). */
export function trayTooltip(input: TrayInput): string {
  const n = criticalCount(input)
  const worst = input.firing[0]
  return [
    `WeCom Alert Relay — ${statusLine(input)}`,
    n ? T[input.language].critical(n) : undefined,
    worst ? `${worst.level ? `[${worst.level}] ` : ''}${worst.name}` : undefined,
  ]
    .filter(Boolean)
    .join('\n')
}
