import { request } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findAlertmanager, startAlertmanager } from '../../bench/alertmanager'
import { API_METHODS, type ApiMethod, type SenderReading } from '../../electron/core/api/contract'
import type { CoreText } from '../../electron/core/text/core-text'
import { coreText, loadCoreTexts } from '../../renderer/src/i18n/core-sentences'
import type { UiServer } from '../../electron/headless/api-server'
import { startTestRelay, startTestUi, waitFor, type TestRelay } from '../helpers/relay'

const TOKEN = 'test-ui-token-0123456789abcdef'
let t: TestRelay
let ui: UiServer
// A real Alertmanager for silenceUpstream/expireSilence (Debian's prometheus-alertmanager).
let am: Awaited<ReturnType<typeof startAlertmanager>> | undefined
let amAlertId = ''

beforeAll(async () => {
  t = await startTestRelay({
    channels: [{ name: 'oncall' }, { name: 'db', keys: ['db-robot-key-01'] }],
  })
  ui = await startTestUi(t, TOKEN, '9.9.9')
  const found = findAlertmanager()
  if ('skipped' in found) throw new Error(found.skipped)
  am = await startAlertmanager(found.path)
  const res = await t.post('/alerts', {
    version: '4',
    status: 'firing',
    receiver: 'relay',
    groupKey: '{}:{alertname="ApiDiskFull"}',
    externalURL: am.url,
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'ApiDiskFull', severity: 'critical', instance: 'db-1:9100' },
        annotations: { summary: 'Disk almost full' },
        startsAt: new Date().toISOString(),
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: 'api0000000000001',
      },
    ],
  })
  amAlertId = ((await res.json()) as { ids: string[] }).ids[0]!
})
afterAll(async () => {
  await ui.close()
  await t.close()
  await am?.stop()
})

