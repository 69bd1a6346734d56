import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import type { AppInfo } from '../../../electron/core/api/contract'
import { say } from '../../../electron/core/text/core-text'
import { toCurl } from '../../../electron/core/diagnose/curl'
import type { HistoryEntry } from '../../../electron/core/history/records'
import { settingsSchema } from '../../../electron/core/settings/schema'
import { chooseEncoding } from '../../../electron/headless/static'
import { startupProblems } from '../../../renderer/src/components/status-model'
import { maskKey, unmask } from '../../../renderer/src/components/webhook-mask'
import {
  axisLabels,
  badgesOf,
  shownVariable,
  zoomedRange,
  isFiltered,
  NO_FILTERS,
  sentMessages,
  toQuery,
} from '../../../renderer/src/pages/history/history-model'
import {
  insertAt,
  saveVerdict,
  suggestionPrefix,
} from '../../../renderer/src/pages/templates/editor-model'
import { withExports, withPlaceholders } from '../../../renderer/src/pages/test/curl-model'
import { formatLocal } from '../../../renderer/src/i18n'

const entry = (over: Partial<HistoryEntry>): HistoryEntry =>
  ({ alert: {}, targets: [], skipped: [], deliveries: {}, attempts: [], ...over }) as HistoryEntry

describe('history model', () => {
  it('gives one badge per channel, a target without a record is pending', () => {
    const e = entry({
      targets: ['b', 'a', 'c'],
      deliveries: { b: { state: 'failed', at: 'x' }, a: { state: 'delivered', at: 'x' } },
    })
    expect(badgesOf(e)).toEqual([
      { channel: 'a', state: 'delivered' },
      { channel: 'b', state: 'failed' },
      { channel: 'c', state: 'pending' },
    ])
  })

  it('keeps the last content message per channel, not the mention follow-up', () => {
    const at = (
      channel: string,
      time: string,
      kind: string,
      content: string,
      outcome = 'success',
    ) =>
      ({
        channel,
        at: time,
        kind,
        content,
        msgtype: 'markdown',
        outcome,
      }) as HistoryEntry['attempts'][number]
    const m = sentMessages(
      entry({
        attempts: [
          at('a', '2026-01-01T00:00:00Z', 'alone', 'first', 'retryable'),
          at('a', '2026-01-01T00:01:00Z', 'alone', 'second'),
          at('a', '2026-01-01T00:02:00Z', 'mention', '@13800001111'),
          at('b', '2026-01-01T00:00:00Z', 'digest', 'digest'),
        ],
      }),
    )
    expect(m.get('a')).toMatchObject({ content: 'second', ok: true })
    expect(m.get('b')?.content).toBe('digest')
  })

  it('labels the chart axis by the range: times, then dates with times, then dates', () => {
    const from = Date.parse('2026-03-01T00:00:00')
    const starts = (span: number) => [
      new Date(from).toISOString(),
      new Date(from + span).toISOString(),
    ]
    expect(axisLabels(starts(3_600_000))[0]).toBe('00:00')
    expect(axisLabels(starts(3 * 86_400_000))[0]).toBe('03-01 00:00')
    expect(axisLabels(starts(30 * 86_400_000))[0]).toBe('03-01')
  })

  it('labels the chart axis in the zone the table uses, not the machine’s', () => {
    const starts = ['2026-03-01T00:00:00Z', '2026-03-01T01:00:00Z']
    expect(axisLabels(starts, (iso) => formatLocal(iso, 'Asia/Shanghai'))).toEqual([
      '08:00',
      '09:00',
    ])
    expect(axisLabels(starts, (iso) => formatLocal(iso, 'America/New_York'))[0]).toBe('19:00')
  })

  it('draws a burst in a 24 h range over the part that holds it, in round bars', () => {
    const end = Date.parse('2026-03-02T00:00:00Z')
    const bar = 30 * 60_000
    const bars = Array.from({ length: 48 }, (_, i) => ({
      start: new Date(end - (48 - i) * bar).toISOString(),
      delivered: i === 40 ? 564 : 0,
      pending: 0,
      failed: 0,
      other: 0,
    }))
    // Everything in one 30-minute bar: drawn again as 30 one-minute bars.
    expect(zoomedRange(bars)).toEqual({
      from: bars[40]!.start,
      to: new Date(Date.parse(bars[40]!.start) + bar).toISOString(),
      buckets: 30,
    })
    // Two hours apart: 5-minute bars from the first to the last.
    bars[44]!.failed = 3
    expect(zoomedRange(bars)).toMatchObject({ buckets: 30 })
    expect(zoomedRange(bars)!.from).toBe(bars[40]!.start)
    // Spread over the day: the range is right as it is.
    bars[2]!.pending = 1
    expect(zoomedRange(bars)).toBeUndefined()
    // Nothing at all: nothing to zoom to.
    expect(zoomedRange(bars.map((b) => ({ ...b, delivered: 0, failed: 0, pending: 0 })))).toBe(
      undefined,
    )
  })

  it('shows time variables in the window’s zone, from the sender’s own time when kept', () => {
    const shanghai = (iso: string) => formatLocal(iso, 'Asia/Shanghai')
    const vars = {
      alarm_active_at: '2026-03-01 08:00:00 +00:00',
      alarm_active_raw: '2026-03-01T08:00:00Z',
      alarm_resolved_at: '2026-03-01 09:30:00 +00:00',
      alarm_name: 'DiskFull',
    }
    expect(shownVariable('alarm_active_at', vars, shanghai)).toBe('2026-03-01 16:00:00 UTC+08:00')
    expect(shownVariable('alarm_resolved_at', vars, shanghai)).toBe('2026-03-01 17:30:00 UTC+08:00')
    expect(shownVariable('alarm_name', vars, shanghai)).toBe('DiskFull')
    expect(shownVariable('alarm_updated_at', { alarm_updated_at: 'soon' }, shanghai)).toBe('soon')
  })

  it('sends only the filters that are set', () => {
    expect(isFiltered(NO_FILTERS)).toBe(false)
    expect(toQuery({ ...NO_FILTERS, outcome: 'failed', text: 'disk' })).toEqual({
      outcome: 'failed',
      text: 'disk',
    })
  })
})

