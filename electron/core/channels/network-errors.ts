import type { Outcome } from './wecom/errcodes'

/** The stage of a request where a transport error happened: what the connectivity test reports. */
export type NetworkStage = 'proxy' | 'dns' | 'tcp' | 'tls' | 'http'

export interface NetworkFailure {
  outcome: Outcome
  stage: NetworkStage
  code: string
  meaning: string
  fix: string
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
        meaning: 'The proxy requires a user name and password (HTTP 407).',
        fix: 'Put the credentials in the proxy field: http://user:password@host:port.',
      }
    }
    return {
      outcome: status >= 500 ? 'retryable' : 'permanent',
      stage: 'proxy',
      code: `PROXY_${status}`,
      meaning: `The proxy refused to open a tunnel to the robot (HTTP ${status}).`,
      fix: 'If the proxy cannot tunnel HTTPS, change https:// to http:// in the webhook URL; otherwise ask the proxy admin to allow qyapi.weixin.qq.com:443.',
    }
  }
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        outcome: 'retryable',
        stage: 'dns',
        code,
        meaning: viaProxy
          ? 'The proxy host name could not be resolved.'
          : 'The robot host name could not be resolved (no DNS for the internet here?).',
        fix: viaProxy
          ? 'Check the proxy host name.'
          : 'On an intranet, set the channel proxy (http://host:port) to reach WeCom.',
      }
    case 'ECONNREFUSED':
      return {
        outcome: 'retryable',
        stage: 'tcp',
        code,
        meaning: viaProxy
          ? 'The proxy refused the connection.'
          : 'The robot host refused the connection.',
        fix: viaProxy
          ? 'Check the proxy address and port, and that the proxy is running.'
          : 'Check the host and port of the webhook URL; on an intranet, set a proxy.',
      }
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: 'The connection was closed before the robot answered.',
        fix: 'The relay retries; if it keeps happening, a firewall or proxy is cutting the connection.',
      }
    case 'PROXY_CLOSED':
      return {
        outcome: 'retryable',
        stage: 'proxy',
        code,
        meaning: 'The proxy closed the connection instead of opening a tunnel to the robot.',
        fix: 'The relay retries with backoff; check that the proxy is running and allows CONNECT to the robot host on port 443.',
      }
    case 'STOPPING':
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: 'The relay stopped while this message was being sent.',
        fix: 'Nothing to do: the alert stays queued and is sent again when the relay starts.',
      }
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return {
        outcome: 'retryable',
        stage: 'tcp',
        code,
        meaning: `Could not connect within the time limit${viaProxy ? ' to the proxy' : ''}.`,
        fix: viaProxy
          ? 'Check that the proxy is reachable from this machine.'
          : 'A firewall may drop the traffic: on an intranet, set a proxy.',
      }
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'TIMEOUT':
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: `The robot${viaProxy ? ' (or the proxy)' : ''} did not answer within ${Math.round(timeoutMs / 1000)} s.`,
        fix: 'The relay retries; if it persists, check the proxy or raise the channel timeout.',
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
        meaning: `The secure (TLS) connection failed: ${code}.`,
        fix: viaProxy
          ? 'The proxy may be intercepting HTTPS or cannot tunnel it: change https:// to http:// in the webhook URL, or trust the proxy certificate.'
          : 'Check the URL scheme (https:// for WeCom) and the system clock.',
      }
    default:
      return {
        outcome: 'retryable',
        stage: 'http',
        code,
        meaning: `The request failed: ${text || code}.`,
        fix: 'The relay retries; run the connectivity test to see which stage fails.',
      }
  }
}
