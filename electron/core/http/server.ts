import { createHash, timingSafeEqual } from 'node:crypto'
import { once } from 'node:events'
import type { IncomingMessage, Server } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { say, type CoreText } from '../text/core-text'

/**
 * What the relay's three HTTP servers (alert listener, window API, simulator) share: listening with
 * a sentence when the address cannot be had, closing within a deadline, and checking a token.
 */

/**
 * The address could not be listened on; `said` is one sentence for the person, by its code
 * (`message` is its English).
 */
export class ListenError extends Error {
  constructor(
    readonly said: CoreText,
    readonly code?: string,
  ) {
    super(said.text)
    this.name = 'ListenError'
  }
}

export interface ListenOptions {
  /** Who could not start, e.g. "The alert listener": the sentence starts with it. */
  name: CoreText
  /** What to do when the port is taken, e.g. "choose another listener port in Settings". */
  inUse?: CoreText
}

/** Why `who` could not listen on host:port, in one sentence. */
function listenFailure(
  err: unknown,
  host: string,
  port: number,
  who: CoreText,
  inUse?: CoreText,
): CoreText {
  const e = err as NodeJS.ErrnoException
  const address = `${host}:${port}`
  switch (e.code) {
    case 'EADDRINUSE':
      return say('listen.inUse', { who, address, todo: inUse ?? say('phrase.portTodo') })
    case 'EADDRNOTAVAIL':
      return say('listen.notOurs', { who, host })
    case 'EACCES':
    case 'EPERM':
      return say('listen.denied', { who, address })
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return say('listen.unknownHost', { who, host })
    default:
      return say('listen.other', { who, address, why: e.message })
  }
}

/**
 * Starts `server` on host:port and resolves with its origin (`http://host:port`, IPv6 bracketed).
 * Throws a ListenError naming the server and what to do.
 */
export async function listen(
  server: Server,
  host: string,
  port: number,
  options: ListenOptions,
): Promise<string> {
  try {
    server.listen(port, host)
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([e]) => Promise.reject(e as Error)),
    ])
  } catch (err) {
    throw new ListenError(
      listenFailure(err, host, port, options.name, options.inUse),
      (err as NodeJS.ErrnoException).code,
    )
  }
  return originOf(server)
}

/** `http://host:port` of a listening server. */
export function originOf(server: Server): string {
  const a = server.address() as AddressInfo
  return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`
}

/** Keeps the server's open sockets, so that a close can cut the ones that linger. */
export function trackSockets(server: Server): Set<Socket> {
  const sockets = new Set<Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  return sockets
}

/**
 * Stops accepting, lets requests in flight finish for up to `deadlineMs`, and destroys what is
 * left after that (idle keep-alive sockets at once: they would hold the close forever).
 */
export async function closeServer(
  server: Server,
  sockets: Set<Socket>,
  deadlineMs: number,
): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve))
  server.closeIdleConnections()
  const cut = () => {
    for (const s of sockets) s.destroy()
  }
  if (deadlineMs <= 0) cut()
  const timer = deadlineMs > 0 ? setTimeout(cut, deadlineMs).unref() : undefined
  await closed
  clearTimeout(timer)
}

/** The token of an `Authorization: Bearer <token>` header; the scheme is case-insensitive (RFC 9110). */
export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^bearer[ \t]+(\S.*)$/i.exec(req.headers.authorization ?? '')
  return m ? m[1]!.trim() : undefined
}

/**
 * Compares a given token with the expected one in constant time: both are hashed first, so that
 * neither the content nor the length of the expected token shows in the timing.
 */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined || !expected) return false
  const digest = (s: string) => createHash('sha256').update(s).digest()
  return timingSafeEqual(digest(given), digest(expected))
}

/**
 * The request's URL, or undefined when it cannot be read (an absolute-form target with a broken
 * host, say): each server answers that with a 400 in its own words, never a 500.
 */
export function requestUrl(req: IncomingMessage, base: string): URL | undefined {
  try {
    return new URL(req.url ?? '/', base)
  } catch {
    return undefined
  }
}
