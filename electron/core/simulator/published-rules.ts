import { createHmac } from 'node:crypto'

/**
 * The platforms' published rules, as the simulator enforces them: written from the platforms'
 * documentation (shared/reference/wecom-robot-api.md; DingTalk's and Feishu/Lark's custom robot
 * pages), never imported from the relay. The relay keeps its own copy (channels/limits.ts,
 * templates/formats.ts, the signers); test/unit/simulator/published-rules.test.ts compares the
 * two, so a wrong limit or signature in the relay cannot pass against its own simulator.
 */

/** One rolling window: at most `max` messages per `ms`. */
export interface RateWindow {
  max: number
  ms: number
}

export const PUBLISHED = {
  wecom: {
    /** UTF-8 bytes of the content: text 2048 (documented), Markdown 4096 (40058 above). */
    contentBytes: { text: 2048, markdown: 4096, markdown_v2: 4096 },
    /** 20 messages a minute per robot; 45009 past it. */
    windows: [{ max: 20, ms: 60_000 }] as readonly RateWindow[],
  },
  dingtalk: {
    /** The request body in bytes (460101 above). */
    bodyBytes: 20_000,
    /** 20 messages a minute per robot; 130101 past it, and the robot is blocked for 10 minutes. */
    windows: [{ max: 20, ms: 60_000 }] as readonly RateWindow[],
    /** A signature's `timestamp` (ms) must be within an hour of the server's clock. */
    signatureMaxSkewMs: 3_600_000,
  },
  feishu: {
    /** "Body at most 20 KB": 20 × 1024 bytes (19002 above). */
    bodyBytes: 20 * 1024,
    /** 100 requests a minute and 5 a second per bot; 9499 or 11232 past them. */
    windows: [
      { max: 100, ms: 60_000 },
      { max: 5, ms: 1_000 },
    ] as readonly RateWindow[],
    /** A signature's `timestamp` (seconds) must be within an hour of the server's clock. */
    signatureMaxSkewS: 3_600,
  },
} as const

/**
 * DingTalk: `sign = base64(HMAC_SHA256(key = secret, message = timestamp + "\n" + secret))`,
 * `timestamp` in milliseconds, both in the query string.
 */
export function dingtalkExpectedSign(secret: string, timestampMs: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64')
}

/** Checks a DingTalk-signed URL the way DingTalk does: present, within the hour, matching. */
export function checkDingTalkSignature(
  url: URL,
  secret: string,
  now: number,
): 'ok' | 'missing' | 'expired' | 'mismatch' {
  const timestamp = url.searchParams.get('timestamp') ?? ''
  const sign = url.searchParams.get('sign')
  if (!/^\d+$/.test(timestamp) || !sign) return 'missing'
  if (Math.abs(now - Number(timestamp)) > PUBLISHED.dingtalk.signatureMaxSkewMs) return 'expired'
  return dingtalkExpectedSign(secret, timestamp) === sign ? 'ok' : 'mismatch'
}

/**
 * Feishu/Lark: `sign = base64(HMAC_SHA256(key = timestamp + "\n" + secret, message = ""))`,
 * `timestamp` in seconds, both in the JSON body (the key is the string to sign).
 */
export function feishuExpectedSign(secret: string, timestampS: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update(Buffer.alloc(0)).digest('base64')
}
