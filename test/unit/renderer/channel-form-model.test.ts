import { describe, expect, it } from 'vitest'
import {
  fieldOfPath,
  isDirty,
  newForm,
  schemaDefaults,
  toDraft,
  toForm,
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
})
