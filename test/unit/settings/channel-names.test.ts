import { describe, expect, it } from 'vitest'
import { parseSettings } from '../../../electron/core/settings/settings-store'
import { BAD_CHANNEL_NAMES, GOOD_CHANNEL_NAMES } from '../../corpus/channel-names'

const save = (name: string) =>
  parseSettings({
    channels: [{ name, webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }],
    defaultChannels: [name],
  })

describe('channel names', () => {
  it.each(BAD_CHANNEL_NAMES.map((c) => [c.name, c] as const))(
    'corpus: a name with %s is refused with a sentence',
    (_name, c) => {
      expect(() => save(c.value)).toThrow(c.error)
    },
  )
  it.each(GOOD_CHANNEL_NAMES)('accepts %s', (name) => {
    expect(save(name).channels[0]!.name).toBe(name)
  })
})

describe('channel URLs with line breaks or control characters', () => {
  const URL_SENTENCE =
    /The URL contains a line break, tab or control character: paste it again on one line\./
  it.each([
    [
      'a WeCom webhook with LF',
      { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a\nb' },
    ],
    [
      'a WeCom webhook with CR',
      { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/web\rhook/send?key=ab' },
    ],
    [
      'a WeCom webhook with a tab',
      { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a\tb' },
    ],
    ['an HTTP channel URL with CRLF', { type: 'http', url: 'https://alerts.example.com/ho\r\nok' }],
  ])('corpus: %s is refused, not silently changed', (_name, fields) => {
    expect(() =>
      parseSettings({ channels: [{ name: 'c', ...fields }], defaultChannels: ['c'] }),
    ).toThrow(URL_SENTENCE)
  })
})
