import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import {
  API_METHODS,
  type ApiInput,
  type ApiMethod,
  type ApiOutput,
} from '../../../electron/core/api/contract'
import type { RelayEvent } from '../../../electron/core/events'
import { HistoryStore } from '../../../electron/core/history/history-store'
import { startSimulator, type Simulator } from '../../../electron/core/simulator/simulator-server'
import type { RelayBridge } from '../../../electron/ipc-channels'
import { findAlertmanager, startAlertmanager } from '../../../bench/alertmanager'
import { serveArgs, startCli } from '../../helpers/cli'
import { tempDir } from '../../helpers/servers'
import { createElectronDouble, InstanceLocks, type ElectronDouble } from './electron-double'
import { KEY, openPage, quitShell, endShell, startShell, writeSettings } from './harness'

// The real shell (main.ts, ipc.ts, window.ts, tray.ts, notifications.ts, login.ts, preload.ts)
// over a double of `electron`, a real core on port 0, and the simulator as the robot.

const alertmanager = readFileSync(
  new URL('../../fixtures/alertmanager-group.json', import.meta.url),
  'utf8',
)

let sim: Simulator
let dataDir: string
let double: ElectronDouble
let page: RelayBridge

async function post(body: string): Promise<string[]> {
  const info = await page.appInfo()
  const res = await fetch(`${info.listener.address}/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  })
  expect(res.status).toBe(202)
  return ((await res.json()) as { ids: string[] }).ids
}

beforeEach(async () => {
  sim = await startSimulator({ port: 0, keys: [KEY] })
  dataDir = tempDir('relay-shell-')
  writeSettings(dataDir, sim.webhookUrl(KEY))
  vi.stubEnv('RELAY_DATA_DIR', dataDir)
  // Start-at-login writes the XDG autostart entry: keep it in the test's folder.
  vi.stubEnv('XDG_CONFIG_HOME', join(dataDir, 'xdg'))
  double = createElectronDouble()
})

afterEach(() => endShell(double, sim))

describe('the shell starts', () => {
  it('runs its setup list: data folder, one secure window on the page, tray, listener on loopback', async () => {
    expect(await startShell(double)).toBe(true)
    expect(double.app.getPath('userData')).toBe(dataDir)
    expect(double.app.dockHidden).toBe(true)
    expect(double.windows).toHaveLength(1)
    const win = double.windows[0]!
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(win.options.webPreferences?.preload).toMatch(/preload\.cjs$/)
    expect(win.loaded).toMatch(/renderer[/\\]index\.html$/)
    expect(win.visible).toBe(true)
    expect(double.trays).toHaveLength(1)
    expect(double.trays[0]!.image.path).toMatch(/tray-ok\.(png|ico)$|tray-okTemplate\.png$/)
    expect(double.menuItem('Quit')).toBeDefined()

    page = await openPage(double)
    const info = await page.appInfo()
    expect(info).toMatchObject({ mode: 'electron', dataDir, warnings: [] })
    expect(info.listener.state).toBe('listening')
    expect(info.listener.address).toMatch(/^http:\/\/127\.0\.0\.1:(?!0$)\d+$/)
  })

  it('starts hidden in the tray when launched at login', async () => {
    const argv = process.argv
    process.argv = [...argv, '--hidden']
    try {
      expect(await startShell(double)).toBe(true)
    } finally {
      process.argv = argv
    }
    expect(double.windows[0]!.visible).toBe(false)
  })

  it('says why it cannot start, once, and exits with 1', async () => {
    const notAFolder = join(dataDir, 'config.json')
    vi.stubEnv('RELAY_DATA_DIR', notAFolder)
    expect(await startShell(double)).toBe(false)
    expect(double.app.exitCode).toBe(1)
    expect(double.errorBoxes).toHaveLength(1)
    expect(double.errorBoxes[0]!.content).toContain(notAFolder)
    expect(double.windows).toHaveLength(0)
  })

  it('refuses a data folder a running serve holds, naming it in one sentence', async () => {
    const serve = await startCli(serveArgs(dataDir), /ui: http/)
    onTestFinished(() => serve.stop())
    expect(await startShell(double)).toBe(false)
    expect(double.app.exitCode).toBe(1)
    expect(double.errorBoxes).toHaveLength(1)
    expect(double.errorBoxes[0]!.content).toMatch(
      new RegExp(
        `^The data folder .+ is in use by another relay \\(wecom-alert-relay serve, pid ${serve.child.pid}, since [^)]+\\): stop that one first, or quit the app and start it with another --data-dir=DIR\\.$`,
      ),
    )
    expect(double.windows).toHaveLength(0)
    expect(double.trays).toHaveLength(0)
  }, 60_000)
})

describe('window.relay', () => {
  beforeEach(async () => {
    expect(await startShell(double)).toBe(true)
    page = await openPage(double)
  })

  it('answers every contract method through IPC, with copied values', async () => {
    const [seeded] = await post(alertmanager)
    // A real Alertmanager for silenceUpstream/expireSilence (Debian's prometheus-alertmanager).
    const found = findAlertmanager()
    if ('skipped' in found) throw new Error(found.skipped)
    const am = await startAlertmanager(found.path)
    onTestFinished(() => am.stop())
    let identity = ''
    let muteId = ''
    let silenceId = ''
    const anotherUrl = sim.webhookUrl(KEY).replace(KEY, 'another-robot-key-0002')
    // Typed per method: a method added to the contract does not compile here until it is tested.
    const cases: {
      [M in ApiMethod]: { input?: ApiInput<M>; expect: (out: ApiOutput<M>) => void }
    } = {
      appInfo: { expect: (o) => expect(o.version).toBe('0.0.0-double') },
      listChannels: { expect: (o) => expect(o.map((c) => c.name)).toEqual(['oncall']) },
      validateChannel: {
        input: { channel: { name: 'staging', webhookUrl: anotherUrl } },
        expect: (o) => expect(o.errors).toEqual([]),
      },
      saveChannel: {
        input: { channel: { name: 'staging', webhookUrl: anotherUrl } },
        expect: (o) => expect(o.name).toBe('staging'),
      },
      deleteChannel: {
        input: { name: 'staging' },
        expect: (o) => expect(o).toEqual({ deleted: 'staging' }),
      },
      revealSecret: {
        input: { channel: 'oncall', field: 'webhookUrl' },
        expect: (o) => expect(o.value).toBe(sim.webhookUrl(KEY)),
      },
      duplicateChannel: {
        input: { name: 'oncall', newName: 'oncall-2' },
        expect: (o) => expect(o.name).toBe('oncall-2'),
      },
      templateInfo: {
        expect: (o) => expect(o.samples.map((s) => s.id)).toContain('alertmanager'),
      },
      lintTemplate: {
        input: { template: '${alarm_name', format: 'markdown' },
        expect: (o) => expect(o.length).toBeGreaterThan(0),
      },
      previewTemplate: {
        input: {
          template: 'Alert: ${alarm_name}',
          format: 'text',
          sample: { kind: 'alert', id: seeded! },
        },
        expect: (o) => expect(o.messages[0]!.content).toContain('Alert: DiskFull'),
      },
      previewDigest: {
        input: {
          template: '${alarm_name}',
          format: 'markdown',
          sample: { kind: 'sample', id: 'alertmanager' },
          count: 3,
        },
        expect: (o) => expect(o.of).toBe(3),
      },
      previewStorm: {
        input: {
          template: '${alarm_name}',
          format: 'markdown',
          sample: { kind: 'sample', id: 'alertmanager' },
          count: 4000,
          names: 8,
        },
        expect: (o) => expect(o.messages[0]!.kind).toBe('summary'),
      },
      testWebhook: {
        input: { runId: 'run-1', channel: 'oncall', dryRun: true },
        expect: (o) => expect(o.dryRun).toBe(true),
      },
      revealCurl: {
        input: { channel: 'oncall' },
        expect: (o) => expect(o.curl).toMatch(/^curl /),
      },
      queryHistory: { input: {}, expect: (o) => expect(o.total).toBeGreaterThanOrEqual(1) },
      historyRows: {
        input: {},
        expect: (o) => expect(o.items.find((r) => r.id === seeded)?.name).toBe('DiskFull'),
      },
      historyChart: { input: { buckets: 4 }, expect: (o) => expect(o.buckets).toHaveLength(4) },
      getAlert: {
        input: { id: seeded! },
        expect: (o) => expect(o?.alert.vars.alarm_name).toBe('DiskFull'),
      },
      resendAlert: {
        input: { id: seeded! },
        expect: (o) => expect(o.queued).toEqual(['oncall']),
      },
      exportHistory: {
        input: { format: 'csv' },
        expect: (o) => expect(o.filename).toMatch(/\.csv$/),
      },
      deliveryStatus: { expect: (o) => expect(o.paused).toBe(false) },
      pauseDelivery: { input: { minutes: 5 }, expect: (o) => expect(o.paused).toBe(true) },
      resumeDelivery: { expect: (o) => expect(o.paused).toBe(false) },
      sendTestAlert: { input: {}, expect: (o) => expect(o.ids).toHaveLength(1) },
      getSettings: { expect: (o) => expect(o.defaultChannels).toEqual(['oncall']) },
      updateSettings: {
        input: { patch: { app: { language: 'zh' } } },
        expect: (o) => expect(o.app.language).toBe('zh'),
      },
      exportSettings: {
        input: {},
        expect: (o) => expect(o.content).not.toContain(KEY),
      },
      importSettings: {
        input: {
          content: JSON.stringify({
            listener: { host: '127.0.0.1', port: 0 },
            simulator: { enabled: false },
            channels: [{ name: 'oncall', webhookUrl: sim.webhookUrl(KEY) }],
            defaultChannels: ['oncall'],
            // The fixture's externalURL is a cluster name: silences go to this one.
            oncall: { alertmanager: { url: am.url } },
          }),
        },
        expect: (o) => expect(o.channels.map((c) => c.name)).toEqual(['oncall']),
      },
      listActive: {
        input: {},
        expect: (o) => {
          expect(o.groups[0]!.alerts[0]!.alertId).toBe(seeded)
          identity = o.groups[0]!.alerts[0]!.identity
        },
      },
      acknowledge: {
        get input() {
          return { identities: [identity], note: 'on it' }
        },
        expect: (o) => expect(o.ack?.note).toBe('on it'),
      },
      unacknowledge: {
        get input() {
          return { identities: [identity] }
        },
        expect: (o) => expect(o.unacknowledged).toBe(1),
      },
      listMutes: { expect: (o) => expect(o.mutes).toEqual([]) },
      createMute: {
        input: { matchers: ['alarm_level="info"'], forMinutes: 30 },
        expect: (o) => (muteId = o.id),
      },
      createMuteFromAlert: {
        input: { alertId: seeded!, forMinutes: 30 },
        expect: (o) =>
          expect(o.matchers[0]).toMatchObject({ name: 'alertname', value: 'DiskFull' }),
      },
      expireMute: {
        get input() {
          return { id: muteId }
        },
        expect: (o) => expect(o.expiredAt).toBeDefined(),
      },
      silenceUpstream: {
        input: { alertId: seeded!, forMinutes: 30 },
        expect: (o) => {
          expect(o.link).toBe(`${am.url}/#/silences/${o.id}`)
          silenceId = o.id
        },
      },
      expireSilence: {
        get input() {
          return { id: silenceId }
        },
        expect: (o) => expect(o.state).toBe('expired'),
      },
      silenceTarget: {
        input: { alertId: seeded! },
        expect: (o) => expect(o.address).toBe(am.url),
      },
      simulatorMessages: { expect: (o) => expect(o.running).toBe(false) },
      clearSimulator: { expect: (o) => expect(typeof o.cleared).toBe('boolean') },
      readSenderBody: {
        input: { json: '{"rule_name":"High error rate","severity":1,"target_ident":"api-01"}' },
        expect: (o) => expect(o.alerts[0]?.source).toBe('nightingale'),
      },
      subscriptionRequests: { expect: (o) => expect(o).toEqual([]) },
    }
    expect(Object.keys(cases)).toEqual(API_METHODS)
    expect(Object.keys(page).sort()).toEqual([...API_METHODS, 'onEvent'].sort())
    for (const method of API_METHODS) {
      const { input, expect: check } = cases[method] as {
        input?: unknown
        expect: (o: unknown) => void
      }
      const out = await (page[method] as (i?: unknown) => Promise<unknown>)(input)
      try {
        check(out)
      } catch (err) {
        throw new Error(`${method}: ${(err as Error).message}`)
      }
    }
  })

  it('brings a form its error sentence and field list across the bridge', async () => {
    const bad = page.saveChannel({ channel: { name: 'broken', webhookUrl: 'not a url' } })
    await expect(bad).rejects.toMatchObject({
      message: expect.stringMatching(/^webhookUrl: .+\.$/) as string,
      fields: [{ path: 'webhookUrl', message: expect.any(String) as string }],
    })
    // And the renderer's client turns that into its RelayError with the fields.
    vi.stubGlobal('window', { relay: page })
    const { createClient, RelayError } = await import('../../../renderer/src/api')
    const client = createClient()
    expect(client.transport).toBe('ipc')
    const err: unknown = await client
      .saveChannel({ channel: { name: 'broken', webhookUrl: 'not a url' } })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(RelayError)
    expect((err as InstanceType<typeof RelayError>).fields.map((f) => f.path)).toEqual([
      'webhookUrl',
    ])
    expect((await page.listChannels()).map((c) => c.name)).toEqual(['oncall'])
  })

  it('refuses input the schema refuses, with one sentence, and changes nothing', async () => {
    await expect(page.pauseDelivery({ minutes: -5 })).rejects.toMatchObject({
      message: expect.stringMatching(/^Invalid input for pauseDelivery: minutes .+\.$/) as string,
    })
    expect((await page.deliveryStatus()).paused).toBe(false)
  })

  it('refuses a foreign frame in the window, and another window, changing nothing', async () => {
    const foreign = await openPage(double, { frameUrl: 'https://attacker.example/frame.html' })
    await expect(foreign.pauseDelivery({})).rejects.toMatchObject({
      message: 'Refused: this request did not come from the relay window.',
    })
    const Window = double.module.BrowserWindow as new (
      o: object,
    ) => ElectronDouble['windows'][number]
    const other = new Window({ show: false })
    await other.loadFile(double.windows[0]!.loaded!)
    const fromOther = await openPage(double, { window: 1 })
    await expect(fromOther.getSettings()).rejects.toMatchObject({
      message: expect.stringMatching(/^Refused/) as string,
    })
    expect((await page.deliveryStatus()).paused).toBe(false)
  })

  it('pushes relay events to the page until it unsubscribes', async () => {
    const seen: RelayEvent[] = []
    const stop = page.onEvent((e) => seen.push(e))
    const ids = await post(alertmanager)
    await vi.waitFor(() =>
      expect(seen.find((e) => e.type === 'alert.received')).toMatchObject({ ids }),
    )
    stop()
    const count = seen.length
    await post(alertmanager)
    await page.deliveryStatus()
    expect(seen.filter((e) => e.type === 'alert.received')).toHaveLength(1)
    expect(seen.length).toBeGreaterThanOrEqual(count)
  })
})

