import { describe, expect, it } from 'vitest'
import type { DeliveryStatus } from '../../../electron/core/delivery/status'
import { autostartDesktopFile } from '../../../electron/core/shell/login-item'
import { NotificationPolicy } from '../../../electron/core/shell/notify-model'
import {
  trayIcon,
  trayMenu,
  trayState,
  trayTooltip,
  type TrayInput,
} from '../../../electron/core/shell/tray-model'
import { safeExternalUrl, windowOptions } from '../../../electron/window'

const delivery = (
  over: Partial<DeliveryStatus> = {},
  lastOutcome?: 'delivered' | 'failed',
): DeliveryStatus => ({
  paused: false,
  pausedUntil: null,
  backlog: 0,
  channels: [
    {
      channel: 'oncall',
      enabled: true,
      backlog: 0,
      retrying: 0,
      robots: [],
      lastOutcome,
      caps: { perHour: 0, sentThisHour: 0, heldThisHour: 0, perDay: 0, sentToday: 0, heldToday: 0 },
    },
  ],
  ...over,
})
const input = (over: Partial<TrayInput> = {}): TrayInput => ({
  delivery: delivery(),
  listener: { state: 'listening', address: 'http://127.0.0.1:8760' },
  recentAlerts: [],
  startAtLogin: false,
  language: 'en',
  ...over,
})

describe('tray model', () => {
  it('maps the relay state to an icon: paused > failing > sending > ok', () => {
    expect(trayState(input())).toBe('ok')
    expect(trayState(input({ delivery: delivery({ backlog: 3 }) }))).toBe('sending')
    expect(trayState(input({ delivery: delivery({ backlog: 3 }, 'failed') }))).toBe('failing')
    expect(trayState(input({ listener: { state: 'error', error: 'port in use' } }))).toBe('failing')
    expect(trayState(input({ delivery: delivery({ paused: true, backlog: 3 }, 'failed') }))).toBe(
      'paused',
    )
  })

  it('uses template images on macOS, ICO on Windows, PNG on Linux', () => {
    expect(trayIcon('failing', 'darwin')).toBe('tray-failingTemplate.png')
    expect(trayIcon('ok', 'win32')).toBe('tray-ok.ico')
    expect(trayIcon('sending', 'linux')).toBe('tray-sending.png')
  })

  it('has Open, the last five alerts, pause choices, test, start at login and Quit', () => {
    const recentAlerts = Array.from({ length: 7 }, (_, i) => ({
      id: `a${i}`,
      name: `Alert ${i}`,
      level: 'critical',
      status: 'firing' as const,
      receivedAt: '2026-11-27T08:00:00Z',
    }))
    const menu = trayMenu(input({ recentAlerts, delivery: delivery({ backlog: 2 }) }))
    expect(menu[0]).toEqual({ kind: 'item', label: '2 alerts waiting to be sent', enabled: false })
    const recent = menu.find((m) => m.kind === 'submenu')!
    expect(recent.kind === 'submenu' && recent.items).toHaveLength(5)
    expect(recent.kind === 'submenu' && recent.items[0]).toMatchObject({
      action: { type: 'openAlert', id: 'a0' },
    })
    const actions = menu.flatMap((m) =>
      (m.kind === 'item' || m.kind === 'checkbox') && m.action ? [m.action] : [],
    )
    expect(actions).toEqual([
      { type: 'open' },
      { type: 'pause', minutes: 15 },
      { type: 'pause', minutes: 60 },
      { type: 'pause' },
      { type: 'sendTest' },
      { type: 'toggleStartAtLogin' },
      { type: 'quit' },
    ])
  })

  it('offers Resume while paused, says when, and speaks Chinese', () => {
    const menu = trayMenu(
      input({ delivery: delivery({ paused: true, pausedUntil: null }), language: 'zh' }),
    )
    expect(menu[0]).toMatchObject({ label: '已暂停，直到恢复' })
    expect(
      menu.some((m) => m.kind === 'item' && m.action?.type === 'resume' && m.label === '恢复发送'),
    ).toBe(true)
    expect(menu.some((m) => m.kind === 'item' && m.action?.type === 'pause')).toBe(false)
  })

  it('shows the listener trouble and the last alert in the tooltip', () => {
    expect(trayMenu(input({ listener: { state: 'error', error: 'in use' } }))[0]).toMatchObject({
      label: 'Listener not running',
    })
    const tip = trayTooltip(
      input({
        recentAlerts: [
          { id: 'x', name: 'DiskFull', status: 'firing', receivedAt: '2026-11-27T08:05:00Z' },
        ],
      }),
    )
    expect(tip).toMatch(/^WeCom Alert Relay — All delivered\n\d\d:\d\d DiskFull$/)
  })
})

describe('notification policy', () => {
  const a = (id: string, level = 'critical', status: 'firing' | 'resolved' = 'firing') => ({
    id,
    name: `Alert ${id}`,
    level,
    target: 'db-1',
    status,
  })

  it('off shows nothing; critical shows only critical and down firing alerts', () => {
    expect(new NotificationPolicy('off').offer([a('1')], 0)).toBeUndefined()
    const p = new NotificationPolicy('critical')
    expect(p.offer([a('1', 'warning')], 0)).toBeUndefined()
    expect(p.offer([a('2', 'critical', 'resolved')], 0)).toBeUndefined()
    expect(p.offer([a('3', 'down')], 0)).toEqual({
      title: '[down] Alert 3',
      body: 'on db-1',
      alertId: '3',
    })
  })

  it('shows at most one per interval during a storm, then one summary', () => {
    const p = new NotificationPolicy('all', 5000)
    expect(p.offer([a('1')], 0)).toMatchObject({ alertId: '1' })
    for (let i = 2; i <= 40; i++) expect(p.offer([a(String(i), 'warning')], i * 10)).toBeUndefined()
    expect(p.nextFlushAt()).toBe(5000)
    expect(p.flush(4999)).toBeUndefined()
    expect(p.flush(5000)).toEqual({
      title: '39 new alerts',
      body: 'Alert 2, Alert 3, Alert 4 and 36 more',
      alertId: '40',
    })
    expect(p.flush(20_000)).toBeUndefined()
  })
})

describe('window and links', () => {
  it('states the secure defaults explicitly', () => {
    const o = windowOptions('/app/preload.cjs')
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(windowOptions('/p', { x: 10, y: 20, width: 900, height: 600 })).toMatchObject({
      x: 10,
      y: 20,
      width: 900,
      height: 600,
    })
  })

  it('opens only http(s) links externally', () => {
    expect(safeExternalUrl('https://open.work.weixin.qq.com/devtool/query?e=93000')).toBe(
      'https://open.work.weixin.qq.com/devtool/query?e=93000',
    )
    for (const bad of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://host/share',
      'not a url',
    ])
      expect(safeExternalUrl(bad)).toBeUndefined()
  })
})

describe('login item (Linux autostart)', () => {
  it('writes an XDG desktop entry that starts hidden, quoting paths with spaces', () => {
    const file = autostartDesktopFile('/opt/WeCom Alert Relay/wecom-alert-relay', ['--no-sandbox'])
    expect(file).toContain('[Desktop Entry]\nType=Application\nName=WeCom Alert Relay')
    expect(file).toContain(
      'Exec="/opt/WeCom Alert Relay/wecom-alert-relay" --no-sandbox --hidden\n',
    )
  })
})
