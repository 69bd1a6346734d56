import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'

/**
 * Proxies that misbehave at CONNECT, on 127.0.0.1: one accepts and never answers, one closes at
 * once, one half-closes (sends FIN, keeps reading). undici's tunnel ignored the request's abort
 * signal here and retried closed sockets at once, so a send hung forever while the proxy took
 * thousands of CONNECTs a second. `trickle` sends a status line one byte at a time, forever.
 */
export type ProxyMode = 'silent' | 'close' | 'half-close' | 'trickle'
export interface BadProxy {
  url: string
  connections: number
  close(): Promise<void>
}

/** Starts a proxy that misbehaves in `mode` on 127.0.0.1, counting the connections it takes. */
export async function startBadProxy(mode: ProxyMode): Promise<BadProxy> {
  const sockets = new Set<Socket>()
  const proxy = { url: '', connections: 0, close: async () => {} }
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    proxy.connections++
    sockets.add(socket)
    socket.on('error', () => undefined).on('close', () => sockets.delete(socket))
    socket.resume()
    if (mode === 'close') socket.destroy()
    if (mode === 'half-close') socket.end()
    if (mode === 'trickle') {
      // An answer that never ends: one byte of a status line at a time, forever.
      const bytes = Buffer.from('HTTP/1.1 200 Connection established'.repeat(100))
      let i = 0
      const timer = setInterval(() => socket.write(bytes.subarray(i, ++i)), 50)
      socket.on('close', () => clearInterval(timer))
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  proxy.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy()
      server.close(() => resolve())
    })
  return proxy
}

/** Every misbehaviour, for tests that run them all. */
export const PROXY_MODES: ProxyMode[] = ['silent', 'close', 'half-close', 'trickle']
