import { execFileSync } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createProxy } from 'proxy'

export interface TestProxy {
  url: string
  /** Requests the proxy saw: `CONNECT host:port` for tunnels, `POST http://…` for forwarded ones. */
  seen: string[]
  close(): Promise<void>
}

/** A real HTTP proxy (the `proxy` package) on loopback; with `auth`, it demands Basic credentials. */
export async function startProxy(
  auth?: { user: string; password: string },
  port = 0,
): Promise<TestProxy> {
  const server = createProxy(createHttpServer())
  const seen: string[] = []
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.prependListener('request', (req) => seen.push(`${req.method} ${req.url}`))
  server.prependListener('connect', (req) => seen.push(`CONNECT ${req.url}`))
  if (auth) {
    const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected
  }
  server.listen(port, '127.0.0.1')
  await once(server, 'listening')
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}`,
    seen,
    close: async () => {
      const closed = new Promise((r) => server.close(r))
      for (const s of sockets) s.destroy()
      await closed
    },
  }
}

/** An HTTPS server with a self-signed certificate (openssl), as a TLS-intercepting endpoint looks. */
export async function startSelfSignedHttps(): Promise<{ origin: string; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'relay-tls-'))
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
    ],
    { stdio: 'ignore' },
  )
  const server = createHttpsServer(
    { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":"ok"}')
    },
  )
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    origin: `https://localhost:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  }
}

export function tempDir(prefix = 'relay-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A port that was free a moment ago (for servers that must be told their port in advance). */
export async function freePort(): Promise<number> {
  const srv = createNetServer().listen(0, '127.0.0.1')
  await once(srv, 'listening')
  const { port } = srv.address() as AddressInfo
  await new Promise((r) => srv.close(r))
  return port
}
