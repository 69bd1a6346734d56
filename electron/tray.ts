import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron'
import { join } from 'node:path'
import {
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
