import { once } from 'node:events'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serveStatic } from './static'

export interface UiServer {
  origin: string
  close(): Promise<void>
}

/** Serves the built renderer on its own loopback port (the API joins it in the app-shell work). */
export async function startUiServer(
  rendererDir: string,
  host: string,
  port: number,
): Promise<UiServer> {
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ui')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res
        .writeHead(405, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'Only GET is served here.' }))
      return
    }
    if (!serveStatic(rendererDir, url.pathname, res)) {
      res
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The window is not built: run `npm run build`, then reload.')
    }
  })
  server.listen(port, host)
  await once(server, 'listening')
  const a = server.address() as AddressInfo
  return {
    origin: `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`,
    close: () => new Promise((r) => server.close(() => r())),
  }
}
