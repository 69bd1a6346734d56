import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { httpCall } from '../../electron/core/channels/http/transport'
import { DispatcherPool } from '../../electron/core/channels/proxy'
import { parseSettings } from '../../electron/core/settings/settings-store'
import { HTTP_HEADER_CASES } from '../corpus/http-headers'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

/**
 * One HTTP channel cannot stop another to the same host and port: each has its own connections,
 * a pool left stuck is replaced, and headers that cannot be sent are refused when saved.
 */

let endpoint: string
const held = new Set<ServerResponse>()
const server = createServer((req, res) => {
  req.resume()
  // /hang never answers; /stream answers 200 and then streams for a minute (held);
  // anything else answers 200 at once.
  if (req.url === '/hang') held.add(res)
  else if (req.url === '/stream') {
    res.writeHead(200, { 'content-type': 'text/plain' })
    res.write('accepted ')
    held.add(res)
    const drip = setInterval(() => (res.destroyed ? clearInterval(drip) : res.write('.')), 100)
    res.on('close', () => clearInterval(drip))
  } else if (req.url === '/flood') {
    // An answer far larger than anything worth reading: 64 MiB, as fast as it goes.
    res.writeHead(200, { 'content-type': 'text/plain' })
    const chunk = Buffer.alloc(1024 * 1024, 'x')
    let left = 64
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left--
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      res.end()
    }
    pump()
  } else req.on('end', () => res.writeHead(200).end('ok'))
})
beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  for (const r of held) r.destroy()
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

let t: TestRelay | undefined
afterEach(async () => {
  for (const r of held) r.destroy()
  held.clear()
  await t?.close()
  t = undefined
})

describe('HTTP channels to one host and port', () => {
  it('a healthy channel is delivered at once while 16 others hang on the same origin', async () => {
    const hanging = Array.from({ length: 16 }, (_, i) => ({
      name: `hang-${i}`,
      type: 'http' as const,
      webhookUrl: '',
      url: `${endpoint}/hang`,
      timeoutSeconds: 60,
    }))
    const healthy = {
      name: 'healthy',
      type: 'http' as const,
      webhookUrl: '',
      url: `${endpoint}/ok`,
      timeoutSeconds: 3,
    }
    t = await startTestRelay({
      channels: [...hanging, healthy],
      settings: { defaultChannels: hanging.map((c) => c.name) },
    })
    // The hanging channels take their connections first…
    await t.post('/alerts', { title: 'Stuck' })
    await waitFor(() => held.size === 16, 10_000, '16 requests hanging')
    // …then an alert for the healthy channel alone.
    const r = await t.post('/alerts?channel=healthy', { title: 'Healthy' })
    const id = ((await r.json()) as { ids: string[] }).ids[0]!
    await waitFor(
      () => t!.relay.history.get(id)?.attempts.length,
      10_000,
      'an attempt on the healthy channel',
    )
    expect(t.relay.history.get(id)!.attempts.map((a) => a.outcome)).toEqual(['success'])
  })
})

describe('an answer that keeps coming', () => {
  it('200 then streaming past the timeout is judged by its status: delivered once, not retried', async () => {
    t = await startTestRelay({
      channels: [
        {
          name: 'stream',
          type: 'http' as const,
          webhookUrl: '',
          url: `${endpoint}/stream`,
          timeoutSeconds: 1,
        },
      ],
      delivery: { backoff: () => 50 },
    })
    const r = await t.post('/alerts', { title: 'Streamed' })
    const id = ((await r.json()) as { ids: string[] }).ids[0]!
    await waitFor(
      () => t!.relay.history.get(id)?.attempts.length,
      10_000,
      'an attempt on the streaming endpoint',
    )
    const record = t.relay.history.get(id)!
    expect(record.attempts.map((a) => a.outcome)).toEqual(['success'])
    expect(record.deliveries.stream?.state).toBe('delivered')
  })

  it('a huge answer is read up to the cap, not whole', async () => {
    const pool = new DispatcherPool()
    const answer = await httpCall(pool, {
      url: `${endpoint}/flood`,
      body: '{}',
      timeoutMs: 10_000,
      secrets: [],
    })
    expect(answer.ok && answer.status).toBe(200)
    expect(answer.ok && answer.text.length).toBe(64 * 1024)
    await pool.close()
  })
})

describe('a connection pool left stuck', () => {
  it('is detected at the timeout and replaced, so the next request goes through', async () => {
    const pool = new DispatcherPool()
    const call = (headers: Record<string, string>) =>
      httpCall(pool, { url: `${endpoint}/ok`, body: '{}', headers, timeoutMs: 1_000, secrets: [] })
    // A value undici refuses leaves a dead connection behind each time (16 per origin).
    for (let i = 0; i < 20; i++) await call({ authorization: 'Bearer abc\n' })
    const first = await call({})
    expect(first.ok ? 'answered' : first.failure.errorCode).toMatch(/answered|POOL_STUCK/)
    const next = await call({})
    expect(next.ok && next.status).toBe(200)
    await pool.close()
  }, 20_000)
})

describe('HTTP channel headers that cannot be sent', () => {
  it.each(HTTP_HEADER_CASES.map((c) => [c.name, c] as const))(
    'corpus: %s is refused when saved, with a sentence',
    (_name, c) => {
      const save = () =>
        parseSettings({
          channels: [
            {
              name: 'hook',
              type: 'http',
              url: 'https://alerts.example.com/hook',
              headers: { [c.header]: c.value },
            },
          ],
          defaultChannels: ['hook'],
        })
      expect(save).toThrow(c.error)
    },
  )

  it('a well-formed header is accepted', () => {
    const s = parseSettings({
      channels: [
        {
          name: 'hook',
          type: 'http',
          url: 'https://alerts.example.com/hook',
          headers: { Authorization: 'Bearer abc\tdef', 'X-Api-Key': 'k' },
        },
      ],
      defaultChannels: ['hook'],
    })
    expect(s.channels[0]!.headers).toEqual({ Authorization: 'Bearer abc\tdef', 'X-Api-Key': 'k' })
  })
})
