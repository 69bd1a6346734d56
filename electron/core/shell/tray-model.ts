import type { DeliveryStatus } from '../delivery/status'

/** The tray icon: everything fine, messages waiting, the last delivery failed, or paused. */
export type TrayState = 'ok' | 'sending' | 'failing' | 'paused'

export interface TrayInput {
  delivery: DeliveryStatus
  listener: { state: 'listening' | 'stopped' | 'error'; address?: string; error?: string }
  /** Newest first. */
  recentAlerts: Array<{
    id: string
    name: string
    level?: string
    status: 'firing' | 'resolved'
    receivedAt: string
  }>
  startAtLogin: boolean
  language: 'en' | 'zh'
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
    recent: 'Recent alerts',
    none: 'No alerts yet',
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
    recent: '最近的告警',
    none: '暂无告警',
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
  | { type: 'resume' }
  | { type: 'sendTest' }
  | { type: 'toggleStartAtLogin' }
  | { type: 'quit' }

export type MenuSpec =
  | { kind: 'item'; label: string; action?: TrayAction; enabled?: boolean }
  | { kind: 'checkbox'; label: string; checked: boolean; action: TrayAction }
  | { kind: 'submenu'; label: string; items: MenuSpec[] }
  | { kind: 'separator' }

const hhmm = (iso: string) => new Date(iso).toTimeString().slice(0, 5)

/** The tray's context menu as data: the Electron side only turns it into a Menu. */
export function trayMenu(input: TrayInput): MenuSpec[] {
  const t = T[input.language]
  const status = statusLine(input)
  const recent: MenuSpec[] = input.recentAlerts.length
    ? input.recentAlerts.slice(0, 5).map((a) => ({
        kind: 'item' as const,
        label:
          `${hhmm(a.receivedAt)}  ${a.status === 'resolved' ? '✓ ' : ''}${a.level ? `[${a.level}] ` : ''}${a.name}`.slice(
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
    { kind: 'submenu', label: t.recent, items: recent },
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
    return t.paused(input.delivery.pausedUntil ? hhmm(input.delivery.pausedUntil) : undefined)
  if (input.listener.state !== 'listening') return t.listenerDown
  if (input.delivery.storage) return t.storage
  const state = trayState(input)
  if (state === 'failing') return t.failing
  if (state === 'sending') return t.backlog(input.delivery.backlog)
  return t.ok
}

/** Tooltip: the state, the backlog and the last alert. */
export function trayTooltip(input: TrayInput): string {
  const last = input.recentAlerts[0]
  return [
    `WeCom Alert Relay — ${statusLine(input)}`,
    last ? `${hhmm(last.receivedAt)} ${last.name}` : undefined,
  ]
    .filter(Boolean)
    .join('\n')
}
