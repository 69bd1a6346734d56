import { english } from '../../electron/core/text/core-text'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../../electron/core/api/contract'
import { createApiService } from '../../electron/core/api/service'
import { defaultTemplate } from '../../electron/core/templates/defaults'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const script = (name: string, command = ['/usr/local/bin/page', '--team', 'db']) => ({
  name,
  type: 'script' as const,
  command,
})

/** The ApiError a call throws (undefined when it succeeds). */
async function refusal(call: Promise<unknown>): Promise<ApiError | undefined> {
  try {
    await call
    return undefined
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError)
    return err as ApiError
  }
}

describe('script channels through the headless API', () => {
  it('refuses to create one, or to change its command, unless serve allows it', async () => {
    t = await startTestRelay()
    const headless = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const err = await refusal(headless.saveChannel({ channel: script('pager') }))
    expect(err?.status).toBe(403)
    expect(err?.message).toContain('--allow-script-channels')
    expect(t.relay.settings.get().channels.map((c) => c.name)).toEqual(['oncall'])

    const imported = JSON.stringify({
      ...t.relay.settings.get(),
      channels: [...t.relay.settings.get().channels, script('pager')],
    })
    expect((await refusal(headless.importSettings({ content: imported })))?.status).toBe(403)

    // The desktop window may; so may a headless API started with the flag.
    const desktop = createApiService(t.relay, { mode: 'electron', version: 'test' })
    expect(await refusal(desktop.saveChannel({ channel: script('pager') }))).toBeUndefined()
    const allowed = createApiService(t.relay, {
      mode: 'headless',
      version: 'test',
      allowScriptChannels: true,
    })
    expect(await refusal(allowed.saveChannel({ channel: script('pager2') }))).toBeUndefined()

    // An existing script channel's other fields can be edited; its command cannot.
    expect(
      await refusal(
        headless.saveChannel({
          channel: { ...script('pager'), timeoutSeconds: 30 },
          originalName: 'pager',
        }),
      ),
    ).toBeUndefined()
    const changed = await refusal(
      headless.saveChannel({
        channel: script('pager', ['/bin/sh', '-c', 'curl evil']),
        originalName: 'pager',
      }),
    )
    expect(changed?.status).toBe(403)
    expect(t.relay.settings.get().channels.find((c) => c.name === 'pager')!.command).toEqual([
      '/usr/local/bin/page',
      '--team',
      'db',
    ])
    expect(
      (await refusal(headless.duplicateChannel({ name: 'pager', newName: 'pager-copy' })))?.status,
    ).toBe(403)
  })
})

describe('appInfo tells the window whether it may edit script channels', () => {
  it('no in a plain headless serve, yes with --allow-script-channels and in the desktop window', async () => {
    t = await startTestRelay()
    const info = (options: Parameters<typeof createApiService>[1]) =>
      createApiService(t!.relay, options).appInfo()
    expect((await info({ mode: 'headless', version: 'test' })).scriptChannels).toBe(false)
    expect(
      (await info({ mode: 'headless', version: 'test', allowScriptChannels: true })).scriptChannels,
    ).toBe(true)
    expect((await info({ mode: 'electron', version: 'test' })).scriptChannels).toBe(true)
  })
})

describe('the studio previews a DingTalk or Feishu digest at the type’s limit', () => {
  it('carries the alerts in more detail than a WeCom digest, within 20,000 bytes of body', async () => {
    t = await startTestRelay()
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const base = {
      template: defaultTemplate('markdown'),
      format: 'markdown' as const,
      sample: { kind: 'sample' as const, id: 'alertmanager' },
      count: 30,
    }
    const wecom = await api.previewDigest(base)
    expect(wecom.limit).toBe(4096)
    for (const [type, channelFormat] of [
      ['dingtalk', 'markdown'],
      ['feishu', 'interactive'],
    ] as const) {
      const typed = await api.previewDigest({ ...base, type, channelFormat })
      expect(typed.limit).toBe(20_000)
      // 4096 bytes hold 30 alerts only as short lines; 20,000 bytes hold them in full.
      expect(typed.carried).toBeGreaterThanOrEqual(wecom.carried)
      expect(typed.content.length).toBeGreaterThan(2 * wecom.content.length)
      expect(typed.bytes).toBeGreaterThan(4096)
      expect(typed.bytes).toBeLessThanOrEqual(20_000)
    }
  })
})

