import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { DEFAULT_HTTP_BODY } from '../../electron/core/channels/http/facts'
import { defaultTemplate } from '../../electron/core/templates/defaults'
import { realPayloads } from '../fixtures/real/load'
import { startFakeRobot, type Captured } from '../helpers/fake-robot'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

/**
 * The studio's HTTP and script previews are the request: for real payloads, a loopback endpoint
 * receives the method, URL, headers and body the preview showed (credentials masked there), and
 * a script the environment and stdin its preview showed.
 */

const FILES = [
  'am-k8s-crashloop-pod-critical.json',
  'grafana13-order-lookup-5xx.json',
  'zabbix-disaster-core-router.json',
  'ocp-firing-zh.json',
  'kuma-down-payments.json',
]
const TOKEN = 'Bearer 8f14e45fceea167a5a36dedd4bea2543'
const URL_TOKEN = 'hook-token-5f2b9c0e7a41'
// A duration grows between the send and the preview: the start time instead.
const TEMPLATE = defaultTemplate('markdown', 'en').replace(
  '${alarm_started_text}',
  '${alarm_active_at}',
)
// The default body, with a label and the multi-line description that JSON escaping must carry.
const BODY = DEFAULT_HTTP_BODY.replace('{', '{\n  "team": "${labels.team:-none}",')

let t: TestRelay
let fake: Awaited<ReturnType<typeof startFakeRobot>>
const dir = mkdtempSync(join(tmpdir(), 'relay-preview-wire-'))
const script = join(dir, 'capture.mjs')
writeFileSync(
  script,
  `import { writeFileSync } from 'node:fs'
let stdin = ''
for await (const c of process.stdin) stdin += c
writeFileSync(${JSON.stringify(dir)} + '/' + process.env.RELAY_DELIVERY_ID + '.json', JSON.stringify({ env: process.env, stdin }))
console.log('sent')`,
)

beforeAll(async () => {
  fake = await startFakeRobot(() => ({ body: { ok: true } }))
  t = await startTestRelay({
    channels: [
      {
        name: 'hook',
        type: 'http',
        webhookUrl: '',
        url: `${fake.origin}/alerts/in?token=${URL_TOKEN}`,
        method: 'PUT',
        headers: { Authorization: TOKEN, 'X-Team': 'db' },
        body: BODY,
        template: TEMPLATE,
      },
      {
        name: 'tickets',
        type: 'script',
        webhookUrl: '',
        command: [process.execPath, script],
        template: TEMPLATE,
        verify: { type: 'regex', pattern: '^sent$' },
      },
    ],
    settings: { defaultChannels: ['hook', 'tickets'], app: { linkBaseUrl: 'http://ops-pc:8761' } },
    delivery: { backoff: () => 50 },
  })
})
afterAll(async () => {
  await t?.close()
  await fake?.close()
})

describe('what the studio previews for HTTP and script channels is what they receive', () => {
  it('the loopback endpoint gets the previewed request, the script the previewed input', async () => {
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const payloads = realPayloads().filter((p) => FILES.includes(p.file))
    expect(payloads).toHaveLength(FILES.length)
    for (const p of payloads) {
      const before = fake.received.length
      const res = await t.post('/alerts', p.text, { headers: { 'content-type': p.contentType } })
      expect(res.status, p.file).toBeLessThan(300)
      const [id] = ((await res.json()) as { ids: string[] }).ids
      await waitFor(
        () =>
          ['hook', 'tickets'].every(
            (c) => t.relay.history.get(id!)?.deliveries[c]?.state === 'delivered',
          ),
        20_000,
        `${p.file} delivered`,
      )
      expect(fake.received.length).toBe(before + 1)
      const got: Captured = fake.received.at(-1)!
      const preview = await api.previewTemplate({
        template: TEMPLATE,
        format: 'markdown',
        sample: { kind: 'alert', id: id! },
        type: 'http',
        channelFormat: 'markdown',
        channel: 'hook',
        mentionMobiles: [],
        mentionUserIds: [],
      })
      const req = preview.request!
      expect(req.method).toBe(got.method)
      // The body byte for byte, and valid JSON with the alert's name in it.
      expect(req.body, p.file).toBe(got.text)
      expect(req.bytes).toBe(Buffer.byteLength(got.text))
      expect(req.jsonError).toBeUndefined()
      expect((JSON.parse(got.text) as { name: string }).name).not.toBe('')
      // The URL as sent, its token masked.
      expect(`${fake.origin}${got.path}?${got.rawQuery}`).toBe(
        `${fake.origin}/alerts/in?token=${URL_TOKEN}`,
      )
      expect(req.url).toBe(`${fake.origin}/alerts/in?token=hook…7a41`)
      // Every previewed header arrived with that value; the credential one masked in the preview.
      for (const h of req.headers) {
        const sent = got.headers[h.name.toLowerCase()]
        if (h.masked) {
          expect(sent).toBe(TOKEN)
          expect(h.value).toBe('Bearer 8f14…2543')
        } else expect(sent, h.name).toBe(h.value)
      }
      expect(req.headers.map((h) => h.name.toLowerCase()).sort()).toEqual(
        [
          'authorization',
          'content-type',
          'x-team',
          'x-relay-delivery-id',
          'x-wecom-alert-relay',
        ].sort(),
      )
      expect(JSON.stringify(preview)).not.toContain('8f14e45fceea167a5a36dedd4bea2543')
      expect(JSON.stringify(preview)).not.toContain(URL_TOKEN)

      // The script: every variable the preview listed, with that value, and stdin exactly.
      const scriptPreview = await api.previewTemplate({
        template: TEMPLATE,
        format: 'markdown',
        sample: { kind: 'alert', id: id! },
        type: 'script',
        channelFormat: 'markdown',
        channel: 'tickets',
        mentionMobiles: [],
        mentionUserIds: [],
      })
      const s = scriptPreview.script!
      const deliveryId = s.env.find((e) => e.name === 'RELAY_DELIVERY_ID')!.value
      const ran = JSON.parse(readFileSync(join(dir, `${deliveryId}.json`), 'utf8')) as {
        env: Record<string, string>
        stdin: string
      }
      expect(ran.stdin, p.file).toBe(s.stdin)
      expect(s.bytes).toBe(Buffer.byteLength(ran.stdin))
      for (const e of s.env) expect(ran.env[e.name], `${p.file} ${e.name}`).toBe(e.value)
      expect(s.env.map((e) => e.name)).toEqual(
        expect.arrayContaining(['ALARM_NAME', 'ALARM_MESSAGE', 'RELAY_DELIVERY_ID']),
      )
    }
  }, 120_000)
})

