import { say } from '../core/text/core-text'
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { callApi, isApiMethod } from '../core/api/call'
import type { ApiService } from '../core/api/service'
import type { RelayEvent, RelayEvents } from '../core/events'
import { BodyTooLarge, readBody, sendJson } from '../core/http/request-body'
import {
  bearerToken,
  closeServer,
  listen,
  requestUrl,
  tokenMatches,
  trackSockets,
} from '../core/http/server'
import { ERRORS_HEADER } from '../core/api/api-transport'
import { serveStatic } from './static'

export interface UiServer {
  /** `http://host:port` */
  origin: string
  /** The address to open: carries the token once, the server trades it for a cookie. */
  url: string
  close(): Promise<void>
}

const COOKIE = 'relay_ui'
const MAX_BODY = 5 * 1024 * 1024
/** Requests in flight get this long when the server stops (event streams are ended at once). */
const CLOSE_DEADLINE_MS = 1000

/** The UI token, kept in the data folder (owner-only) so that a bookmarked link keeps working. */
export function uiToken(dataDir: string): string {
  const path = join(dataDir, 'ui-token')
  if (existsSync(path)) {
    const t = readFileSync(path, 'utf8').trim()
    if (t.length >= 24) return t
  }
  const t = randomBytes(24).toString('base64url')
  writeFileSync(path, t + '\n', { mode: 0o600 })
  return t
}

/**
 * Headless mode's window and API on one loopback port: the built renderer, `POST /api/<method>`
 * for every AppApi method, and `GET /api/events` (Server-Sent Events: a `hello` with the count of
 * events published before it, then each event; every answer carries that count too). The API
 * needs the token (cookie, or `Authorization: Bearer`); the Host header must name this server
 * (DNS rebinding) and a cross-site Origin is refused (CSRF).
 */
export async function startUiServer(opts: {
  rendererDir: string
  host: string
  port: number
  service: ApiService
  events: RelayEvents
  token: string
}): Promise<UiServer> {
  const streams = new Set<ServerResponse>()
  // Events published so far. A stream's `hello` and every API answer carry it, so the window can
  // tell whether an answer was read before its stream listened with events in between (its
  // `x-relay-events` lower than the stream's hello): then it reads again (renderer event-stream.ts).
  let published = 0
  let allowedHosts = new Set<string>()
  let origin = ''

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) =>
      sendJson(res, 500, {
        error: `Unexpected error in the relay (${err.message}): please report it.`,
      }),
    )
  })
  const sockets = trackSockets(server)

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').toLowerCase()
    if (!allowedHosts.has(host)) {
      return sendJson(res, 403, {
        error: `This server answers only to ${origin} (the request named host "${host}"): open the address the relay printed.`,
      })
    }
    const url = requestUrl(req, origin)
    let pathname: string
    try {
      if (!url) throw new URIError()
      pathname = decodeURIComponent(url.pathname)
    } catch {
      return sendJson(res, 400, {
        error:
          'The address is malformed (a broken %-escape or URL): open the address the relay printed.',
      })
    }
    if (!pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return sendJson(res, 405, { error: 'Only GET is served here.' })
      const given = url.searchParams.get('token')
      if (given !== null) {
        if (!tokenMatches(given, opts.token))
          return sendJson(res, 401, {
            error: 'This link has a wrong token: open the ui: address the relay printed.',
          })
        res
          .writeHead(302, {
            location: '/',
            'set-cookie': `${COOKIE}=${opts.token}; HttpOnly; SameSite=Strict; Path=/`,
            'cache-control': 'no-store',
          })
          .end()
        return
      }
      if (!serveStatic(opts.rendererDir, url.pathname, res)) {
        res
          .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
          .end('The window is not built: run `npm run build`, then reload.')
      }
      return
    }

    const requestOrigin = req.headers.origin
    if (
      requestOrigin &&
      requestOrigin !== origin &&
      !allowedHosts.has(requestOrigin.replace(/^https?:\/\//, ''))
    ) {
      return sendJson(res, 403, {
        error: `Requests from ${requestOrigin} are not allowed: use the relay's own window.`,
      })
    }
    if (!tokenMatches(bearerToken(req) ?? cookie(req, COOKIE), opts.token))
      return sendJson(res, 401, {
        error: 'Not signed in: open the ui: address the relay printed (it carries the token).',
      })

    if (pathname === '/api/events') {
      if (req.method !== 'GET') return sendJson(res, 405, { error: 'Events are read with GET.' })
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      })
      res.write(`event: hello\ndata: ${published}\n\n`)
      streams.add(res)
      req.on('close', () => streams.delete(res))
      return
    }
    const method = pathname.slice('/api/'.length)
    if (!isApiMethod(method))
      return sendJson(res, 404, {
        error: `There is no API method "${method.slice(0, 80)}": see the contract for the methods.`,
      })
    if (req.method !== 'POST')
      return sendJson(res, 405, { error: 'API methods are called with POST.' })
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? ''))
      return sendJson(res, 415, { error: 'Send the input as application/json.' })
    let input: unknown
    try {
      const text = (await readBody(req, MAX_BODY)).toString('utf8')
      input = text.trim() ? JSON.parse(text) : undefined
    } catch (err) {
      if (err instanceof BodyTooLarge)
        return sendJson(res, 413, { error: 'The input is larger than 5 MiB: send less at once.' })
      return sendJson(res, 400, {
        error: `The input is not valid JSON (${(err as Error).message}): send the method's input as JSON.`,
      })
    }
    // Counted before the call: an event during it may or may not be in the answer.
    res.setHeader('x-relay-events', String(published))
    const answer = await callApi(opts.service, method, input)
    if (answer.ok) return sendJson(res, 200, { result: answer.result })
    // The window asks for refusals in a 200 envelope: a browser logs every 4xx/5xx answer as a
    // failed resource in its console, and a refused form is not a failed load. Other callers
    // (scripts, curl) keep the status.
    if (req.headers[ERRORS_HEADER] === 'envelope')
      return sendJson(res, 200, {
        error: answer.error,
        sentence: answer.sentence,
        fields: answer.fields,
        status: answer.status,
      })
    sendJson(res, answer.status, {
      error: answer.error,
      sentence: answer.sentence,
      fields: answer.fields,
    })
  }

  const forward = (event: RelayEvent) => {
    published++
    // No window open: nothing to serialise (ingest publishes on every request).
    if (!streams.size) return
    const data = `data: ${JSON.stringify(event)}\n\n`
    for (const s of streams) s.write(data)
  }
  opts.events.on('event', forward)
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n')
  }, 15_000).unref()

  origin = await listen(server, opts.host, opts.port, {
    name: say('phrase.windowServer'),
    inUse: say('phrase.uiPortTodo'),
  })
  const { port } = server.address() as AddressInfo
  const hostPart = origin.slice('http://'.length, origin.lastIndexOf(':'))
  allowedHosts = new Set(
    [`${hostPart}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`].map((h) =>
      h.toLowerCase(),
    ),
  )
  return {
    origin,
    url: `${origin}/?token=${opts.token}`,
    async close() {
      opts.events.off('event', forward)
      clearInterval(heartbeat)
      for (const s of streams) s.end()
      await closeServer(server, sockets, CLOSE_DEADLINE_MS)
    },
  }
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=')
    if (k === name) return v.join('=')
  }
  return undefined
}
