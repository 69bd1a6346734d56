import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SilenceClient } from '../../electron/core/oncall/silences'

/**
 * What an Alertmanager (or whatever an alert's externalURL names) answers is read up to a cap, and
 * the silence link never carries the URL's `user:password@`.
 */

let origin = ''
let written = 0
const server = createServer((req, res) => {
  req.resume()
  if (req.url?.startsWith('/flood')) {
    // 256 MiB of answer, as fast as the client takes it.
    res.writeHead(200, { 'content-type': 'application/json' })
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
    await new Promise((r) => setTimeout(r, 200))
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
