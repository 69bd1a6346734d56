import type { Outcome } from './wecom/errcodes'
import { say, type CoreText } from '../text/core-text'

/** The stage of a request where a transport error happened: what the connectivity test reports. */
export type NetworkStage = 'proxy' | 'dns' | 'tcp' | 'tls' | 'http'

export interface NetworkFailure {
  outcome: Outcome
  stage: NetworkStage
  code: string
  meaning: CoreText
  fix: CoreText
}

/** Finds the most specific error code in an error and its causes (undici wraps socket errors). */
export function errorCode(err: unknown): string {
  let e: unknown = err
  for (let depth = 0; e && depth < 5; depth++) {
    const rec = e as { code?: unknown; name?: unknown; cause?: unknown }
    if (typeof rec.code === 'string' && rec.code !== 'UND_ERR_ABORTED' && rec.code !== 'ABORT_ERR')
      return rec.code
    if (rec.name === 'TimeoutError') return 'TIMEOUT'
    e = rec.cause
  }
  const rec = err as { code?: unknown; name?: unknown }
  if (rec?.name === 'TimeoutError') return 'TIMEOUT'
  return typeof rec?.code === 'string' ? rec.code : 'UNKNOWN'
}

function allMessages(err: unknown): string {
  const out: string[] = []
  let e: unknown = err
  for (let depth = 0; e && depth < 5; depth++) {
    const m = (e as { message?: unknown }).message
    if (typeof m === 'string') out.push(m)
    e = (e as { cause?: unknown }).cause
  }
  return out.join(' / ')
}

/** Explains a transport error in one sentence plus what to do, given whether a proxy is in use. */
export function explainNetworkError(
  err: unknown,
  viaProxy: boolean,
  timeoutMs: number,
): NetworkFailure {
  const code = errorCode(err)
  const text = allMessages(err)
  // undici reports a proxy's refusal as an error, not a response: "Proxy response (407) !== 200
  // when HTTP Tunneling" for CONNECT, "Proxy Authentication Required (407)" when forwarding.
  const proxyStatus = /Proxy response \((\d{3})\)|Proxy [A-Za-z ]*\((\d{3})\)/
    .exec(text)
    ?.slice(1)
    .find(Boolean)
  if (proxyStatus) {
    const status = Number(proxyStatus)
    if (status === 407) {
      return {
        outcome: 'permanent',
        stage: 'proxy',
        code: 'PROXY_407',
        meaning: say('reply.proxy407'),
        fix: say('reply.proxy407Fix'),
      }
    }
    return {
      outcome: status >= 500 ? 'retryable' : 'permanent',
      stage: 'proxy',
      code: `PROXY_${status}`,
      meaning: say('net.proxyTunnel', { status }),
      fix: say('net.proxyTunnelFix'),
    }
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        outcome: 'retryable',
        stage: 'dns',
        code,
        meaning: viaProxy ? say('net.proxyDns') : say('net.dns'),
        fix: viaProxy ? say('net.proxyDnsFix') : say('net.dnsFix'),
      }
    case 'ECONNREFUSED':
      return {
        outcome: 'retryable',
        stage: 'tcp',
        code,
        meaning: viaProxy ? say('net.proxyRefused') : say('net.refused'),
        fix: viaProxy ? say('net.proxyRefusedFix') : say('net.refusedFix'),
      }
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: say('net.reset'),
        fix: say('net.resetFix'),
      }
    case 'PROXY_CLOSED':
      return {
        outcome: 'retryable',
        stage: 'proxy',
        code,
        meaning: say('net.proxyClosed'),
        fix: say('net.proxyClosedFix'),
      }
    case 'STOPPING':
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: say('net.stopping'),
        fix: say('net.stoppingFix'),
      }
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        outcome: 'retryable',
        stage: 'tcp',
        code,
        meaning: viaProxy ? say('net.proxyConnectTimeout') : say('net.connectTimeout'),
        fix: viaProxy ? say('net.proxyReachFix') : say('net.firewallFix'),
      }
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'TIMEOUT':
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: say(viaProxy ? 'net.proxyNoAnswer' : 'net.noAnswer', {
          seconds: Math.round(timeoutMs / 1000),
        }),
        fix: say('net.noAnswerFix'),
      }
    case 'CERT_HAS_EXPIRED':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'ERR_SSL_WRONG_VERSION_NUMBER':
    case 'EPROTO':
      return {
        outcome: 'permanent',
        stage: 'tls',
        code,
        meaning: say('net.tls', { code }),
        fix: viaProxy ? say('net.tlsProxyFix') : say('net.tlsFix'),
      }
    default:
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: say('net.other', { why: text || code }),
        fix: say('net.otherFix'),
      }
  }
}
