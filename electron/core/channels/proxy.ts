import { Agent, ProxyAgent, type Dispatcher } from 'undici'

/**
 * Connection pools per proxy. Node's fetch ignores HTTP(S)_PROXY, so each channel's proxy is an
 * undici ProxyAgent: a CONNECT tunnel for https targets, and plain absolute-form requests for
 * http targets, which is what lets OCP's advice work: "if the proxy cannot do HTTPS, change the
 * webhook URL to http".
 */
export class DispatcherPool {
  readonly #pools = new Map<string, Dispatcher>()

  get(proxy: string, target: URL): Dispatcher {
    const tunnel = target.protocol === 'https:'
    const id = proxy ? `${proxy}|${tunnel ? 'tunnel' : 'forward'}` : 'direct'
    let d = this.#pools.get(id)
    if (!d) {
      d = proxy
        ? new ProxyAgent({ uri: proxy, proxyTunnel: tunnel, keepAliveTimeout: 30_000 })
        : new Agent({ keepAliveTimeout: 30_000, connections: 16 })
      this.#pools.set(id, d)
    }
    return d
  }

  async close(): Promise<void> {
    const all = [...this.#pools.values()]
    this.#pools.clear()
    await Promise.allSettled(all.map((d) => d.close()))
  }
}
