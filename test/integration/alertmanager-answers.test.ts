import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { SilenceClient } from '../../electron/core/oncall/silences'
import { startTestRelay } from '../helpers/relay'

/**
 * What an Alertmanager (or whatever an alert's externalURL names) answers is read up to a cap, and
 * the silence link never carries the URL's `user:password@`.
 */

let origin = ''
let written = 0
/** Set when the flood's connection has closed: from then on, `written` is final. */
let floodClosed: Promise<void> | undefined
const seen: string[] = []
const server = createServer((req, res) => {
  seen.push(`${req.method} ${req.url}`)
  req.resume()
  if (req.url?.startsWith('/flood')) {
    // 256 MiB of answer, as fast as the client takes it.
    res.writeHead(200, { 'content-type': 'application/json' })
    floodClosed = new Promise((r) => res.once('close', () => r()))
    const chunk = Buffer.alloc(1024 * 1024, 'x')
    let left = 256
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        left--
        written += chunk.length
        if (!res.write(chunk)) return void res.once('drain', pump)
      }
      res.end()
    }
    pump()
    return
  }
  req.on('end', () =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ silenceID: 'silence-0001' })),
  )
})
beforeAll(async () => {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

const silence = {
  matchers: [{ name: 'alertname', value: 'DiskFull', isRegex: false, isEqual: true }],
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  createdBy: 'test',
  comment: '',
}

describe("Alertmanager's answers", () => {
  it('a huge answer is read up to a cap, then the connection is closed', async () => {
    const client = new SilenceClient()
    await expect(client.create({ url: `${origin}/flood` }, silence as never)).rejects.toThrow(
      /answered without a silence id/,
    )
    // Once the server sees the connection closed it writes no more.
    await floodClosed
    // Socket buffers hold a few MiB at most; the whole answer is 256 MiB.
    expect(written).toBeLessThan(32 * 1024 * 1024)
    await client.close()
  })

  it('the silence link leaves out user:password@', async () => {
    const client = new SilenceClient()
    const url = origin.replace('http://', 'http://relay:AmPassw0rd-secret@')
    const created = await client.create({ url }, silence as never)
    expect(created.link).toBe(`${origin}/#/silences/silence-0001`)
    await client.close()
  })
})

describe('Silence in Alertmanager', () => {
  it('refuses, with a sentence, an alert whose label was too long to keep whole, and sends nothing', async () => {
    const t = await startTestRelay({
      settings: { oncall: { alertmanager: { url: origin } } as never },
    })
    try {
      const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
      // The repository's Alertmanager fixture, with one label grown to 20,000 characters.
      const group = JSON.parse(
        readFileSync(new URL('../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
      ) as { externalURL: string; alerts: Array<{ labels: Record<string, string> }> }
      group.externalURL = origin
      group.alerts = group.alerts.slice(0, 1)
      group.alerts[0]!.labels.query = 'q'.repeat(20_000)
      const res = await t.post('/alerts/alertmanager', group)
      expect(res.status).toBe(202)
      const [alertId] = ((await res.json()) as { ids: string[] }).ids
      const before = seen.length
      await expect(
        api.silenceUpstream({ alertId: alertId!, forMinutes: 60, comment: '' }),
      ).rejects.toThrow(
        /^The label "query" is longer than 16,384 characters and the relay kept only its start, so a silence made from here would match nothing: .+\.$/,
      )
      expect(seen.slice(before)).toEqual([])
    } finally {
      await t.close()
    }
  })
})
