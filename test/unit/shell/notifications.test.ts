import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SettingsInput } from '../../../electron/core/settings/schema'
import { startSimulator, type Simulator } from '../../../electron/core/simulator/simulator-server'
import type { RelayBridge } from '../../../electron/ipc-channels'
import { tempDir } from '../../helpers/servers'
import { createElectronDouble, type ElectronDouble } from './electron-double'
import { KEY, endShell, openPage, startShell, writeSettings } from './harness'

// Desktop notifications through the real shell (main.ts, notifications.ts) over the electron
// double: which alerts pop up by the on-call urgency rule, what a click opens, the buttons where
// Electron shows them, and what the critical do-not-disturb opt-in changes.

// Alertmanager's webhook payload (version 4), as its docs publish it; see test/fixtures.
const group = JSON.parse(
  readFileSync(new URL('../../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
) as { alerts: Array<{ status: string; labels: Record<string, string>; fingerprint?: string }> }

/** The fixture's firing alert, at `severity`, on its own instance (a new identity each time). */
function firing(severity: string, instance: string): string {
  const a = group.alerts.find((x) => x.status === 'firing')!
  return JSON.stringify({
    ...group,
    status: 'firing',
    alerts: [{ ...a, labels: { ...a.labels, severity, instance }, fingerprint: `fp-${instance}` }],
  })
}

let sim: Simulator
let dataDir: string
let double: ElectronDouble
let page: RelayBridge

async function start(over: Partial<SettingsInput> = {}): Promise<void> {
  writeSettings(dataDir, sim.webhookUrl(KEY), over)
  expect(await startShell(double)).toBe(true)
  page = await openPage(double)
}

async function post(body: string): Promise<string> {
  const info = await page.appInfo()
  const res = await fetch(`${info.listener.address}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  expect(res.status).toBe(202)
  return ((await res.json()) as { ids: string[] }).ids[0]!
}

/** Posts a sentinel critical alert and waits for its notification: what came before is settled. */
async function settled(): Promise<string[]> {
  const before = double.notifications.length
  await post(firing('critical', `sentinel-${before}`))
  await vi.waitFor(() => expect(double.notifications.length).toBeGreaterThan(before))
  return double.notifications.map((n) => n.options.title ?? '')
}

const platform = Object.getOwnPropertyDescriptor(process, 'platform')!
function onPlatform(p: NodeJS.Platform) {
  Object.defineProperty(process, 'platform', { ...platform, value: p })
}

beforeEach(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY] })
  dataDir = tempDir('relay-notify-')
  vi.stubEnv('RELAY_DATA_DIR', dataDir)
  vi.stubEnv('XDG_CONFIG_HOME', join(dataDir, 'xdg'))
  double = createElectronDouble()
})

afterEach(async () => {
  Object.defineProperty(process, 'platform', platform)
  await endShell(double, sim)
})

describe('desktop notifications follow the urgency rule per level', () => {
  it('app.notifications (critical only) decides for levels that set nothing', async () => {
    await start()
    await post(firing('warning', 'web-1'))
    // The notifications are paced (one per 5 s): the sentinel's summary says what got through.
    expect(await settled()).not.toContain('[warning] DiskFull')
    expect(double.notifications.every((n) => !/warning/.test(n.options.title ?? ''))).toBe(true)
  })

  it("a level's own switch wins: warning on, critical off", async () => {
    await start({
      // Unpaced: the next alert pops up on its own, at once.
      app: { notifyEverySeconds: 0 },
      oncall: {
        levels: {
          warning: { notify: true, sound: false },
          critical: { notify: false, sound: true },
          down: { notify: true, sound: true },
        },
      },
    })
    await post(firing('critical', 'db-9'))
    await post(firing('warning', 'web-1'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(1))
    expect(double.notifications[0]!.options.title).toBe('[warning] DiskFull')
    // The critical one never popped up, even as part of a summary.
    await post(firing('down', 'db-10'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(2))
    expect(double.notifications[1]!.options.title).toBe('[down] DiskFull')
  })

  it('quiet hours hold everything but critical, which may still come through', async () => {
    // From 00:00 to 00:00: quiet all day, whatever the machine's clock says.
    await start({
      app: { notifications: 'all' },
      oncall: { quietHours: { enabled: true, from: '00:00', to: '00:00', allowCritical: true } },
    })
    await post(firing('warning', 'web-1'))
    await post(firing('critical', 'db-1'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(1))
    expect(double.notifications[0]!.options.title).toBe('[critical] DiskFull')
  })
})

describe('acting from a notification', () => {
  it('on Linux a click opens the Now page on the alert (no buttons there)', async () => {
    onPlatform('linux')
    await start()
    const id = await post(firing('critical', 'db-1'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(1))
    const n = double.notifications[0]!
    expect(n.options.actions).toBeUndefined()
    double.windows[0]!.hide()
    n.emit('click')
    expect(double.windows[0]!.visible).toBe(true)
    expect(double.windows[0]!.webContents.executed.at(-1)).toBe(`location.hash = "#/now/${id}"`)
  })

  it('on macOS and Windows its buttons acknowledge the alert or mute it for an hour', async () => {
    onPlatform('darwin')
    await start({ app: { notifyEverySeconds: 0 } })
    await post(firing('critical', 'db-1'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(1))
    const n = double.notifications[0]!
    expect(n.options.actions).toEqual([
      { type: 'button', text: 'Acknowledge' },
      { type: 'button', text: 'Mute 1 h' },
    ])
    n.emit('action', { actionIndex: 0 })
    await vi.waitFor(async () => {
      const view = await page.listActive({})
      expect(
        view.groups.flatMap((g) => g.alerts).find((a) => a.target === 'db-1')?.ack,
      ).toBeTruthy()
    })
    n.emit('action', { actionIndex: 1 })
    await vi.waitFor(async () =>
      expect((await page.listMutes()).mutes).toMatchObject([
        {
          state: 'active',
          comment: 'Muted from a notification',
          // The alert's labels, alertname first, as a silence from an alert in Alertmanager.
          text: ['alertname="DiskFull"', 'instance="db-1"', 'severity="critical"'],
        },
      ]),
    )

    onPlatform('win32')
    await post(firing('critical', 'db-2'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(2))
    expect(double.notifications[1]!.options.actions).toHaveLength(2)
  })
})

describe('critical alerts and do-not-disturb', () => {
  it('are plain notifications by default: the OS may hold them in do-not-disturb', async () => {
    await start()
    await post(firing('critical', 'db-1'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(1))
    expect(double.notifications[0]!.options.urgency).toBeUndefined()
    expect(double.windows[0]!.flashing).toBe(false)
  })

  it('with the opt-in: marked critical, never timing out, and the taskbar entry flashes', async () => {
    await start({ app: { notifyEverySeconds: 0 }, oncall: { overrideDoNotDisturb: true } })
    await post(firing('down', 'db-1'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(1))
    expect(double.notifications[0]!.options).toMatchObject({
      urgency: 'critical',
      timeoutType: 'never',
    })
    expect(double.windows[0]!.flashing).toBe(true)
    // A warning stays ordinary.
    await page.updateSettings({ patch: { app: { notifications: 'all' } } })
    await post(firing('warning', 'web-1'))
    await vi.waitFor(() => expect(double.notifications).toHaveLength(2))
    expect(double.notifications[1]!.options.urgency).toBeUndefined()
  })
})
