import { app, Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import type { ApiService } from './core/api/service'
import type { Relay } from './core/app'
import {
  criticalCount,
  trayIcon,
  trayMenu,
  trayState,
  trayTooltip,
  type MenuSpec,
  type TrayAction,
  type TrayInput,
} from './core/shell/tray-model'

// Keep a module-level reference: a Tray that is only a local variable is garbage collected and
// disappears from the menu bar (electron/electron#1049 and many since).
let tray: Tray | undefined

/** Creates or refreshes the tray from the pure model. Linux has no reliable click: the menu is always set. */
export function renderTray(
  resources: string,
  input: TrayInput,
  act: (action: TrayAction) => void,
): void {
  const state = trayState(input)
  const icon = nativeImage.createFromPath(join(resources, trayIcon(state, process.platform)))
  if (!tray) {
    tray = new Tray(icon)
    tray.on('click', () => act({ type: 'open' }))
  } else tray.setImage(icon)
  tray.setToolTip(trayTooltip(input))
  // The firing critical count: next to the icon on macOS, as the app badge where the desktop has
  // one (macOS dock, Unity launchers); Linux trays show only the tooltip.
  const critical = criticalCount(input)
  if (process.platform === 'darwin') tray.setTitle(critical ? String(critical) : '')
  if (process.platform !== 'win32') app.setBadgeCount(critical)
  tray.setContextMenu(Menu.buildFromTemplate(trayMenu(input).map((spec) => toItem(spec, act))))
}

function toItem(spec: MenuSpec, act: (action: TrayAction) => void): MenuItemConstructorOptions {
  switch (spec.kind) {
    case 'separator':
      return { type: 'separator' }
    case 'submenu':
      return { label: spec.label, submenu: spec.items.map((s) => toItem(s, act)) }
    case 'checkbox':
      return {
        label: spec.label,
        type: 'checkbox',
        checked: spec.checked,
        click: () => act(spec.action),
      }
    case 'item':
      return {
        label: spec.label,
        enabled: spec.enabled ?? true,
        click: spec.action ? () => act(spec.action!) : undefined,
      }
  }
}

export function destroyTray(): void {
  tray?.destroy()
  tray = undefined
}

export interface TrayHooks {
  /** The tray icons' folder. */
  resources: string
  /** Shows the window, at a `#/…` route when given. */
  open(route?: string): void
  quit(): void
}

/**
 * The tray: icon, tooltip and menu follow the relay's events (coalesced) and a slow tick (for
 * pause timers running out); its actions go through the same service the window uses.
 * Returns a function that stops it and removes the icon.
 */
export function setupTray(relay: Relay, service: ApiService, hooks: TrayHooks): () => void {
  const act = (action: TrayAction): void => {
    switch (action.type) {
      case 'open':
        return hooks.open()
      case 'openAlert':
        // The Now page on that alert: Acknowledge and Mute 1 h one click away.
        return hooks.open(`#/now/${encodeURIComponent(action.id)}`)
      case 'pause':
        return void service.pauseDelivery({ minutes: action.minutes })
      case 'resume':
        return void service.resumeDelivery()
      case 'muteAll':
        return void service.createMute({
          matchers: ['alarm_name=~".*"'],
          forMinutes: action.minutes,
          comment: 'Everything muted from the tray',
        })
      case 'sendTest':
        return void service.sendTestAlert({})
      case 'toggleStartAtLogin': {
        const enabled = !relay.settings.get().app.startAtLogin
        relay.settings.update((s) => void (s.app.startAtLogin = enabled))
        return
      }
      case 'quit':
        return hooks.quit()
    }
  }
  const refresh = () => {
    const s = relay.settings.get()
    renderTray(
      hooks.resources,
      {
        delivery: relay.delivery.status(),
        listener: relay.listener.status(),
        firing: relay.oncall.active.list().map((a) => ({
          id: a.alertId,
          name: a.name || 'Alert',
          level: a.level,
          target: a.target,
          since: a.since,
          acknowledged: !!a.ack,
        })),
        startAtLogin: s.app.startAtLogin,
        language: s.app.language,
        timeZone: s.app.timeZone,
      },
      act,
    )
  }
  refresh()
  let pending: NodeJS.Timeout | undefined
  const onEvent = () => {
    pending ??= setTimeout(() => {
      pending = undefined
      refresh()
    }, 250)
  }
  relay.events.on('event', onEvent)
  const tick = setInterval(refresh, 30_000)
  return () => {
    relay.events.off('event', onEvent)
    clearInterval(tick)
    clearTimeout(pending)
    destroyTray()
  }
}
