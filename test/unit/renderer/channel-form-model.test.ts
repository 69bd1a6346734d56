import { describe, expect, it } from 'vitest'
import {
  fieldOfPath,
  isDirty,
  newForm,
  schemaDefaults,
  toDraft,
  toForm,
  withType,
} from '../../../renderer/src/pages/channels/channel-form-model'
import { channelSchema, type Channel } from '../../../electron/core/settings/schema'

const full: Channel = channelSchema.parse({
  name: 'oncall',
  enabled: false,
  webhookUrl:
    'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1',
  extraWebhookUrls: ['https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=second-robot-key-0001'],
  signatureKey: 'SEC123',
  mentionMobiles: ['13800001111', '13900002222'],
  proxy: 'http://10.0.0.1:3128',
  format: 'markdown_v2',
  template: '## ${alarm_name}',
  sendResolved: false,
  aggregate: { enabled: false, windowSeconds: 120 },
  throttle: { perMinute: 7, perHour: 30, perDay: 100 },
  verify: { type: 'status', codes: [200, 204] },
  timeoutSeconds: 45,
})

describe('channel form model', () => {
  it('round-trips every field of a saved channel, timeoutSeconds included', () => {
    const draft = toDraft(toForm(full), full)
    expect(channelSchema.parse(draft)).toEqual(full)
  })

  it('keeps the timeout the form shows, and the one it is given', () => {
    const f = { ...toForm(full), timeoutSeconds: '30' }
    expect(channelSchema.parse(toDraft(f, full)).timeoutSeconds).toBe(30)
  })

  it('round-trips the json and regex verification rules', () => {
    for (const verify of [
      { type: 'json' as const, match: { errcode: 0, ok: true } },
      { type: 'regex' as const, pattern: '"errcode":\\s*0' },
    ]) {
      const c = channelSchema.parse({ ...full, verify })
      expect(channelSchema.parse(toDraft(toForm(c), c))).toEqual(c)
    }
  })

  it('takes a new channel defaults from the schema, leaving the template to the format', () => {
    const d = schemaDefaults()
    const f = newForm()
    expect(f.name).toBe('')
    expect(f.webhookUrl).toBe('')
    expect(f.template).toBeUndefined()
    expect(f.perMinute).toBe(String(d.throttle.perMinute))
    expect(f.windowSeconds).toBe(String(d.aggregate.windowSeconds))
    expect(f.timeoutSeconds).toBe(String(d.timeoutSeconds))
    expect(f.format).toBe(d.format)
  })

  it('sends text that is not a number as typed, so the schema can explain it', () => {
    const draft = toDraft({ ...newForm(), name: 'x', perMinute: 'twenty' })
    expect((draft.throttle as { perMinute: unknown }).perMinute).toBe('twenty')
  })

  it('knows when the form was changed', () => {
    const f = toForm(full)
    expect(isDirty(f, { ...f })).toBe(false)
    expect(isDirty(f, { ...f, proxy: '' })).toBe(true)
  })

  it('maps schema paths to the field that shows them', () => {
    expect(fieldOfPath('webhookUrl')).toBe('webhookUrl')
    expect(fieldOfPath('throttle.perMinute')).toBe('perMinute')
    expect(fieldOfPath('aggregate.windowSeconds')).toBe('windowSeconds')
    expect(fieldOfPath('verify.codes[1]')).toBe('verifyCodes')
    expect(fieldOfPath('extraWebhookUrls[0]')).toBe('extraWebhookUrls')
    expect(fieldOfPath('mentionMobiles')).toBe('mentionMobiles')
    expect(fieldOfPath('')).toBeUndefined()
  })

  it('round-trips the WeCom user ids and the language', () => {
    const c = channelSchema.parse({
      ...full,
      mentionUserIds: ['zhangsan', 'li.si'],
      language: 'zh',
    })
    const f = toForm(c)
    expect(f.mentionUserIds).toBe('zhangsan, li.si')
    expect(channelSchema.parse(toDraft(f, c))).toEqual(c)
  })

  // One channel of each other type with every field it has set to something not the default.
  const others: Channel[] = [
    channelSchema.parse({
      name: 'ding',
      type: 'dingtalk',
      webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=b7e1f0c2d3',
      extraWebhookUrls: ['https://oapi.dingtalk.com/robot/send?access_token=second'],
      signatureKey: 'SECa1b2c3',
      mentionMobiles: ['13800001111', '@all'],
      format: 'text',
      language: 'zh',
      template: '${alarm_name}',
      throttle: { perMinute: 10, perHour: 0, perDay: 0 },
    }),
    channelSchema.parse({
      name: 'lark',
      type: 'feishu',
      webhookUrl: 'https://open.larksuite.com/open-apis/bot/v2/hook/0b1c2d3e-aaaa',
      signatureKey: 'feishu-secret',
      mentionMobiles: ['@all'],
      mentionUserIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs'],
      format: 'post',
      language: 'en',
    }),
    channelSchema.parse({
      name: 'hook',
      type: 'http',
      url: 'https://alerts.example.com/hook',
      method: 'PUT',
      headers: { Authorization: 'Bearer abc', 'X-Team': 'db' },
      body: '{"n": "${alarm_name}"}',
      verify: { type: 'regex', pattern: 'ok' },
      throttle: { perMinute: 0, perHour: 0, perDay: 0 },
    }),
    channelSchema.parse({
      name: 'notify',
      type: 'script',
      command: ['/usr/local/bin/notify', '--team', 'db ops'],
      timeoutSeconds: 30,
      verify: { type: 'regex', pattern: '^sent$' },
    }),
  ]
  for (const c of others)
    it(`round-trips every field of a ${c.type} channel`, () => {
      const f = toForm(c)
      expect(f.type).toBe(c.type)
      expect(channelSchema.parse(toDraft(f, c))).toEqual(c)
    })

  it('shows @all of DingTalk and Feishu/Lark as a checkbox, apart from the mobiles', () => {
    const f = toForm(others[0]!)
    expect(f.mentionAll).toBe(true)
    expect(f.mentionMobiles).toBe('13800001111')
    const none = channelSchema.parse(toDraft({ ...f, mentionAll: false }, others[0]))
    expect(none.mentionMobiles).toEqual(['13800001111'])
  })

  it("gives a channel switched to another type that type's format, limit and verification", () => {
    const f = withType(newForm(), 'feishu')
    expect(f.format).toBe('interactive')
    expect(f.perMinute).toBe('100')
    expect(f.verifyType).toBe('json')
    expect(f.verifyMatch).toBe('{"code":0}')
    const h = withType(newForm(), 'http')
    expect(h.verifyType).toBe('status')
    expect(h.body).toContain('${alarm_name}')
    const s = channelSchema.parse(
      toDraft({ ...withType(newForm(), 'script'), name: 's', command: 'notify\n--loud' }),
    )
    expect(s.command).toEqual(['notify', '--loud'])
    expect(s.webhookUrl).toBe('')
  })

  it('maps the new fields schema paths to their fields', () => {
    expect(fieldOfPath('mentionUserIds[0]')).toBe('mentionUserIds')
    expect(fieldOfPath('command')).toBe('command')
    expect(fieldOfPath('url')).toBe('url')
  })
})