describe('tray and window', () => {
  beforeEach(async () => {
    expect(await startShell(double)).toBe(true)
    page = await openPage(double)
  })

  const click = (label: string | RegExp) => {
    const item = double.menuItem(label)
    expect(item.enabled).not.toBe(false)
    ;(item.click as () => void)()
  }

  it('pauses and resumes sending, and the menu follows', async () => {
    click('Pause sending for 1 hour')
    await vi.waitFor(async () => expect((await page.deliveryStatus()).paused).toBe(true))
    const until = (await page.deliveryStatus()).pausedUntil
    expect(Date.parse(until!) - Date.now()).toBeGreaterThan(59 * 60_000)
    await vi.waitFor(() => expect(double.menuItem('Resume sending')).toBeDefined())
    expect(double.trays[0]!.image.path).toMatch(/tray-paused/)
    click('Resume sending')
    await vi.waitFor(async () => expect((await page.deliveryStatus()).paused).toBe(false))
    await vi.waitFor(() => expect(double.menuItem('Pause sending for 1 hour')).toBeDefined())
  })

  it('sends a test message to the default channel', async () => {
    click('Send test message to default channel')
    // A quiet channel holds its first message for the gather window (1.5 s, #23).
    await vi.waitFor(
      () =>
        expect(sim.rules.messages.map((m) => JSON.stringify(m))).toEqual([
          expect.stringContaining('Test alert from WeCom Alert Relay'),
        ]),
      { timeout: 5000 },
    )
  })

  it('opens the window, and a firing alert from the menu on the Now page', async () => {
    const win = double.windows[0]!
    expect(win.close()).toBe(false)
    expect(win.visible).toBe(false)
    click('Open WeCom Alert Relay')
    expect(win.visible && win.focused).toBe(true)

    const ids = await post(alertmanager)
    await vi.waitFor(() => expect(double.menuItem(/DiskFull/)).toBeDefined())
    win.hide()
    click(/DiskFull/)
    expect(win.visible).toBe(true)
    expect(ids.map((id) => `location.hash = "#/now/${id}"`)).toContain(
      win.webContents.executed.at(-1),
    )
    double.trays[0]!.emit('click')
    expect(win.focused).toBe(true)
  })

  it('counts firing critical alerts in the tooltip and badge, lists them, and mutes everything for an hour', async () => {
    await post(alertmanager)
    await vi.waitFor(() => expect(double.trays[0]!.tooltip).toContain('1 critical alert firing'))
    if (process.platform !== 'win32') expect(double.app.badgeCount).toBe(1)
    if (process.platform === 'darwin') expect(double.trays[0]!.title).toBe('1')
    // The resolved alert of the same group is not listed: only what fires now.
    expect(double.menuItem(/^Firing now \(1\)$/)).toBeDefined()
    click(/^\[critical\] DiskFull · db-1:9100 · \d+[mhd]$/)
    click('Mute everything for 1 hour')
    await vi.waitFor(async () =>
      expect((await page.listMutes()).mutes).toMatchObject([
        { state: 'active', text: ['alarm_name=~".*"'] },
      ]),
    )
    // While muted, an alert pops up no notification and is not sent.
    const before = sim.rules.messages.length
    const notified = double.notifications.length
    const [id] = await post(alertmanager)
    await vi.waitFor(async () =>
      expect((await page.getAlert({ id: id! }))?.deliveries.oncall?.state).toBe('muted'),
    )
    expect(double.notifications).toHaveLength(notified)
    expect(sim.rules.messages).toHaveLength(before)
  })

  it('turns start at login on from its checkbox', async () => {
    click('Start at login')
    await vi.waitFor(async () => expect((await page.getSettings()).app.startAtLogin).toBe(true))
    if (process.platform === 'linux')
      expect(existsSync(join(dataDir, 'xdg', 'autostart'))).toBe(true)
    else expect(double.app.loginItems).toEqual([expect.objectContaining({ openAtLogin: true })])
    await vi.waitFor(() => expect(double.menuItem('Start at login').checked).toBe(true))
  })

  it('shows a critical alert as a notification whose click opens it on the Now page', async () => {
    const [id] = await post(alertmanager)
    await vi.waitFor(() => expect(double.notifications).toHaveLength(1))
    const n = double.notifications[0]!
    expect(n.options.title).toBe('[critical] DiskFull')
    double.windows[0]!.hide()
    n.emit('click')
    expect(double.windows[0]!.visible).toBe(true)
    expect(double.windows[0]!.webContents.executed.at(-1)).toContain(`#/now/${id}`)
  })

  it('denies new windows and navigation; opens only http(s) links outside', () => {
    const contents = double.windows[0]!.webContents
    expect(contents.openWindow('https://developer.work.weixin.qq.com/document/path/91770')).toBe(
      'deny',
    )
    expect(contents.openWindow('file:///etc/passwd')).toBe('deny')
    expect(contents.openWindow('javascript:alert(1)')).toBe('deny')
    expect(double.opened).toEqual(['https://developer.work.weixin.qq.com/document/path/91770'])
    expect(contents.navigate('https://attacker.example/')).toBe(true)
  })

  it('hides on close, keeps its place, and reopens there after a restart', async () => {
    const win = double.windows[0]!
    expect(win.close()).toBe(false)
    expect(win.isDestroyed()).toBe(false)
    expect(win.visible).toBe(false)
    const saved = JSON.parse(readFileSync(join(dataDir, 'window-state.json'), 'utf8')) as object
    expect(saved).toEqual(win.getBounds())
    writeFileSync(
      join(dataDir, 'window-state.json'),
      JSON.stringify({ x: 40, y: 50, width: 900, height: 700 }),
    )
    expect(await quitShell(double)).toBe(0)
    // The same machine and account: the same key store opens the sealed settings.
    double = createElectronDouble({ keyStore: double.keyStore })
    expect(await startShell(double)).toBe(true)
    expect(double.windows[0]!.options).toMatchObject({ x: 40, y: 50, width: 900, height: 700 })
  })

  it('quits from the tray only after the send in flight is finished and recorded', async () => {
    sim.faults.add({ fault: { kind: 'delay', ms: 1000 }, times: 1 })
    const [id] = await post(alertmanager)
    // The robot has the request and is holding its answer (after the gather window, #23).
    await vi.waitFor(() => expect(sim.faults.list()).toEqual([]), { timeout: 5000 })
    click('Quit')
    expect(await double.app.exited).toBe(0)
    expect(double.trays[0]!.destroyed).toBe(true)
    expect(sim.rules.messages).toHaveLength(1)
    const history = await HistoryStore.open({
      dir: join(dataDir, 'history'),
      maxAlerts: 1000,
      maxAgeDays: 30,
    })
    try {
      expect(history.get(id!)?.deliveries.oncall?.state).toBe('delivered')
    } finally {
      await history.close()
    }
  })
})

describe('a second start', () => {
  it('focuses the first instance and quits without a window or a relay', async () => {
    const locks = new InstanceLocks()
    double = createElectronDouble({ locks })
    expect(await startShell(double)).toBe(true)
    const win = double.windows[0]!
    win.minimize()
    win.hide()

    const second = createElectronDouble({ locks })
    expect(await startShell(second)).toBe(false)
    expect(second.app.exitCode).toBe(0)
    expect(second.windows).toHaveLength(0)
    expect(second.handlers.size).toBe(0)

    await vi.waitFor(() => expect(win.visible && win.focused).toBe(true))
    expect(win.isMinimized()).toBe(false)
  })
})