describe('HTTP channel secrets through the API', () => {
  it('masks credential headers and the URL on read, and keeps them when the masks come back', async () => {
    t = await startTestRelay()
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const saved = await api.saveChannel({
      channel: {
        name: 'itsm',
        type: 'http',
        url: 'https://itsm.example.com/api/alerts?token=9f8e7d6c5b4a39281706',
        headers: { Authorization: 'Bearer 8f14e45fceea167a5a36dedd4bea2543', 'X-Team': 'db' },
      },
    })
    expect(JSON.stringify(saved)).not.toContain('8f14e45fceea167a5a36dedd4bea2543')
    expect(JSON.stringify(saved)).not.toContain('9f8e7d6c5b4a39281706')
    expect(saved.headers['X-Team']).toBe('db')
    // Saving what was read (masks included) changes nothing.
    await api.saveChannel({ channel: { ...saved, timeoutSeconds: 20 }, originalName: 'itsm' })
    const kept = t.relay.settings.get().channels.find((c) => c.name === 'itsm')!
    expect(kept.headers.Authorization).toBe('Bearer 8f14e45fceea167a5a36dedd4bea2543')
    expect(kept.url).toBe('https://itsm.example.com/api/alerts?token=9f8e7d6c5b4a39281706')
    expect(t.relay.secrets()).toContain('Bearer 8f14e45fceea167a5a36dedd4bea2543')
  })
})

describe('the window tests a channel of each type', () => {
  it('tests a Feishu channel with its type and mentions, and says how to test an HTTP one', async () => {
    t = await startTestRelay({ keys: ['feishu-token-0002'] })
    const feishuUrl = t.sim.feishuUrl('feishu-token-0002')
    t.relay.settings.update((s) => {
      s.channels.push(
        {
          ...s.channels[0]!,
          name: 'f',
          type: 'feishu',
          webhookUrl: feishuUrl,
          format: 'text',
          mentionUserIds: ['ou_abc123'],
          mentionMobiles: [],
          verify: { type: 'json', match: { code: 0 } },
        },
        {
          ...s.channels[0]!,
          name: 'h',
          type: 'http',
          webhookUrl: '',
          url: 'https://itsm.example.com/hook',
          format: 'text',
          mentionMobiles: [],
          verify: { type: 'status', codes: [200] },
        },
      )
    })
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const f = await api.testWebhook({ channel: 'f', runId: 'run-1' })
    expect(f).toMatchObject({ ok: true, type: 'feishu' })
    expect(t.sim.rules.messages.at(-1)).toMatchObject({
      platform: 'feishu',
      mentionedUserIds: ['ou_abc123'],
    })
    const h = await api.testWebhook({ channel: 'h', runId: 'run-2' })
    expect(h).toMatchObject({ ok: false, failedStage: 'url' })
    expect(english(h.stages[0]!.fix)).toContain('Send a test alert')
  })
})

describe('channels created through the API deliver', () => {
  it('a DingTalk and a Feishu channel saved from the window deliver a real alert, signed', async () => {
    t = await startTestRelay({
      keys: ['ding-token-0003', 'feishu-token-0003'],
      sim: {
        signatureSecrets: {
          'ding-token-0003': 'SECding-0003-abcdef',
          'feishu-token-0003': 'feishu-secret-0003',
        },
      },
    })
    const api = createApiService(t.relay, { mode: 'electron', version: 'test' })
    await api.saveChannel({
      channel: {
        name: 'ding',
        type: 'dingtalk',
        webhookUrl: t.sim.dingtalkUrl('ding-token-0003'),
        signatureKey: 'SECding-0003-abcdef',
        mentionMobiles: '13800001111',
      },
    })
    await api.saveChannel({
      channel: {
        name: 'fei',
        type: 'feishu',
        webhookUrl: t.sim.feishuUrl('feishu-token-0003'),
        signatureKey: 'feishu-secret-0003',
      },
    })
    t.relay.settings.update((s) => {
      s.routes = [{ match: {}, matchers: [], channels: ['ding', 'fei'], continue: false }]
    })
    const res = (await (
      await t.post('/alerts', { title: 'Window-made', severity: 'warning' })
    ).json()) as { ids: string[] }
    const id = res.ids[0]!
    const state = (c: string) => t!.relay.history.get(id)?.deliveries[c]?.state
    await waitFor(
      () => state('ding') === 'delivered' && state('fei') === 'delivered',
      20_000,
      'both delivered',
    )
    expect([state('ding'), state('fei')]).toEqual(['delivered', 'delivered'])
    const byPlatform = Object.fromEntries(t.sim.rules.messages.map((m) => [m.platform, m]))
    expect(byPlatform.dingtalk).toMatchObject({ signed: true, mentionedMobiles: ['13800001111'] })
    expect(byPlatform.feishu).toMatchObject({
      signed: true,
      wireType: 'interactive',
      colour: 'orange',
    })
    expect(byPlatform.feishu!.content).toContain('Window-made')
  })
})
