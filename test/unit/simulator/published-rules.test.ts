import { channelFacts } from '../../../electron/core/channels/catalog'
import { describe, expect, it } from 'vitest'
import { signWebhookUrl } from '../../../electron/core/channels/dingtalk-signing'
import { signFeishuBody } from '../../../electron/core/channels/feishu/sign'
import { FORMAT_BYTE_LIMITS } from '../../../electron/core/templates/formats'
import {
  checkDingTalkSignature,
  feishuExpectedSign,
  PUBLISHED,
} from '../../../electron/core/simulator/published-rules'

/**
 * The relay and its simulator each keep their own copy of the platforms' rules; this is where they
 * meet. A relay limit above the platform's would lose messages (the platform refuses them); a
 * rate window looser than the platform's would earn 45009/130101/9499; a signature the simulator
 * refuses is one the platform would refuse.
 */
describe("the relay's rules against the platforms' published rules (the simulator's copy)", () => {
  it('WeCom: the relay cuts each format at or below its published content limit', () => {
    for (const format of ['text', 'markdown', 'markdown_v2'] as const)
      expect(FORMAT_BYTE_LIMITS[format], format).toBeLessThanOrEqual(
        PUBLISHED.wecom.contentBytes[format],
      )
    expect(channelFacts('wecom').limits.maxBytes).toBeLessThanOrEqual(
      PUBLISHED.wecom.contentBytes.markdown,
    )
  })

  it('DingTalk and Feishu: the relay fits bodies within the published body limit', () => {
    expect(channelFacts('dingtalk').limits.bytesOf).toBe('body')
    expect(channelFacts('dingtalk').limits.maxBytes).toBeLessThanOrEqual(
      PUBLISHED.dingtalk.bodyBytes,
    )
    expect(channelFacts('feishu').limits.bytesOf).toBe('body')
    expect(channelFacts('feishu').limits.maxBytes).toBeLessThanOrEqual(PUBLISHED.feishu.bodyBytes)
  })

  it('every published rate window is one the relay keeps, no looser', () => {
    for (const type of ['wecom', 'dingtalk', 'feishu'] as const) {
      const relay = channelFacts(type).limits.windows
      for (const w of PUBLISHED[type].windows) {
        const same = relay.find((r) => r.ms === w.ms)
        expect(same, `${type}: a ${w.ms} ms window`).toBeDefined()
        expect(same!.max, `${type}: per ${w.ms} ms`).toBeLessThanOrEqual(w.max)
      }
    }
  })

  it("DingTalk: the relay's signed URL passes the published check, and a changed key or an old one does not", () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5)
    const url = 'https://oapi.dingtalk.com/robot/send?access_token=t0ken'
    const signed = new URL(signWebhookUrl(url, 'SEC-secret+/=', now))
    expect(checkDingTalkSignature(signed, 'SEC-secret+/=', now)).toBe('ok')
    expect(checkDingTalkSignature(signed, 'SEC-other', now)).toBe('mismatch')
    expect(checkDingTalkSignature(signed, 'SEC-secret+/=', now + 3_600_001)).toBe('expired')
    expect(checkDingTalkSignature(new URL(url), 'SEC-secret+/=', now)).toBe('missing')
  })

  it("Feishu: the relay's signed body carries the published signature of its timestamp", () => {
    const now = Date.UTC(2026, 0, 2, 3, 4, 5)
    const body = signFeishuBody({ msg_type: 'text' }, 'feishu-secret', now) as {
      timestamp: string
      sign: string
    }
    expect(body.timestamp).toBe(String(Math.floor(now / 1000)))
    expect(body.sign).toBe(feishuExpectedSign('feishu-secret', body.timestamp))
    expect(body.sign).not.toBe(feishuExpectedSign('other', body.timestamp))
  })
})
