import { readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { serveArgs, startCli } from '../helpers/cli'
import { tempDir } from '../helpers/servers'

/** Another program on the port the shipped channel names: it answers like a robot that accepted. */
async function impostor(): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = []
  const server = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      hits.push(body)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}')
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return { server, port: (server.address() as AddressInfo).port, hits }
}

const cleanup: Array<() => Promise<unknown>> = []
afterEach(async () => {
  await Promise.allSettled(cleanup.splice(0).map((f) => f()))
})

describe('the channel that ships with the app', () => {
  it('follows serve --simulator-port, so its messages reach the simulator and not whoever holds the old port', async () => {
    const other = await impostor()
    cleanup.push(() => new Promise((r) => other.server.close(r)))
    const dir = tempDir()
    // A settings file whose built-in channel still names the old port.
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({
        simulator: { enabled: true, port: other.port },
        channels: [
          {
            name: 'simulator',
            webhookUrl: `http://127.0.0.1:${other.port}/cgi-bin/webhook/send?key=relay-demo`,
            aggregate: { enabled: false },
          },
          {
            name: 'elsewhere',
            webhookUrl: `http://127.0.0.1:${other.port}/cgi-bin/webhook/send?key=not-a-simulator-key`,
            aggregate: { enabled: false },
          },
        ],
        defaultChannels: ['simulator'],
      }),
    )
    const serve = await startCli([...serveArgs(dir), '--simulator-port', '0'], /ui: http/)
    cleanup.push(() => serve.stop())
    const sim = /simulator: (http:\/\/[^/\s]+)/.exec(serve.output())![1]!
    expect(sim).not.toBe(`http://127.0.0.1:${other.port}`)

    // The window and the settings file show the address that is used.
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as {
      channels: Array<{ name: string; webhookUrl: string }>
    }
    expect(saved.channels[0]!.webhookUrl).toBe(`${sim}/cgi-bin/webhook/send?key=relay-demo`)
    // A channel with a key the simulator does not accept is someone else's robot: left alone.
    expect(saved.channels[1]!.webhookUrl).toContain(`:${other.port}/`)

    const alerts = /alerts: (\S+)/.exec(serve.output())![1]!
    const res = await fetch(alerts, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'disk almost full on db-1',
    })
    expect(res.status).toBe(202)
    await expect
      .poll(
        async () =>
          ((await (await fetch(`${sim}/_sim/messages`)).json()) as { messages: unknown[] }).messages
            .length,
        { timeout: 10_000 },
      )
      .toBe(1)
    expect(other.hits).toEqual([])
  })
})