describe('template editor model', () => {
  it('finds the ${ prefix at the caret', () => {
    expect(suggestionPrefix('a ${alarm_l', 11)).toEqual({ prefix: 'alarm_l', at: 2 })
    expect(suggestionPrefix('a ${alarm_level} b', 18)).toBeUndefined()
  })

  it('selects the placeholder of labels.X so typing replaces it', () => {
    const r = insertAt('x  y', 2, 2, '${labels.name}', 'name')
    expect(r.value).toBe('x ${labels.name} y')
    expect(r.value.slice(...r.selection)).toBe('name')
    expect(insertAt('', 0, 0, '${alarm_name}').selection).toEqual([13, 13])
  })

  it('blocks errors and asks about warnings', () => {
    const issue = (severity: 'error' | 'warning') => ({
      severity,
      message: { text: '' },
      start: 0,
      end: 0,
      line: 1,
      column: 1,
    })
    expect(saveVerdict([issue('warning'), issue('error')])).toBe('errors')
    expect(saveVerdict([issue('warning')])).toBe('warnings')
    expect(saveVerdict([])).toBe('ok')
  })
})

describe('webhook URL display', () => {
  it('masks only the key and puts it back around an edit', () => {
    const real =
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1'
    const shown = maskKey(real)
    expect(shown).toBe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…c2f1')
    expect(unmask(shown.replace('https', 'http'), shown, real)).toBe(real.replace('https', 'http'))
    expect(unmask('typed over', shown, real)).toBe('typed over')
  })
})