async function call<T = unknown>(
  method: string,
  input?: unknown,
  headers: Record<string, string> = {},
): Promise<{
  status: number
  body: {
    result?: T
    error?: string
    sentence?: { code?: string; params?: Record<string, string>; text: string }
    fields?: Array<{ path: string; message: string }>
  }
}> {
  const res = await fetch(`${ui.origin}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: JSON.stringify(input ?? null),
  })
  return { status: res.status, body: (await res.json()) as never }
}

let alertId = ''
let muteId = ''
let silenceId = ''

/** One call per method, in an order that builds on itself. Every method of the contract must be here. */
const CASES: Array<[ApiMethod, () => unknown, (result: never) => void]> = [
  [
    'appInfo',
    () => undefined,
    (r: { version: string; mode: string; listener: { state: string } }) =>
      expect(r).toMatchObject({
        version: '9.9.9',
        mode: 'headless',
        listener: { state: 'listening' },
      }),
  ],
  [
    'listChannels',
    () => undefined,
    (r: Array<{ name: string }>) => expect(r.map((c) => c.name)).toEqual(['oncall', 'db']),
  ],
  [
    'validateChannel',
    () => ({
      channel: {
        name: 'new',
        webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
        mentionMobiles: ['bob'],
      },
    }),
    (r: { errors: Array<{ path: string; message: string }> }) =>
      expect(r.errors.map((e) => e.path).sort()).toEqual(['mentionMobiles', 'webhookUrl']),
  ],
  [
    'saveChannel',
    () => ({
      channel: { name: 'ops', webhookUrl: t.sim.webhookUrl('robot-key-0001'), format: 'text' },
    }),
    (r: { name: string; template: string }) =>
      expect(r).toMatchObject({ name: 'ops', template: expect.stringContaining('Target:') }),
  ],
  [
    'revealSecret',
    () => ({ channel: 'ops', field: 'webhookUrl' }),
    (r: { value: string }) => expect(r.value).toBe(t.sim.webhookUrl('robot-key-0001')),
  ],
  [
    'duplicateChannel',
    () => ({ name: 'ops' }),
    (r: { name: string }) => expect(r.name).toBe('ops copy'),
  ],
  [
    'deleteChannel',
    () => ({ name: 'ops copy' }),
    (r: { deleted: string }) => expect(r.deleted).toBe('ops copy'),
  ],
  [
    'templateInfo',
    () => undefined,
    (r: { variables: unknown[]; samples: Array<{ id: string }>; limits: Record<string, number> }) =>
      expect(r.samples.map((s) => s.id)).toContain('alertmanager'),
  ],
  [
    'lintTemplate',
    () => ({ template: '${alarm_levle}', format: 'markdown' }),
    (r: Array<{ message: { code: string; text: string } }>) =>
      expect(r[0]!.message).toMatchObject({
        code: 'lint.unknownSuggest',
        text: expect.stringContaining('Did you mean ${alarm_level}?'),
      }),
  ],
  [
    'previewTemplate',
    () => ({
      template: '### ${alarm_name}\n<font color="warning">${alarm_level}</font>',
      format: 'markdown',
      sample: { kind: 'sample', id: 'alertmanager' },
      mentionMobiles: ['13800001111'],
    }),
    (r: { messages: Array<{ msgtype: string; html: string; bytes: number }> }) => {
      expect(r.messages.map((m) => m.msgtype)).toEqual(['markdown', 'text'])
      // The level in the channel's words; a template without the status gets a status line.
      expect(r.messages[0]!.html).toContain('<span class="wc-font wc-warning">Critical</span>')
      expect(r.messages[0]!.html).toContain('FIRING')
    },
  ],
  [
    'previewDigest',
    () => ({
      template: '### ${alarm_name}',
      format: 'markdown',
      sample: { kind: 'sample', id: 'grafana' },
      count: 10,
    }),
    (r: { carried: number; of: number }) => expect(r).toMatchObject({ carried: 10, of: 10 }),
  ],
  [
    'previewStorm',
    () => ({
      // A block of about 500 bytes: eight to a message, so 1,000 alerts are a storm.
      template: `### \${alarm_name}\n${'Details of the alert. '.repeat(23)}`,
      format: 'markdown',
      sample: { kind: 'sample', id: 'grafana' },
      count: 1000,
      names: 40,
    }),
    (r: { storm: boolean; messages: Array<{ kind: string; atMs: number; alerts: number }> }) =>
      expect(r).toMatchObject({
        storm: true,
        messages: expect.arrayContaining([
          // All at once: the gather window (1.5 s by default) holds the first message.
          { ...r.messages[0], kind: 'summary', atMs: 1500, alerts: 1000 },
        ]),
      }),
  ],
  [
    'testWebhook',
    () => ({ runId: 'r1', channel: 'oncall' }),
    (r: { ok: boolean; stages: unknown[] }) => expect(r.ok).toBe(true),
  ],
  [
    'revealCurl',
    () => ({ channel: 'oncall' }),
    (r: { curl: string }) => expect(r.curl).toContain('key=robot-key-0001'),
  ],
  [
    'sendTestAlert',
    () => ({ channel: 'db' }),
    (r: { ids: string[] }) => {
      expect(r.ids).toHaveLength(1)
      alertId = r.ids[0]!
    },
  ],
  [
    'listActive',
    () => ({ groupBy: 'severity' }),
    (r: { total: number; groups: Array<{ key: string; alerts: Array<{ alertId: string }> }> }) => {
      expect(r.total).toBe(2)
      // Grouped by the label; the critical Alertmanager alert first.
      expect(r.groups[0]).toMatchObject({ key: 'critical', alerts: [{ alertId: amAlertId }] })
    },
  ],
  [
    'acknowledge',
    () => ({ identities: ['api0000000000001'], note: 'on it', forMinutes: 30 }),
    (r: { acknowledged: number; ack: { note: string; until: string } }) => {
      expect(r.acknowledged).toBe(1)
      expect(r.ack.note).toBe('on it')
      expect(Date.parse(r.ack.until)).toBeGreaterThan(Date.now())
    },
  ],
  [
    'unacknowledge',
    () => ({ identities: ['api0000000000001'] }),
    (r: { unacknowledged: number }) => expect(r.unacknowledged).toBe(1),
  ],
  [
    'createMute',
    () => ({ matchers: ['alarm_level="info"'], forMinutes: 60, comment: 'api mute' }),
    (r: { id: string; comment: string; endsAt: string }) => {
      expect(r.comment).toBe('api mute')
      muteId = r.id
    },
  ],
  [
    'createMuteFromAlert',
    () => ({ alertId: amAlertId, forMinutes: 15 }),
    (r: { matchers: Array<{ name: string; value: string }> }) =>
      // The alert's own labels, alertname first, as Alertmanager's silence from an alert.
      expect(r.matchers[0]).toEqual({ name: 'alertname', op: '=', value: 'ApiDiskFull' }),
  ],
  [
    'expireMute',
    () => ({ id: muteId }),
    (r: { id: string; expiredAt: string }) => expect(r.expiredAt).toBeDefined(),
  ],
  [
    'silenceTarget',
    () => ({ alertId: amAlertId }),
    (r: { address: string; from: string }) =>
      expect(r).toEqual({ address: am!.url, from: 'alert' }),
  ],
  [
    'silenceUpstream',
    () => ({ alertId: amAlertId, forMinutes: 60, comment: 'api silence' }),
    (r: { id: string; link: string; state: string }) => {
      expect(r.state).toBe('active')
      expect(r.link).toBe(`${am!.url}/#/silences/${r.id}`)
      silenceId = r.id
    },
  ],
  [
    'expireSilence',
    () => ({ id: silenceId }),
    (r: { state: string; expiredAt: string }) => expect(r.state).toBe('expired'),
  ],
  [
    'listMutes',
    () => undefined,
    (r: {
      mutes: Array<{ id: string; state: string; text: string[] }>
      silences: Array<{ id: string; state: string }>
    }) => {
      expect(r.mutes.find((m) => m.id === muteId)).toMatchObject({
        state: 'expired',
        text: ['alarm_level="info"'],
      })
      expect(r.mutes.filter((m) => m.state === 'active')).toHaveLength(1)
      expect(r.silences).toMatchObject([{ id: silenceId, state: 'expired' }])
    },
  ],
  [
    'queryHistory',
    () => ({ limit: 5 }),
    (r: { total: number }) => expect(r.total).toBeGreaterThanOrEqual(1),
  ],
  [
    'historyRows',
    () => ({ limit: 5 }),
    (r: { items: Array<{ id: string; name: string }> }) =>
      expect(r.items.find((x) => x.id === alertId)?.name).toBe('Test alert from WeCom Alert Relay'),
  ],
  [
    'historyChart',
    () => ({ buckets: 12 }),
    (r: { buckets: unknown[] }) => expect(r.buckets).toHaveLength(12),
  ],
  [
    'getAlert',
    () => ({ id: alertId }),
    (r: { alert: { vars: { alarm_name: string } } }) =>
      expect(r.alert.vars.alarm_name).toBe('Test alert from WeCom Alert Relay'),
  ],
  [
    'resendAlert',
    () => ({ id: alertId, channels: ['oncall'] }),
    (r: { queued: string[] }) => expect(r.queued).toEqual(['oncall']),
  ],
  [
    'exportHistory',
    () => ({ format: 'csv', query: {} }),
    (r: { filename: string; content: string }) =>
      expect(r.content.startsWith('received_at,id,')).toBe(true),
  ],
  [
    'deliveryStatus',
    () => undefined,
    (r: { channels: Array<{ channel: string }> }) =>
      expect(r.channels.map((c) => c.channel)).toEqual(['oncall', 'db', 'ops']),
  ],
  [
    'pauseDelivery',
    () => ({ minutes: 15 }),
    (r: { paused: boolean }) => expect(r.paused).toBe(true),
  ],
  ['resumeDelivery', () => undefined, (r: { paused: boolean }) => expect(r.paused).toBe(false)],
  [
    'getSettings',
    () => undefined,
    (r: { channels: Array<{ name: string }> }) =>
      expect(r.channels.map((c) => c.name)).toEqual(['oncall', 'db', 'ops']),
  ],
  [
    'updateSettings',
    () => ({ patch: { app: { language: 'zh' } } }),
    (r: { app: { language: string } }) => expect(r.app.language).toBe('zh'),
  ],
  [
    'exportSettings',
    () => ({}),
    (r: { content: string }) => {
      expect(r.content).not.toContain('robot-key-0001')
      expect(r.content).toContain('key=')
    },
  ],
  [
    'importSettings',
    () => ({
      content:
        '{"channels":[{"name":"only","webhookUrl":"http://127.0.0.1:9/cgi-bin/webhook/send?key=abcdef"}],"defaultChannels":["only"],"listener":{"port":0}}',
    }),
    (r: { channels: Array<{ name: string }> }) =>
      expect(r.channels.map((c) => c.name)).toEqual(['only']),
  ],
  [
    'simulatorMessages',
    () => undefined,
    (r: { running: boolean }) => expect(r.running).toBe(false),
  ],
  ['clearSimulator', () => undefined, (r: { cleared: boolean }) => expect(r.cleared).toBe(false)],
  [
    'readSenderBody',
    () => ({
      json: '{"AlarmName":"cpu","NewStateValue":"OK","StateChangeTime":"2026-01-01T00:00:00Z"}',
    }),
    (r: { alerts: Array<{ source: string; status: string }> }) =>
      expect(r.alerts.map((a) => [a.source, a.status])).toEqual([['cloudwatch', 'resolved']]),
  ],
  ['subscriptionRequests', () => undefined, (r: unknown[]) => expect(r).toEqual([])],
]

