import { createHmac } from 'node:crypto'

/**
 * WeCom group robots have no signature mechanism; the seed's "Signature Key" is DingTalk's. When a
 * channel has one, the relay adds DingTalk's `timestamp` (milliseconds) and `sign` query
 * parameters: required by DingTalk and by gateways that check them, ignored by WeCom.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64')
}

export function signWebhookUrl(url: string, secret: string, now = Date.now()): string {
  if (!secret) return url
  const u = new URL(url)
  u.searchParams.set('timestamp', String(now))
  // URLSearchParams percent-encodes the raw base64 exactly once; encoding it first would double it.
  u.searchParams.set('sign', dingtalkSign(secret, now))
  return u.toString()
}
