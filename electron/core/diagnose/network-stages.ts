import type { Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { lookup } from 'node:dns/promises'
import { explainNetworkError } from '../channels/network-errors'
import { connectTcp, handshake, ms, probeProxy, withTimeout } from './probes'
import type { StageRecorder } from './diagnose-types'
import { asWritten, say } from '../text/core-text'

/** What the network stages found: all passed, or one failed (and the proxy the report shows). */
export type NetworkOutcome = { ok: true } | { ok: false; proxy?: string }

/**
 * Stages 2–5, once the URL and the proxy are parsed: the proxy's CONNECT tunnel, or DNS and TCP
 * when there is no proxy; then the TLS handshake (through the tunnel) for an https robot.
 */
export async function runNetworkStages(
  target: URL,
  port: number,
  proxy: string,
  timeoutMs: number,
  { record, skipRest }: StageRecorder,
): Promise<NetworkOutcome> {
  let t: number
  let tunnel: Socket | undefined
  try {
    if (proxy) {
      t = performance.now()
      const probe = await probeProxy(new URL(proxy), target, port, timeoutMs)
      if (!probe.ok) {
        record({
          stage: 'proxy',
          status: 'failed',
          durationMs: ms(t),
          detail: probe.detail,
          explanation: probe.explanation,
          fix: probe.fix,
        })
        skipRest(say('diag.notReached'))
        return { ok: false, proxy }
      }
      tunnel = probe.socket
      record({ stage: 'proxy', status: 'ok', durationMs: ms(t), detail: probe.detail })
      record({
        stage: 'dns',
        status: 'skipped',
        durationMs: 0,
        detail: say('diag.proxyResolves'),
      })
      record({
        stage: 'tcp',
        status: 'skipped',
        durationMs: 0,
        detail: say('diag.proxyConnects'),
      })
    } else {
      record({
        stage: 'proxy',
        status: 'skipped',
        durationMs: 0,
        detail: say('diag.direct'),
      })
      // 3. DNS
      t = performance.now()
      let address: string
      try {
        const found = await withTimeout(lookup(target.hostname, { all: true }), timeoutMs)
        address = found[0]!.address
        record({
          stage: 'dns',
          status: 'ok',
          durationMs: ms(t),
          detail: asWritten(`${target.hostname} → ${found.map((a) => a.address).join(', ')}`),
        })
      } catch (err) {
        const f = explainNetworkError(err, false, timeoutMs)
        record({
          stage: 'dns',
          status: 'failed',
          durationMs: ms(t),
          detail: asWritten(f.code),
          explanation: f.meaning,
          fix: f.fix,
        })
        skipRest(say('diag.notReached'))
        return { ok: false }
      }
      // 4. TCP
      t = performance.now()
      try {
        tunnel = await connectTcp(address, port, timeoutMs)
        record({
          stage: 'tcp',
          status: 'ok',
          durationMs: ms(t),
          detail: say('diag.connected', { address: `${address}:${port}` }),
        })
      } catch (err) {
        const f = explainNetworkError(err, false, timeoutMs)
        record({
          stage: 'tcp',
          status: 'failed',
          durationMs: ms(t),
          detail: asWritten(`${address}:${port} ${f.code}`),
          explanation: f.meaning,
          fix: f.fix,
        })
        skipRest(say('diag.notReached'))
        return { ok: false }
      }
    }
    // 5. TLS
    if (target.protocol === 'https:') {
      t = performance.now()
      try {
        const secure = await handshake(tunnel!, target.hostname, timeoutMs)
        const cert = secure.getPeerCertificate()
        record({
          stage: 'tls',
          status: 'ok',
          durationMs: ms(t),
          detail: say('diag.tlsOk', {
            protocol: secure.getProtocol() ?? 'TLS',
            name: String(cert.subject?.CN ?? target.hostname),
            date: cert.valid_to ?? '?',
          }),
        })
        secure.destroy()
      } catch (err) {
        const f = explainNetworkError(err, !!proxy, timeoutMs)
        record({
          stage: 'tls',
          status: 'failed',
          durationMs: ms(t),
          detail: asWritten(f.code),
          explanation: f.meaning,
          fix: f.fix,
        })
        skipRest(say('diag.notReached'))
        return { ok: false, proxy }
      }
    } else {
      record({ stage: 'tls', status: 'skipped', durationMs: 0, detail: say('diag.plainHttp') })
    }
  } finally {
    tunnel?.destroy()
  }
  return { ok: true }
}