describe('AppApi over HTTP (conformance)', () => {
  it('has a case for every method of the contract', () => {
    expect(CASES.map(([m]) => m).sort()).toEqual([...API_METHODS].sort())
  })

  it.each(CASES.map((c) => [c[0], c] as const))('%s', async (_name, [method, input, check]) => {
    const { status, body } = await call(method, input())
    expect(body.error).toBeUndefined()
    expect(status).toBe(200)
    check(body.result as never)
  })

  it('answers a form with field errors in sentences', async () => {
    const { status, body } = await call('saveChannel', {
      channel: { name: '', webhookUrl: 'nope' },
    })
    expect(status).toBe(400)
    expect(body.fields!.map((f) => f.path).sort()).toEqual(['name', 'webhookUrl'])
    expect(body.fields!.every((f) => /[.!?]$/.test(f.message))).toBe(true)
  })

  it('masks a secret HTTP header in the list and reveals it by name, unchanged when saved back', async () => {
    const saved = await call<{ headers: Record<string, string> }>('saveChannel', {
      channel: {
        name: 'hook',
        type: 'http',
        url: 'https://alerts.example.com/hook',
        headers: { Authorization: 'Bearer hook-token-0123456789', 'X-Team': 'db' },
      },
    })
    expect(saved.status).toBe(200)
    expect(saved.body.result!.headers['X-Team']).toBe('db')
    expect(saved.body.result!.headers.Authorization).not.toContain('hook-token-0123456789')
    const shown = await call<{ value: string }>('revealSecret', {
      channel: 'hook',
      field: 'headers',
      header: 'Authorization',
    })
    expect(shown.body.result!.value).toBe('Bearer hook-token-0123456789')
    const missing = await call('revealSecret', {
      channel: 'hook',
      field: 'headers',
      header: 'X-Nope',
    })
    expect(missing.status).toBe(404)
    expect(missing.body.error).toMatch(/no header "X-Nope": reload the channel/)
    await call('deleteChannel', { name: 'hook' })
  })

  it('previews the body a DingTalk robot and a Feishu/Lark bot would get, with their mentions and limit', async () => {
    const base = {
      template: '### ${alarm_name}\n<font color="warning">${alarm_level}</font>',
      format: 'markdown',
      sample: { kind: 'sample', id: 'alertmanager' },
    }
    const ding = await call<{ messages: unknown[]; body: { json: string; limit: number } }>(
      'previewTemplate',
      { ...base, type: 'dingtalk', channelFormat: 'markdown', mentionMobiles: ['13800001111'] },
    )
    const dingBody = JSON.parse(ding.body.result!.body.json) as {
      msgtype: string
      markdown: { text: string }
      at: { atMobiles: string[] }
    }
    expect(dingBody.msgtype).toBe('markdown')
    expect(dingBody.at.atMobiles).toEqual(['13800001111'])
    expect(dingBody.markdown.text).toContain('@13800001111')
    expect(dingBody.markdown.text).not.toContain('<font')
    // DingTalk carries its own mentions: no WeCom follow-up message.
    expect(ding.body.result!.messages).toHaveLength(1)
    expect(ding.body.result!.body.limit).toBe(20_000)
    const lark = await call<{ body: { json: string } }>('previewTemplate', {
      ...base,
      type: 'feishu',
      channelFormat: 'interactive',
      mentionUserIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs'],
    })
    const card = lark.body.result!.body.json
    expect(JSON.parse(card)).toMatchObject({ msg_type: 'interactive' })
    expect(card).toContain('ou_7d8a6e6df7621556ce0d21922b676706ccs')
    const wecom = await call<{ body?: unknown }>('previewTemplate', base)
    expect(wecom.body.result!.body).toBeUndefined()
  })

  it('rejects input that fails the schema, naming it', async () => {
    const { status, body } = await call('pauseDelivery', { minutes: -5 })
    expect(status).toBe(400)
    expect(body.error).toMatch(/^Invalid input for pauseDelivery: minutes/)
  })

  it('streams events over SSE', async () => {
    const controller = new AbortController()
    const res = await fetch(`${ui.origin}/api/events`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    })
    expect(res.headers.get('content-type')).toBe('text/event-stream')
    const reader = res.body!.getReader()
    let text = ''
    const reading = (async () => {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        text += new TextDecoder().decode(value)
      }
    })().catch(() => {})
    await call('pauseDelivery', { minutes: 1 })
    await call('resumeDelivery')
    await waitFor(() => text.includes('"type":"paused"'))
    controller.abort()
    await reading
  })

  it('tells a stream and every answer how many events came before them, so a window can tell a stale read', async () => {
    const counted = async () => {
      const res = await fetch(`${ui.origin}/api/deliveryStatus`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: 'null',
      })
      return Number(res.headers.get('x-relay-events'))
    }
    const before = await counted()
    // Two events (paused, then resumed) between the read and the stream.
    await call('pauseDelivery', { minutes: 1 })
    await call('resumeDelivery')
    const controller = new AbortController()
    const res = await fetch(`${ui.origin}/api/events`, {
      headers: { authorization: `Bearer ${TOKEN}` },
      signal: controller.signal,
    })
    const reader = res.body!.getReader()
    const first = new TextDecoder().decode((await reader.read()).value)
    controller.abort()
    const hello = /^event: hello\ndata: (\d+)\n\n/.exec(first)
    expect(hello).not.toBeNull()
    // At least those two; others of the shared relay (a throttled on-call change, a delivery of
    // an earlier test) may land in between too. An answer read later counts as many or more.
    const opened = Number(hello![1])
    expect(opened).toBeGreaterThanOrEqual(before + 2)
    expect(await counted()).toBeGreaterThanOrEqual(opened)
  })
})

