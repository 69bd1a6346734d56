import { describe, expect, it } from 'vitest'
import type { DeliveryStatus } from '../../../electron/core/delivery/status'
import { autostartDesktopFile } from '../../../electron/core/shell/login-item'
import { NotificationPolicy } from '../../../electron/core/shell/notify-model'
import {
  criticalCount,
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
  firing: [],
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

  it('has Open, the firing alerts (at most ten), mute everything, pause choices, test, start at login and Quit', () => {
    const now = Date.parse('2026-11-27T10:00:00Z')
    const firing = Array.from({ length: 12 }, (_, i) => ({
      id: `a${i}`,
      name: `Alert ${i}`,
      level: 'critical',
      target: `db-${i}`,
      since: '2026-11-27T08:00:00Z',
      acknowledged: i === 0,
    }))
    const menu = trayMenu(input({ firing, delivery: delivery({ backlog: 2 }) }), now)
    expect(menu[0]).toEqual({ kind: 'item', label: '2 alerts waiting to be sent', enabled: false })
    const list = menu.find((m) => m.kind === 'submenu')!
    expect(list).toMatchObject({ label: 'Firing now (12)' })
    expect(list.kind === 'submenu' && list.items).toHaveLength(10)
    expect(list.kind === 'submenu' && list.items[0]).toMatchObject({
      label: '✓ [critical] Alert 0 · db-0 · 2h',
      action: { type: 'openAlert', id: 'a0' },
    })
    const actions = menu.flatMap((m) =>
      (m.kind === 'item' || m.kind === 'checkbox') && m.action ? [m.action] : [],
    )
    expect(actions).toEqual([
      { type: 'open' },
      { type: 'muteAll', minutes: 60 },
      { type: 'pause', minutes: 15 },
      { type: 'pause', minutes: 60 },
      { type: 'pause' },
      { type: 'sendTest' },
      { type: 'toggleStartAtLogin' },
      { type: 'quit' },
    ])
  })

  it('says when nothing is firing, in both languages', () => {
    const list = (language: 'en' | 'zh') =>
      trayMenu(input({ language })).find((m) => m.kind === 'submenu')
    expect(list('en')).toMatchObject({
      label: 'Firing now (0)',
      items: [{ label: 'Nothing is firing', enabled: false }],
    })
    expect(list('zh')).toMatchObject({ label: '正在告警 (0)', items: [{ label: '当前没有告警' }] })
    expect(
      trayMenu(input({ language: 'zh' })).some(
        (m) => m.kind === 'item' && m.label === '静音全部 1 小时',
      ),
    ).toBe(true)
  })

  it('counts firing critical and down alerts, not warnings, for the badge and the tooltip', () => {
    const a = (id: string, level: string) => ({
      id,
      name: `N${id}`,
      level,
      since: '2026-11-27T08:00:00Z',
      acknowledged: false,
    })
    const firing = [a('1', 'down'), a('2', 'critical'), a('3', 'warning'), a('4', 'critical')]
    expect(criticalCount({ firing })).toBe(3)
    expect(criticalCount({ firing: [a('5', 'warning')] })).toBe(0)
    expect(trayTooltip(input({ firing }))).toBe(
      'WeCom Alert Relay — All delivered\n3 critical alerts firing\n[down] N1',
    )
    expect(trayTooltip(input({ firing: [a('6', 'critical')], language: 'zh' }))).toBe(
      'WeCom Alert Relay — 全部已送达\n1 条严重告警正在触发\n[critical] N6',
    )
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

  it('shows the listener trouble, and the most severe firing alert in the tooltip', () => {
    expect(trayMenu(input({ listener: { state: 'error', error: 'in use' } }))[0]).toMatchObject({
      label: 'Listener not running',
    })
    const tip = trayTooltip(
      input({
        firing: [{ id: 'x', name: 'DiskFull', since: '2026-11-27T08:05:00Z', acknowledged: false }],
      }),
    )
    expect(tip).toBe('WeCom Alert Relay — All delivered\nDiskFull')
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
      alertIds: ['3'],
      levels: ['down'],
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
      alertIds: Array.from({ length: 39 }, (_, i) => String(i + 2)),
      levels: ['warning'],
    })
    expect(p.flush(20_000)).toBeUndefined()
  })

  it('speaks the window language', () => {
    const p = new NotificationPolicy('all', 5000)
    p.language = 'zh'
    expect(p.offer([a('1')], 0)).toMatchObject({ body: '对象：db-1' })
    p.offer([a('2'), { ...a('3'), name: 'Other' }], 10)
    expect(p.flush(5000)).toMatchObject({ title: '2 条新告警', body: 'Alert 2、Other' })
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
      // The chime rings from the hidden window on time.
      backgroundThrottling: false,
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
