import { createServer, request, type IncomingMessage } from 'node:http'
import { asWritten, say } from '../../../electron/core/text/core-text'
import { describe, expect, it } from 'vitest'
import {
  bearerToken,
  closeServer,
  listen,
  ListenError,
  tokenMatches,
  trackSockets,
} from '../../../electron/core/http/server'

const withAuth = (authorization?: string) =>
  ({ headers: authorization === undefined ? {} : { authorization } }) as IncomingMessage

describe('the shared HTTP server code', () => {
  it('reads the Bearer token whatever the case of the scheme, and nothing else', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR'])
      expect(bearerToken(withAuth(`${scheme} tok-123`))).toBe('tok-123')
    expect(bearerToken(withAuth('Bearer   spaced  '))).toBe('spaced')
    for (const other of [undefined, '', 'Basic dXNlcjpwYXNz', 'Bearer', 'Bearertok', 'tok'])
      expect(bearerToken(withAuth(other))).toBeUndefined()
  })

  it('compares tokens exactly, refusing a missing or empty one', () => {
    expect(tokenMatches('secret-token', 'secret-token')).toBe(true)
    for (const given of ['secret-toke', 'secret-token ', 'SECRET-TOKEN', '', undefined])
      expect(tokenMatches(given, 'secret-token')).toBe(false)
    expect(tokenMatches('', '')).toBe(false)
  })

  it('says in one sentence that a port is taken, naming the server and the remedy', async () => {
    const first = createServer()
    const origin = await listen(first, '127.0.0.1', 0, { name: asWritten('The first') })
    const port = Number(new URL(origin).port)
    const second = createServer()
    const err = await listen(second, '127.0.0.1', port, {
      name: say('phrase.listener'),
      inUse: say('phrase.listenerTodo'),
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ListenError)
    expect(err).toMatchObject({
      code: 'EADDRINUSE',
      message: `The alert listener could not start: 127.0.0.1:${port} is already in use: stop the other program or choose another listener port in Settings.`,
    })
    // The window words it by its code, each part (who, what to do) by its own.
    expect((err as ListenError).said).toMatchObject({
      code: 'listen.inUse',
      params: { address: `127.0.0.1:${port}` },
      nested: { who: { code: 'phrase.listener' }, todo: { code: 'phrase.listenerTodo' } },
    })
    await closeServer(first, new Set(), 0)
  })

  it('closes although a request hangs: the request is cut at the deadline', async () => {
    let hung = false
    const server = createServer((req) => {
      hung = true // never answers
      req.resume()
    })
    const sockets = trackSockets(server)
    const origin = await listen(server, '127.0.0.1', 0, { name: asWritten('Test') })
    const outcome = new Promise<string>((resolve) => {
      const req = request(origin, { method: 'POST' }, () => resolve('answered'))
      req.on('error', (e) => resolve(e.message))
      req.end('x')
    })
    while (!hung) await new Promise((r) => setTimeout(r, 5))
    await closeServer(server, sockets, 50)
    expect(await outcome).toBe('socket hang up')
  })
})