describe('an HTTP channel with its own content type', () => {
  it('sends that Content-Type alone, the values unescaped, as the preview shows', async () => {
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    t.relay.settings.update((s) => {
      const c = s.channels.find((x) => x.name === 'hook')!
      c.headers = { 'Content-Type': 'text/plain; charset=utf-8' }
      c.body = 'ALERT ${alarm_name} "${alarm_level}"'
    })
    const p = realPayloads().find((x) => x.file === 'kuma-down-api-prod-500.json')!
    const before = fake.received.length
    const res = await t.post('/alerts', p.text, { headers: { 'content-type': p.contentType } })
    const [id] = ((await res.json()) as { ids: string[] }).ids
    await waitFor(() => fake.received.length > before, 20_000, 'sent')
    const got = fake.received.at(-1)!
    // One Content-Type, the channel's: the JSON default is not sent beside it.
    expect(got.headers['content-type']).toBe('text/plain; charset=utf-8')
    const preview = await api.previewTemplate({
      template: TEMPLATE,
      format: 'markdown',
      sample: { kind: 'alert', id: id! },
      channel: 'hook',
      mentionMobiles: [],
      mentionUserIds: [],
    })
    expect(preview.request!.json).toBe(false)
    expect(preview.request!.body).toBe(got.text)
    expect(preview.request!.headers.map((h) => [h.name, h.value])).toEqual([
      ['Content-Type', 'text/plain; charset=utf-8'],
      // The id the endpoint got: the preview is of that alert's delivery to this channel.
      ['x-relay-delivery-id', got.headers['x-relay-delivery-id']],
      ['x-wecom-alert-relay', '1'],
    ])
    expect(got.headers['x-relay-delivery-id']).toMatch(/^[0-9a-f]{32}$/)
  })

  it('a JSON body that does not parse once rendered is said so in one sentence', async () => {
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const preview = await api.previewTemplate({
      template: TEMPLATE,
      format: 'markdown',
      sample: { kind: 'sample', id: 'alertmanager' },
      channel: 'tickets',
      mentionMobiles: [],
      mentionUserIds: [],
    })
    expect(preview.request).toBeUndefined()
    t.relay.settings.update((s) => {
      s.channels.find((x) => x.name === 'hook')!.headers = {}
    })
    // The quotes around the variable are missing: the name goes in bare.
    const broken = await api.previewTemplate({
      template: TEMPLATE,
      format: 'markdown',
      sample: { kind: 'sample', id: 'alertmanager' },
      channel: 'hook',
      body: '{"name": ${alarm_name}, "level": "${alarm_level:-none}", "x": "${alarm_nme}"}',
      mentionMobiles: [],
      mentionUserIds: [],
    })
    expect(broken.request!.jsonError).toMatch(
      /^The body is not valid JSON once rendered for this alert \(.+\): check the quotes and commas around the variables, or set a Content-Type header that is not JSON\.$/,
    )
    // The template's own lint: the misspelt variable.
    expect(broken.request!.lint.map((i) => i.severity)).toContain('warning')
    const fine = await api.previewTemplate({
      template: TEMPLATE,
      format: 'markdown',
      sample: { kind: 'sample', id: 'alertmanager' },
      channel: 'hook',
      body: '{"name": "${alarm_name}"}',
      mentionMobiles: [],
      mentionUserIds: [],
    })
    expect(fine.request!.jsonError).toBeUndefined()
    expect(JSON.parse(fine.request!.body)).toEqual({ name: expect.stringMatching(/\S/) })
  })
})
