import { request } from 'node:http'
import { connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UiServer } from '../../electron/headless/api-server'
import { CORPUS, type CorpusRequest } from '../corpus/requests'
import { startTestRelay, startTestUi, type TestRelay } from '../helpers/relay'

const TOKEN = 'corpus-token-0123456789abcdef'
let t: TestRelay
let ui: UiServer

beforeAll(async () => {
  t = await startTestRelay({ channels: [{ name: 'oncall', aggregate: { enabled: false } }] })
  ui = await startTestUi(t, TOKEN, 'corpus')
})
afterAll(async () => {
  await ui.close()
  await t.close()
})

function send(r: CorpusRequest): Promise<{ status: number; body: string }> {
  const origin = new URL(r.target === 'alerts' ? t.origin : ui.origin)
  const headers: Record<string, string> = {
    ...(r.target === 'api' && r.auth !== false ? { authorization: `Bearer ${TOKEN}` } : {}),
    ...r.headers,
  }
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: origin.hostname,
        port: origin.port,
        method: r.method ?? 'POST',
        path: r.path,
        headers,
      },
      (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      },
    )
    req.on('error', (err) =>
      /EPIPE|ECONNRESET/.test((err as NodeJS.ErrnoException).code ?? '') ? undefined : reject(err),
    )
    req.end(r.body)
  })
}

describe('the bad-input corpus', () => {
  it('has at least 60 requests', () => expect(CORPUS.length).toBeGreaterThanOrEqual(60))

  it.each(CORPUS.map((r) => [r.name, r] as const))('%s', async (_name, r) => {
    const before = t.relay.history.size
    const res = await send(r)
    expect(res.status).toBe(r.status)
    if (res.status >= 400) {
      const body = JSON.parse(res.body) as { error: string }
      expect(body.error).toMatch(/^\S.{10,}[.!?)]$/)
    }
    expect(t.relay.history.size - before).toBe(r.stored ?? 0)
  })

  it('still serves afterwards, stored only strings, and nothing polluted Object.prototype', async () => {
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200)
    expect(
      (await fetch(`${t.origin}/alerts`, { method: 'POST', body: 'after the corpus' })).status,
    ).toBe(202)
    for (const e of t.relay.history.query({ limit: 1000 }).items) {
      for (const map of [e.alert.vars, e.alert.labels, e.alert.annotations]) {
        for (const [k, v] of Object.entries(map)) {
          expect(typeof v).toBe('string')
          expect(k).not.toBe('__proto__')
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.prototype).not.toHaveProperty('polluted')
  })

  it('a slow client (a chunked body that never ends) does not block anyone else, and stores nothing', async () => {
    const before = t.relay.history.size
    const { hostname, port } = new URL(t.origin)
    const socket = connect(Number(port), hostname)
    await new Promise((r) => socket.once('connect', r))
    socket.write(
      'POST /alerts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{"tit\r\n',
    )
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${t.origin}/healthz`)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(
      (await fetch(`${t.origin}/alerts`, { method: 'POST', body: 'while a slow client waits' }))
        .status,
    ).toBe(202)
    socket.destroy()
    expect(t.relay.history.size - before).toBe(1)
  })
})