/** A raw request, for headers fetch refuses to set (Host). */
function raw(path: string, headers: Record<string, string>, method = 'POST'): Promise<number> {
  const u = new URL(ui.origin)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path,
        method,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        res.resume()
        resolve(res.statusCode!)
      },
    )
    req.on('error', reject)
    req.end('null')
  })
}

describe('HTTP API protection', () => {
  it('401 without the token or with a wrong one', async () => {
    expect(
      (
        await fetch(`${ui.origin}/api/appInfo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: 'null',
        })
      ).status,
    ).toBe(401)
    expect((await call('appInfo', undefined, { authorization: 'Bearer wrong' })).status).toBe(401)
  })

  it('403 for a foreign Host (DNS rebinding) and a foreign Origin (CSRF)', async () => {
    expect(
      await raw('/api/appInfo', { host: 'evil.example.com', authorization: `Bearer ${TOKEN}` }),
    ).toBe(403)
    expect(await raw('/', { host: 'evil.example.com' }, 'GET')).toBe(403)
    expect((await call('appInfo', undefined, { origin: 'http://evil.example.com' })).status).toBe(
      403,
    )
    expect((await call('appInfo', undefined, { origin: ui.origin })).status).toBe(200)
  })

  it('trades the token in the link for an HttpOnly, SameSite cookie, then the cookie works', async () => {
    const res = await fetch(ui.url, { redirect: 'manual' })
    expect(res.status).toBe(302)
    const setCookie = res.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^relay_ui=[^;]+; HttpOnly; SameSite=Strict; Path=\//)
    const cookie = setCookie.split(';')[0]!
    expect(
      (
        await fetch(`${ui.origin}/api/appInfo`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie },
          body: 'null',
        })
      ).status,
    ).toBe(200)
    expect((await fetch(`${ui.origin}/?token=wrong`, { redirect: 'manual' })).status).toBe(401)
  })

  it('unknown methods are 404, GET on a method is 405', async () => {
    expect((await call('dropDatabase')).status).toBe(404)
    expect(
      (await fetch(`${ui.origin}/api/appInfo`, { headers: { authorization: `Bearer ${TOKEN}` } }))
        .status,
    ).toBe(405)
  })
})

describe('bad input is a 4xx with a sentence, never a 500', () => {
  it('times that are not times', async () => {
    for (const [method, input, path] of [
      ['historyChart', { from: 'garbage' }, 'from'],
      ['historyChart', { to: '2026-13-45' }, 'to'],
      ['queryHistory', { from: 'yesterday-ish' }, 'from'],
      ['exportHistory', { format: 'csv', query: { to: 'soon' } }, 'query.to'],
    ] as const) {
      const { status, body } = await call(method, input)
      expect({ method, status }).toEqual({ method, status: 400 })
      expect(body.error).toBe(
        `Invalid input for ${method}: ${path} is not a time: use ISO 8601, such as 2026-01-31T08:00:00Z.`,
      )
    }
    const backwards = await call('historyChart', {
      from: '2026-02-01T00:00:00Z',
      to: '2026-01-01T00:00:00Z',
    })
    expect(backwards.status).toBe(400)
    expect(backwards.body.error).toMatch(/after it ends .*: swap them\.$/)
    // The window words it in its own language: the refusal carries its code and parameters.
    expect(backwards.body.sentence).toEqual({
      code: 'api.chartOrder',
      params: { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' },
      text: backwards.body.error,
    })
    // The same in the window's 200 envelope.
    const gone = await call('resendAlert', { id: 'nope' }, { 'x-relay-errors': 'envelope' })
    expect(gone.status).toBe(200)
    expect(gone.body.sentence).toMatchObject({ code: 'api.alertGone', params: { id: 'nope' } })
  })

  it('the on-call and sender refusals carry their code, and the Chinese window words them in Chinese', async () => {
    await loadCoreTexts()
    const soon = new Date(Date.now() + 3_600_000).toISOString()
    const past = new Date(Date.now() - 3_600_000).toISOString()
    for (const [method, input, code] of [
      ['createMute', { matchers: ['alarm_name="DiskFull"'] }, 'oncall.howLong'],
      ['createMute', { matchers: ['alarm_name="DiskFull"'], endsAt: past }, 'mute.endsBefore'],
      ['createMute', { matchers: ['alarm_name=~Disk('], endsAt: soon }, 'field.regexUnclosedGroup'],
      ['expireMute', { id: 'nope' }, 'oncall.noMute'],
      ['expireSilence', { id: 'nope' }, 'oncall.noSilence'],
      ['acknowledge', { identities: ['nope'] }, 'oncall.noneFiring'],
      ['silenceTarget', { alertId: 'nope' }, 'oncall.noAlert'],
      ['readSenderBody', {}, 'sources.pasteBody'],
      ['readSenderBody', { alertId: 'nope' }, 'sources.alertGone'],
    ] as const) {
      const { status, body } = await call(method, input, { 'x-relay-errors': 'envelope' })
      expect({ method, status }).toEqual({ method, status: 200 })
      expect({ method, code: body.sentence?.code }).toEqual({ method, code })
      const zh = coreText('zh', body.sentence as CoreText)
      // Chinese, with no English sentence left in it (an id or a matcher is a value).
      expect(zh, zh).toMatch(/[\u4e00-\u9fff]/)
      expect(zh, zh).not.toMatch(/[a-z]{3,} [a-z]{3,}/i)
    }
    // What the body reader could not read is a sentence by its code too, not a refusal.
    const broken = await call<SenderReading>('readSenderBody', { json: '{ nope' })
    expect(broken.body.result?.error).toMatchObject({ code: 'sources.notJson' })
  })

  it('a malformed percent-encoded path, on the page and on the API', async () => {
    // Without a body: the answer comes before the server would read one.
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const u = new URL(ui.origin)
        const req = request({ host: u.hostname, port: u.port, path, headers }, (res) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c.toString()))
          res.on('end', () => resolve({ status: res.statusCode!, body }))
        })
        req.on('error', reject)
        req.end()
      })
    for (const path of ['/%E0%A4%A', '/api/%E0%A4%A', '/assets/%zz.js']) {
      const r = await get(path, { authorization: `Bearer ${TOKEN}` })
      expect({ path, status: r.status }).toEqual({ path, status: 400 })
      expect(r.body).toContain('open the address the relay printed.')
    }
  })

  it('a request target that is not a URL, on the alert listener and on the window server', async () => {
    // Written on the socket: no client library sends such a target.
    const send = (origin: string, target: string) =>
      new Promise<string>((resolve, reject) => {
        const u = new URL(origin)
        const socket = connect(Number(u.port), u.hostname, () =>
          socket.end(
            `POST ${target} HTTP/1.1\r\nHost: ${u.host}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`,
          ),
        )
        let answer = ''
        socket.on('data', (c: Buffer) => (answer += c.toString()))
        socket.on('close', () => resolve(answer))
        socket.on('error', reject)
      })
    for (const origin of [t.origin, ui.origin]) {
      for (const target of ['http://[bad/alerts', 'http://a:b@/api/appInfo']) {
        const answer = await send(origin, target)
        expect({ origin, target, status: answer.split('\r\n')[0] }).toEqual({
          origin,
          target,
          status: 'HTTP/1.1 400 Bad Request',
        })
        expect(answer).toMatch(/malformed/)
      }
    }
  })

  it('a settings file from a newer version', async () => {
    const { status, body } = await call('importSettings', { content: '{"schemaVersion":99}' })
    expect(status).toBe(400)
    expect(body.error).toMatch(/newer version of WeCom Alert Relay .*: update the app\.$/)
  })
})

describe('auth details', () => {
  it('the Bearer scheme is case-insensitive', async () => {
    expect((await call('appInfo', undefined, { authorization: `bearer ${TOKEN}` })).status).toBe(
      200,
    )
  })

  it('unknown keys in the input are refused, naming them', async () => {
    const extra = await call('pauseDelivery', { minutes: 1, forever: true })
    expect(extra.status).toBe(400)
    expect(extra.body.error).toBe(
      'Invalid input for pauseDelivery: has unknown key "forever": remove it.',
    )
    const nested = await call('previewTemplate', {
      template: 'x',
      format: 'text',
      sample: { kind: 'sample', id: 'grafana', extra: 1 },
    })
    expect(nested.status).toBe(400)
    expect(nested.body.error).toContain('unknown key "extra"')
    for (const patch of ['{"listner":{}}', '{"listener":{},"constructor":{}}']) {
      const res = await fetch(`${ui.origin}/api/updateSettings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: `{"patch":${patch}}`,
      })
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toMatch(
        /^"(listner|constructor)" is not a settings section: use schemaVersion, listener, .* or simulator\.$/,
      )
    }
  })
})
