import type { Dispatcher, Pool } from 'undici'
import { undici } from './undici'

/** A connector callback as undici calls it: `(err, socket)`. */
type ConnectCallback = (err: Error | null, socket: unknown) => void
type Connector = (opts: object, cb: ConnectCallback) => void

/**
 * Connection pools per proxy. Node's fetch ignores HTTP(S)_PROXY, so each channel's proxy is an
 * undici ProxyAgent: a CONNECT tunnel for https targets, and plain absolute-form requests for
 * http targets, which is what lets OCP's advice work: "if the proxy cannot do HTTPS, change the
 * webhook URL to http".
 *
 * undici's tunnel ignores the request's abort signal while it waits for CONNECT
 * (nodejs/undici#3481), and treats a proxy that closes the socket as a recoverable socket error:
 * the request stays queued and undici reconnects at once, thousands of CONNECTs a second. So the
 * proxy client gets its own timeouts, and a failed tunnel becomes an error that ends the request.
 */
export class DispatcherPool {
  readonly #pools = new Map<string, Dispatcher>()

  get(proxy: string, target: URL, timeoutMs = 10_000): Dispatcher {
    const tunnel = target.protocol === 'https:'
    const id = proxy ? `${proxy}|${tunnel ? 'tunnel' : 'forward'}|${timeoutMs}` : 'direct'
    let d = this.#pools.get(id)
    if (!d) {
      d = proxy
        ? new (undici().ProxyAgent)({
            uri: proxy,
            proxyTunnel: tunnel,
            keepAliveTimeout: 30_000,
            // The TCP (or TLS) connection to the proxy, then its answer to CONNECT.
            proxyTls: { timeout: timeoutMs },
            clientFactory: (origin, opts) =>
              new (undici().Pool)(origin, {
                ...opts,
                headersTimeout: timeoutMs,
                bodyTimeout: timeoutMs,
              }),
            factory: (origin, opts: Pool.Options) =>
              new (undici().Pool)(origin, {
                ...opts,
                connect: endOnTunnelFailure(opts.connect as unknown as Connector),
              } as Pool.Options),
          })
        : new (undici().Agent)({ keepAliveTimeout: 30_000, connections: 16 })
      this.#pools.set(id, d)
    }
    return d
  }

  /** Drops a dispatcher that missed its deadline, so the next send starts from a fresh one. */
  evict(d: Dispatcher): void {
    for (const [id, v] of this.#pools) if (v === d) this.#pools.delete(id)
    void d.destroy().catch(() => undefined)
  }

  /** Closes every pool; requests still open after `graceMs` are cut (a stop must not wait on a proxy). */
  async close(graceMs = 2_000): Promise<void> {
    const all = [...this.#pools.values()]
    this.#pools.clear()
    await Promise.allSettled(
      all.map((d) => {
        const cut = setTimeout(() => void d.destroy().catch(() => undefined), graceMs)
        return d.close().finally(() => clearTimeout(cut))
      }),
    )
  }
}

/**
 * Wraps the tunnel connector so a CONNECT that fails (the proxy closed, half-closed or timed out)
 * fails the request instead of being retried at once on a fresh socket.
 */
function endOnTunnelFailure(connect: Connector | undefined): Connector | undefined {
  if (typeof connect !== 'function') return connect
  return (opts, cb) =>
    connect(opts, (err, socket) => {
      if (!err) return cb(null, socket)
      const code = (err as { code?: string }).code
      if (code !== 'UND_ERR_SOCKET' && code !== 'ECONNRESET') return cb(err, socket)
      cb(
        Object.assign(new Error(`The proxy closed the connection: ${err.message}`), {
          code: 'PROXY_CLOSED',
          cause: err,
        }),
        socket,
      )
    })
}
