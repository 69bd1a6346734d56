import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  channelTypes,
  channelUrlSecrets,
  maskChannelUrl,
} from '../../../electron/core/channels/catalog'
import { registerChannelType } from '../../../electron/core/channels/registry'
import {
  maskUrl,
  maskUrlWith,
  secretsOfUrl,
  secretsOfUrlWith,
} from '../../../electron/core/secrets/mask'
import { pigeonType } from '../../fixtures/channel-types/pigeon/type'

/**
 * Every type's URL is masked both ways: through its type (`urlSecrets` in its facts, what the
 * settings, the senders, the history and the connectivity test use) and by the generic rules
 * alone (a process or a log line that never loads the catalog). Long tokens in each platform's
 * documented shape, and short ones (a gateway's, a test's) that no token pattern would catch.
 */
const URLS: Record<string, Array<[url: string, secret: string]>> = {
  wecom: [
    // WeCom's documented example key.
    [
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1',
      '693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1',
    ],
    ['http://127.0.0.1:9/cgi-bin/webhook/send?key=k1z', 'k1z'],
  ],
  dingtalk: [
    [
      'https://oapi.dingtalk.com/robot/send?access_token=5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
      '5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b5f4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b',
    ],
    ['http://127.0.0.1:9/robot/send?access_token=dt1', 'dt1'],
  ],
  feishu: [
    [
      'https://open.feishu.cn/open-apis/bot/v2/hook/2c8e4f0a-1b3d-4e5f-8a9b-0c1d2e3f4a5b',
      '2c8e4f0a-1b3d-4e5f-8a9b-0c1d2e3f4a5b',
    ],
    // A short token: no token pattern catches it; the type does, and the hook path's fallback.
    ['http://127.0.0.1:9/open-apis/bot/v2/hook/fs1', 'fs1'],
  ],
  http: [
    [
      'https://hooks.example.com/services/T00000000/B00000000/Xk29dLq0Wm3Zp7Rt5Yb8Nc1V',
      'Xk29dLq0Wm3Zp7Rt5Yb8Nc1V',
    ],
    ['https://api.example.com/alerts?api_key=ak1', 'ak1'],
  ],
  pigeon: [['https://pigeon.example/pigeon/hook/Pg1longtokenvalue', 'Pg1longtokenvalue']],
}

let forget: () => void
beforeAll(() => {
  forget = registerChannelType(pigeonType)
})
afterAll(() => forget())

describe("a channel's URL masked through its type and without it", () => {
  it('covers every registered type that has an endpoint URL', () => {
    const withUrl = channelTypes()
      .filter((f) => f.capabilities.endpoint !== 'command')
      .map((f) => f.id)
    expect(withUrl.sort()).toEqual(Object.keys(URLS).sort())
  })

  for (const [type, cases] of Object.entries(URLS))
    for (const [url, secret] of cases) {
      it(`${type}: ${url.slice(0, 48)}…`, () => {
        for (const masked of [maskChannelUrl(type, url), maskUrl(url)]) {
          expect(masked).not.toContain(secret)
          expect(masked).toContain('…')
        }
        expect(channelUrlSecrets(type, url)).toContain(secret)
        expect(secretsOfUrl(url)).toContain(secret)
      })
    }

  it("asks the type for what the generic rules cannot know (a sixth type's own secret)", () => {
    const url = 'https://gw.example/relay/room7?room=r7&lang=en'
    const own = (u: URL) => [u.searchParams.get('room'), u.pathname.split('/').at(-1)]
    expect(maskUrl(url)).toBe(url)
    expect(maskUrlWith(url, own)).toBe('https://gw.example/relay/…?room=…&lang=en')
    expect(secretsOfUrl(url)).toEqual([])
    expect(secretsOfUrlWith(url, own).sort()).toEqual(['r7', 'room7'])
  })

  it("masks a sixth type's short token through its facts, which no generic rule can tell from a word", () => {
    const url = 'https://pigeon.example/pigeon/hook/pg1'
    expect(maskChannelUrl('pigeon', url)).toBe('https://pigeon.example/pigeon/hook/…')
    expect(channelUrlSecrets('pigeon', url)).toEqual(['pg1'])
    expect(maskUrl(url)).toBe(url)
  })

  it('keeps the parts of a robot URL that are not secret', () => {
    expect(maskChannelUrl('wecom', URLS.wecom![0]![0])).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a…c2f1',
    )
    expect(maskChannelUrl('feishu', URLS.feishu![1]![0])).toBe(
      'http://127.0.0.1:9/open-apis/bot/v2/hook/…',
    )
    // An unknown type, or none: the generic rules alone.
    expect(maskChannelUrl('nope', URLS.dingtalk![1]![0])).toBe(
      'http://127.0.0.1:9/robot/send?access_token=…',
    )
  })
})
