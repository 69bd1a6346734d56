import { createHmac } from 'node:crypto'

/**
 * Feishu/Lark custom bot signature: the key is `timestamp + "\n" + secret` and the signed message
 * is empty (the reverse of DingTalk's layout); timestamp in seconds. Both go in the JSON body.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64')
}

/** Adds `timestamp` and `sign` to a body when the bot has a signature key. */
export function signFeishuBody<T extends object>(
  body: T,
  secret: string,
  nowMs = Date.now(),
): T | (T & { timestamp: string; sign: string }) {
  if (!secret) return body
  const timestamp = Math.floor(nowMs / 1000)
  return { timestamp: String(timestamp), sign: feishuSign(secret, timestamp), ...body }
}
