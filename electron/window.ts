import type { BrowserWindowConstructorOptions, Rectangle } from 'electron'

/**
 * The window's options, explicit about security (Electron's checklist): isolated context,
 * sandboxed renderer, no Node in the page. The page's CSP is in renderer/index.html.
 */
export function windowOptions(
  preload: string,
  bounds?: Partial<Rectangle>,
  show = true,
): BrowserWindowConstructorOptions {
  return {
    width: bounds?.width ?? 1180,
    height: bounds?.height ?? 800,
    ...(bounds?.x !== undefined && bounds?.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 860,
    minHeight: 560,
    show,
    title: 'WeCom Alert Relay',
    backgroundColor: '#f5f6f8',
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      // The hidden window is what rings the chime from the tray: throttled timers in a background
      // page (Chromium aligns them to a minute after a while) would ring a new critical alert late.
      backgroundThrottling: false,
    },
  }
}

/**
 * Opens only http(s) URLs in the system browser. UNSAFE to pass anything else to
 * shell.openExternal: file:, javascript: or custom schemes can run programs.
 */
export function safeExternalUrl(raw: string): string | undefined {
  try {
    const url = new URL(raw)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined
  } catch {
    return undefined
  }
}
