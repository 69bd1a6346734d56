import { saying } from '../../helpers/said'
import { channelFacts } from '../../../electron/core/channels/catalog'
import { describe, expect, it } from 'vitest'
import { channelWindows, messageByteLimit } from '../../../electron/core/channels/limits'
import { fitJsonBody } from '../../../electron/core/channels/fit'
import type { SendResult } from '../../../electron/core/channels/wecom/sender'
import { dingtalkErrcodeInfo } from '../../../electron/core/channels/dingtalk/errcodes'
import type { ErrcodeInfo } from '../../../electron/core/channels/wecom/errcodes'
import { feishuCodeInfo } from '../../../electron/core/channels/feishu/errcodes'
import { MultiWindowLimiter } from '../../../electron/core/delivery/multi-limiter'
import { decideRetry } from '../../../electron/core/delivery/retry'
import { maskUrl } from '../../../electron/core/secrets/mask'

describe('channel limits', () => {
  it("declares each platform's windows and sizes in one table", () => {
    expect(channelWindows('wecom')).toEqual([{ max: 20, ms: 60_000 }])
    expect(channelWindows('dingtalk')).toEqual([{ max: 20, ms: 60_000 }])
    expect(channelWindows('feishu')).toEqual([
      { max: 100, ms: 60_000 },
      { max: 5, ms: 1_000 },
    ])
    expect(channelWindows('http')).toEqual([])
    expect(channelWindows('http', 30)).toEqual([{ max: 30, ms: 60_000 }])
    // A lower throttle tightens the minute window but never the per-second one.
    expect(channelWindows('feishu', 50)).toEqual([
      { max: 50, ms: 60_000 },
      { max: 5, ms: 1_000 },
    ])
    expect([
      channelFacts('dingtalk').limits.maxBytes,
      channelFacts('feishu').limits.maxBytes,
    ]).toEqual([20_000, 20_000])
  })

  it('digests pack to the type’s own limit: the body for DingTalk and Feishu, the content for WeCom', () => {
    expect(messageByteLimit('dingtalk', 'markdown')).toBe(20_000)
    expect(messageByteLimit('feishu', 'post')).toBe(20_000)
    expect(messageByteLimit('feishu', 'interactive')).toBe(20_000)
    expect(messageByteLimit('wecom', 'markdown')).toBe(4096)
    expect(messageByteLimit('wecom', 'text')).toBe(2048)
    expect(messageByteLimit('script', 'text')).toBe(2048)
  })

  it('a Feishu budget holds both windows: 5 in any second and 100 in any minute', () => {
    const l = new MultiWindowLimiter(channelWindows('feishu'))
    const t0 = 1_700_000_000_000
    let sent = 0
    let now = t0
    const times: number[] = []
    // Send whenever the limiter allows, for two minutes.
    while (now < t0 + 120_000) {
      if (l.available(now) > 0) {
        l.record(now)
        times.push(now)
        sent++
      } else now = l.nextFree(now)
    }
    for (const t of times) {
      expect(times.filter((u) => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(5)
      expect(times.filter((u) => u > t - 60_000 && u <= t).length).toBeLessThanOrEqual(100)
    }
    expect(sent).toBe(200)
    // The persisted times rebuild both windows.
    const again = new MultiWindowLimiter(channelWindows('feishu'), l.times())
    expect(again.available(times.at(-1)!)).toBe(0)
  })

  it('cuts content so that the serialised body fits, whatever JSON escaping adds', () => {
    const build = (c: string) => ({ text: { content: c } })
    const r = fitJsonBody(build, '"\n\\'.repeat(10_000), 2_000)
    expect(r.truncated).toBe(true)
    expect(Buffer.byteLength(JSON.stringify(r.body))).toBeLessThanOrEqual(2_000)
    expect(r.bytes).toBeGreaterThan(1_500)
    expect(fitJsonBody(build, 'short', 2_000)).toMatchObject({
      truncated: false,
      body: build('short'),
    })
  })
})

describe('retry decisions for the other robot types', () => {
  const policy = {
    windowMs: 60_000,
    maxRetryAgeMs: 3_600_000,
    backoff: () => 1000,
    otherRobotLive: true,
  }
  const item = { attempts: 0, enqueuedAt: 0, shrink: 1 }
  // The answer as the type's sender reads it: its own table gives the outcome and retry class.
  const failed = (table: (code: number) => ErrcodeInfo, errcode: number): SendResult => {
    const { meaning, ...info } = table(errcode)
    return {
      ok: false,
      errcode,
      ...info,
      explanation: meaning,
      requestBytes: 1,
      latencyMs: 1,
      maskedUrl: 'u',
    }
  }

  it('rests a DingTalk robot 10 windows after 130101, since DingTalk blocks it for 10 minutes', () => {
    expect(decideRetry(failed(dingtalkErrcodeInfo, 130101), item, 0, policy)).toMatchObject({
      kind: 'rest-robot',
      until: 600_000,
    })
    expect(decideRetry(failed(feishuCodeInfo, 9499), item, 0, policy)).toMatchObject({
      kind: 'rest-robot',
      until: 60_000,
      reason: saying(expect.stringContaining('answered 9499')),
    })
  })

  it('sets aside a DingTalk or Feishu robot that is gone, so the pool carries on', () => {
    for (const code of [300001, 400102])
      expect(decideRetry(failed(dingtalkErrcodeInfo, code), item, 0, policy).kind).toBe(
        'set-aside-robot',
      )
    for (const code of [19001, 19007])
      expect(decideRetry(failed(feishuCodeInfo, code), item, 0, policy).kind).toBe(
        'set-aside-robot',
      )
  })
})

describe('masking robot URLs', () => {
  it('masks a Feishu/Lark hook token, but not an ordinary path that says hook', () => {
    expect(
      maskUrl(
        'https://open.larksuite.com/open-apis/bot/v2/hook/2c1a7f0e-5b3d-4e6f-8a9b-0c1d2e3f4a5b',
      ),
    ).toBe('https://open.larksuite.com/open-apis/bot/v2/hook/2c1a…4a5b')
    expect(maskUrl('https://itsm.example.com/hook/alerts')).toBe(
      'https://itsm.example.com/hook/alerts',
    )
  })
})
