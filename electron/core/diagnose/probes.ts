import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect as netConnect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { explainNetworkError } from '../channels/network-errors'
import { asWritten, say, type CoreText } from '../text/core-text'

// The connectivity test's network probes, each bounded by the test's timeout: a TCP connect, a
// TLS handshake over a socket, and a proxy's CONNECT tunnel.

/** Milliseconds since `start`, to a tenth. */
export function ms(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10
}

export function withTimeout<T>(p: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
        timeoutMs,
      ).unref(),
    ),
  ])
}

export function connectTcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }))
    }, timeoutMs)
    socket.once('connect', () => {
      clearTimeout(timer)
      resolve(socket)
    })
    socket.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
  })
}

export function handshake(
  socket: Socket,
  servername: string,
  timeoutMs: number,
): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = tlsConnect({ socket, servername })
    const timer = setTimeout(() => {
      secure.destroy()
      reject(Object.assign(new Error('TLS handshake timed out'), { code: 'ETIMEDOUT' }))
    }, timeoutMs)
    secure.once('secureConnect', () => {
      clearTimeout(timer)
      resolve(secure)
    })
    secure.once('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
  })
}

type ProxyProbe =
  | { ok: true; detail: CoreText; socket?: Socket }
  | { ok: false; detail: CoreText; explanation: CoreText; fix: CoreText }

/**
 * Reaches the proxy and, for an https robot, asks it for a CONNECT tunnel (the socket is handed on
 * to the TLS stage, which then checks the robot's certificate through the tunnel). For an http
 * robot the proxy forwards plain requests, so reaching it is the check.
 */
export async function probeProxy(
  proxy: URL,
  target: URL,
  port: number,
  timeoutMs: number,
): Promise<ProxyProbe> {
  const auth = proxy.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}`
    : undefined
  const proxyPort = Number(proxy.port) || (proxy.protocol === 'https:' ? 443 : 80)
  const where = `${proxy.hostname}:${proxyPort}`
  if (target.protocol !== 'https:') {
    try {
      const s = await connectTcp(proxy.hostname, proxyPort, timeoutMs)
      s.destroy()
      return { ok: true, detail: say('diag.proxyForwards', { proxy: where }) }
    } catch (err) {
      const f = explainNetworkError(err, true, timeoutMs)
      return {
        ok: false,
        detail: asWritten(`${where} ${f.code}`),
        explanation: f.meaning,
        fix: f.fix,
      }
    }
  }
  return new Promise((resolve) => {
    const req = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
      host: proxy.hostname,
      port: proxyPort,
      method: 'CONNECT',
      path: `${target.hostname}:${port}`,
      headers: {
        host: `${target.hostname}:${port}`,
        ...(auth ? { 'proxy-authorization': auth } : {}),
      },
      timeout: timeoutMs,
    })
    req.once('connect', (res, socket) => {
      const status = res.statusCode ?? 0
      if (status === 200)
        return resolve({
          ok: true,
          detail: say('diag.tunnelOpen', { proxy: where, target: `${target.hostname}:${port}` }),
          socket,
        })
      socket.destroy()
      if (status === 407) {
        return resolve({
          ok: false,
          detail: say('diag.proxyAnswered407', { proxy: where }),
          explanation: auth ? say('reply.proxy407Wrong') : say('reply.proxy407'),
          fix: say('reply.proxy407Fix'),
        })
      }
      resolve({
        ok: false,
        detail: say('diag.proxyAnsweredConnect', { proxy: where, status }),
        explanation: say('diag.proxyNoHttps', { host: target.hostname, status }),
        fix: say('diag.proxyNoHttpsFix'),
      })
    })
    // `timeout` is an idle timer: a proxy that trickles bytes would keep resetting it. The
    // deadline bounds the whole CONNECT exchange.
    const expire = () =>
      req.destroy(Object.assign(new Error('proxy timed out'), { code: 'ETIMEDOUT' }))
    const deadline = setTimeout(expire, timeoutMs)
    req.once('close', () => clearTimeout(deadline))
    req.once('connect', () => clearTimeout(deadline))
    req.once('timeout', expire)
    req.once('error', (err) => {
      const f = explainNetworkError(err, true, timeoutMs)
      resolve({
        ok: false,
        detail: asWritten(`${where} ${f.code}`),
        explanation: f.meaning,
        fix: f.fix,
      })
    })
    req.end()
  })
}