describe('copy as curl', () => {
  it('makes the masked command runnable with $WECOM_KEY and $PROXY_PASSWORD', () => {
    const masked = toCurl({
      url: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1&debug=1',
      body: { msgtype: 'text', text: { content: "it's" } },
      proxy: 'http://user:secret@10.0.0.1:3128',
    })
    const runnable = withPlaceholders(masked)
    expect(runnable).not.toContain('…')
    // The shell expands the placeholders to exactly the URL and proxy (echo instead of curl).
    const words = execFileSync('bash', ['-c', runnable.replace(/^curl /, 'printf "%s\\n" ')], {
      env: { ...process.env, WECOM_KEY: 'the-key', PROXY_PASSWORD: 'pw' },
      encoding: 'utf8',
    })
    expect(words).toContain('http://127.0.0.1:9/cgi-bin/webhook/send?key=the-key&debug=1')
    expect(words).toContain('http://user:pw@10.0.0.1:3128')
    expect(words).toContain(`{"msgtype":"text","text":{"content":"it's"}}`)
    // Shown and copied with the export lines it needs: the words in them replaced, it runs as is.
    const shown = withExports(runnable, { key: "the robot's key", proxyPassword: '代理密码' })
    expect(shown.split('\n').slice(0, 2)).toEqual([
      `export WECOM_KEY='the robot'\\''s key'`,
      "export PROXY_PASSWORD='代理密码'",
    ])
    const filled = shown.replace(`'the robot'\\''s key'`, 'k2').replace('代理密码', 'pw2')
    const echoed = execFileSync('bash', ['-c', filled.replace(/^curl /m, 'printf "%s\\n" ')], {
      env: { ...process.env, WECOM_KEY: '', PROXY_PASSWORD: '' },
      encoding: 'utf8',
    })
    expect(echoed).toContain('send?key=k2&debug=1')
    expect(echoed).toContain('http://user:pw2@10.0.0.1:3128')
    // A revealed command (no placeholders) needs no export line.
    expect(withExports('curl http://x/?key=abc', { key: 'k', proxyPassword: 'p' })).toBe(
      'curl http://x/?key=abc',
    )
  })
})

describe('start-up problems', () => {
  const settings = settingsSchema.parse({
    simulator: { port: 8762 },
    channels: [
      {
        name: 'simulator',
        webhookUrl: 'http://127.0.0.1:8762/cgi-bin/webhook/send?key=relay-demo',
      },
    ],
  })
  const info = (over: Partial<AppInfo>): AppInfo => ({
    version: '0',
    mode: 'headless',
    dataDir: '',
    settingsPath: '',
    listener: { state: 'listening', address: 'http://127.0.0.1:8760', pinned: false },
    simulator: 'http://127.0.0.1:8762',
    simulatorStatus: { state: 'running', origin: 'http://127.0.0.1:8762' },
    warnings: [],
    scriptChannels: false,
    ...over,
  })
  it('names the channels that point at a simulator that is not running', () => {
    expect(startupProblems(info({}), settings).simulatorDown).toBe(false)
    const reason = say('listen.inUse', {
      who: say('phrase.simulator'),
      address: '127.0.0.1:8762',
      todo: say('phrase.simulatorTodo'),
    })
    const p = startupProblems(
      info({
        simulator: undefined,
        simulatorStatus: { state: 'failed', address: '127.0.0.1:8762', code: 'EADDRINUSE', reason },
      }),
      settings,
    )
    expect(p.simulatorDown).toBe(true)
    expect(p.simulatorReason).toBe(reason)
    expect(p.seededChannels).toEqual([{ channel: 'simulator', url: 'http://127.0.0.1:8762' }])
  })
  it('sees a --listen override', () => {
    expect(startupProblems(info({}), settings).listenOverride).toBeUndefined()
    expect(
      startupProblems(
        info({ listener: { state: 'listening', address: 'http://127.0.0.1:9999', pinned: true } }),
        settings,
      ).listenOverride,
    ).toBe('http://127.0.0.1:9999')
    // A port the settings chose (0: any free port) is not an override, wherever it landed.
    expect(
      startupProblems(
        info({ listener: { state: 'listening', address: 'http://127.0.0.1:9999', pinned: false } }),
        settings,
      ).listenOverride,
    ).toBeUndefined()
  })
})

describe('static encoding', () => {
  it('prefers Brotli, then gzip, and honours q=0', () => {
    expect(chooseEncoding('gzip, deflate, br')).toBe('br')
    expect(chooseEncoding('gzip')).toBe('gzip')
    expect(chooseEncoding('br;q=0, gzip')).toBe('gzip')
    expect(chooseEncoding('identity')).toBeUndefined()
    expect(chooseEncoding(undefined)).toBeUndefined()
  })
})
