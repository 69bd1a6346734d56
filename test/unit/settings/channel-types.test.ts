import { saying } from '../../helpers/said'
import { describe, expect, it } from 'vitest'
import { SettingsError } from '../../../electron/core/settings/settings-errors'
import { detectChannelType } from '../../../electron/core/channels/catalog'
import { parseDingTalkUrl } from '../../../electron/core/channels/dingtalk/facts'
import { parseFeishuUrl } from '../../../electron/core/channels/feishu/facts'
import { parseSettings } from '../../../electron/core/settings/settings-store'

const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=6a0f1c7e5b2d4c3a9e8f'
const FEISHU = 'https://open.feishu.cn/open-apis/bot/v2/hook/2c1a7f0e-5b3d-4e6f-8a9b-0c1d2e3f4a5b'
const LARK = 'https://open.larksuite.com/open-apis/bot/v2/hook/2c1a7f0e-5b3d-4e6f-8a9b-0c1d2e3f4a5b'
const WECOM =
  'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1'

const one = (channel: Record<string, unknown>) =>
  parseSettings({
    simulator: { enabled: false },
    channels: [{ name: 'c', ...channel }],
    defaultChannels: ['c'],
  }).channels[0]!

/** The error messages of an invalid channel, by path. */
function errorsOf(channel: Record<string, unknown>): Record<string, string> {
  try {
    one(channel)
  } catch (err) {
    expect(err).toBeInstanceOf(SettingsError)
    return Object.fromEntries((err as SettingsError).errors.map((e) => [e.path, e.message]))
  }
  throw new Error('the channel was accepted')
}

