import { describe, expect, it } from 'vitest'
import { channelSchema, settingsSchema } from '../../../electron/core/settings/schema'
import { defaultTemplate } from '../../../electron/core/templates/defaults'

const base = { name: 'oncall', webhookUrl: 'http://127.0.0.1:8762/cgi-bin/webhook/send?key=k' }

describe('message settings', () => {
  it('mention user IDs: a list or comma-separated text, de-duplicated; bad IDs are refused with a sentence', () => {
    expect(
      channelSchema.parse({ ...base, mentionUserIds: 'zhangsan, lisi，zhangsan' }),
    ).toMatchObject({ mentionUserIds: ['zhangsan', 'lisi'] })
    const bad = channelSchema.safeParse({ ...base, mentionUserIds: ['<@all>'] })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.message).toContain('is not a WeCom user ID')
  })

  it('a channel language picks the default template and defaults to English', () => {
    expect(channelSchema.parse(base)).toMatchObject({
      language: 'en',
      template: defaultTemplate('markdown', 'en'),
    })
    expect(channelSchema.parse({ ...base, language: 'zh', format: 'text' })).toMatchObject({
      template: defaultTemplate('text', 'zh'),
    })
  })

  it("the time zone is an IANA name or empty (this machine's)", () => {
    expect(settingsSchema.parse({ app: { timeZone: 'Asia/Shanghai' } }).app.timeZone).toBe(
      'Asia/Shanghai',
    )
    expect(settingsSchema.parse({}).app.timeZone).toBe('')
    const bad = settingsSchema.safeParse({ app: { timeZone: 'Mars/Olympus' } })
    expect(bad.success).toBe(false)
    expect(bad.error!.issues[0]!.message).toContain('IANA')
  })
})
