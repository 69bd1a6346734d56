/**
 * Start at login. macOS and Windows use Electron's setLoginItemSettings; Linux has no such API,
 * so the relay writes an XDG autostart entry (~/.config/autostart/*.desktop). Either way the app
 * starts hidden in the tray.
 */
export const AUTOSTART_FILE = 'wecom-alert-relay.desktop'
export const HIDDEN_ARG = '--hidden'

/** The .desktop entry. Exec arguments are quoted per the Desktop Entry spec. */
export function autostartDesktopFile(execPath: string, args: readonly string[] = []): string {
  const quote = (s: string) => (/[\s"'\\$`]/.test(s) ? `"${s.replace(/(["`$\\])/g, '\\$1')}"` : s)
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=WeCom Alert Relay',
    'Comment=Relays alerts to WeCom group robots',
    `Exec=${[execPath, ...args, HIDDEN_ARG].map(quote).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n')
}
