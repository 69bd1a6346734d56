import { createHmac } from 'node:crypto'
import { once } from 'node:events'
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request as the fake received it: the raw query string matters for signature encoding. */
export interface Captured {
  method: string
  path: string
  rawQuery: string
  query: URLSearchParams
  headers: IncomingMessage['headers']
  text: string
  json: unknown
}

/**
 * A loopback endpoint that records what it gets and answers what the test says. It shares no code
 * with the relay: signatures are checked with the helpers below, written from the platforms' docs.
 */
export async function startFakeRobot(
  answer: (req: Captured) => { status?: number; body: unknown } = () => ({
    body: { errcode: 0, errmsg: 'ok' },
  }),
) {
  const received: Captured[] = []
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks).toString('utf8')
    const [path = '', rawQuery = ''] = (req.url ?? '').split('?')
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const captured = {
      method: req.method ?? '',
      path,
      rawQuery,
      query: new URLSearchParams(rawQuery),
      headers: req.headers,
      text,
      json,
    }
    received.push(captured)
    const a = answer(captured)
    const body = typeof a.body === 'string' ? a.body : JSON.stringify(a.body)
    res.writeHead(a.status ?? 200, { 'content-type': 'application/json' }).end(body)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** DingTalk: Base64 HMAC-SHA256 keyed by the secret over `timestamp\nsecret`, URL-encoded once. */
export function dingtalkExpectedSign(secret: string, timestamp: string): string {
  const mac = createHmac('sha256', Buffer.from(secret, 'utf8'))
  mac.update(Buffer.from(`${timestamp}\n${secret}`, 'utf8'))
  return encodeURIComponent(mac.digest('base64'))
}

/** Feishu/Lark: Base64 HMAC-SHA256 keyed by `timestamp\nsecret` over an empty message. */
export function feishuExpectedSign(secret: string, timestamp: string): string {
  return createHmac('sha256', Buffer.from(`${timestamp}\n${secret}`, 'utf8')).digest('base64')
}