describe('channel types in the settings', () => {
  it('keeps an existing WeCom channel valid: no type means wecom, with its old defaults', () => {
    const c = one({ webhookUrl: WECOM })
    expect(c).toMatchObject({
      type: 'wecom',
      format: 'markdown',
      throttle: { perMinute: 20 },
      verify: { type: 'json', match: { errcode: 0 } },
    })
  })

  it('reads a DingTalk robot with signing, mentions and its 20-a-minute limit', () => {
    const c = one({
      type: 'dingtalk',
      webhookUrl: DINGTALK,
      signatureKey: 'SEC0123456789abcdef',
      mentionMobiles: '13800001111, @all',
    })
    expect(c).toMatchObject({
      type: 'dingtalk',
      format: 'markdown',
      mentionMobiles: ['13800001111', '@all'],
      throttle: { perMinute: 20 },
      verify: { type: 'json', match: { errcode: 0 } },
    })
  })

  it('reads Feishu and Lark bots, defaulting to the card format, 100 a minute and code 0', () => {
    for (const url of [FEISHU, LARK]) {
      const c = one({
        type: 'feishu',
        webhookUrl: url,
        mentionUserIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs', 'all'],
      })
      expect(c).toMatchObject({
        format: 'interactive',
        throttle: { perMinute: 100 },
        verify: { type: 'json', match: { code: 0 } },
      })
    }
  })

  it('reads an HTTP channel with a default JSON body and a status rule', () => {
    const c = one({
      type: 'http',
      url: 'https://alerts.example.com/hook',
      method: 'PUT',
      headers: { Authorization: 'Bearer 0123456789abcdef' },
    })
    expect(c).toMatchObject({ method: 'PUT', verify: { type: 'status' } })
    expect(c.body).toContain('"name": "${alarm_name}"')
  })

  it('reads a script channel with its command and timeout', () => {
    const c = one({
      type: 'script',
      command: ['/usr/local/bin/notify', '--team', 'db'],
      timeoutSeconds: 5,
    })
    expect(c).toMatchObject({
      command: ['/usr/local/bin/notify', '--team', 'db'],
      timeoutSeconds: 5,
    })
  })

  it.each([
    [{ type: 'dingtalk', webhookUrl: WECOM }, 'webhookUrl', '…/robot/send?access_token=…'],
    [
      { type: 'dingtalk', webhookUrl: 'https://oapi.dingtalk.com/robot/send' },
      'webhookUrl',
      'no access_token',
    ],
    [{ type: 'feishu', webhookUrl: DINGTALK }, 'webhookUrl', '…/open-apis/bot/v2/hook/…'],
    [
      { type: 'feishu', webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/' },
      'webhookUrl',
      'no token',
    ],
    [{ type: 'dingtalk', webhookUrl: DINGTALK, format: 'post' }, 'format', '"text" or "markdown"'],
    [
      { type: 'feishu', webhookUrl: FEISHU, format: 'markdown' },
      'format',
      '"text" or "post" or "interactive"',
    ],
    [
      { type: 'dingtalk', webhookUrl: DINGTALK, throttle: { perMinute: 30 } },
      'throttle.perMinute',
      'at most 20 messages a minute',
    ],
    [
      { type: 'feishu', webhookUrl: FEISHU, throttle: { perMinute: 120 } },
      'throttle.perMinute',
      'at most 100 messages a minute',
    ],
    [
      { type: 'feishu', webhookUrl: FEISHU, mentionMobiles: ['13800001111'] },
      'mentionMobiles',
      'user ids (ou_…)',
    ],
    [
      { type: 'feishu', webhookUrl: FEISHU, mentionUserIds: ['ou x'] },
      'mentionUserIds',
      '"ou x" is not a',
    ],
    [{ type: 'http', url: 'ftp://example.com/x' }, 'url', 'https:// or http://'],
    [{ type: 'http', url: 'https://example.com/x', method: 'GET' }, 'method', '"POST" or "PUT"'],
    [
      { type: 'http', url: 'https://example.com/x', webhookUrl: WECOM },
      'webhookUrl',
      'put the address in "url"',
    ],
    [{ type: 'script' }, 'command', 'needs a command'],
    [
      { type: 'dingtalk', webhookUrl: DINGTALK, throttle: { perMinute: 0 } },
      'throttle.perMinute',
      'at least 1',
    ],
    [
      { type: 'script', command: ['/bin/true'], mentionMobiles: ['13800001111'] },
      'mentionMobiles',
      'cannot @mention',
    ],
    [
      { type: 'sms', webhookUrl: WECOM },
      'type',
      '"wecom", "dingtalk", "feishu", "http" or "script"',
    ],
  ])('explains %j at %s', (channel, path, sentence) => {
    const errors = errorsOf(channel)
    expect(errors[`channels[0].${path}`]).toContain(sentence)
    for (const m of Object.values(errors)) expect(m).toMatch(/^["A-Z].*[.!?]$/)
  })

  it('reads its own output again unchanged, for every type (what is saved can be loaded)', () => {
    const all = [
      { name: 'w', webhookUrl: WECOM },
      { name: 'd', type: 'dingtalk', webhookUrl: DINGTALK, mentionMobiles: ['@all'] },
      { name: 'f', type: 'feishu', webhookUrl: LARK, format: 'post' },
      { name: 'h', type: 'http', url: 'https://alerts.example.com/hook' },
      { name: 's', type: 'script', command: ['/bin/true'] },
    ]
    const once = parseSettings({
      simulator: { enabled: false },
      channels: all,
      defaultChannels: ['w'],
    })
    expect(parseSettings(JSON.parse(JSON.stringify(once)))).toEqual(once)
    expect(once.channels.map((c) => c.throttle.perMinute)).toEqual([20, 20, 100, 0, 0])
  })

  it("lists the type's problems together with the others in one save", () => {
    const errors = errorsOf({ type: 'dingtalk', webhookUrl: WECOM, enabled: 'yes' })
    expect(Object.keys(errors).sort()).toEqual(['channels[0].enabled', 'channels[0].webhookUrl'])
  })

  it('accepts gateway and simulator hosts with a warning, and detects the type from a URL', () => {
    expect(parseDingTalkUrl('http://127.0.0.1:8762/robot/send?access_token=t')).toMatchObject({
      ok: true,
      warning: saying(expect.stringContaining('not oapi.dingtalk.com')),
    })
    expect(parseFeishuUrl(LARK)).toEqual({ ok: true, value: LARK })
    expect([WECOM, DINGTALK, FEISHU, LARK, 'https://example.com/x'].map(detectChannelType)).toEqual(
      ['wecom', 'dingtalk', 'feishu', 'feishu', undefined],
    )
  })
})
