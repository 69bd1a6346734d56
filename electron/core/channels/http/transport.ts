import { performance } from 'node:perf_hooks'
import { maskUrl, redact, secretsOfUrl } from '../../secrets/mask'
import { channelUrlSecrets } from '../catalog'
import { explainNetworkError } from '../network-errors'
import type { DispatcherPool } from '../proxy'
import { undici } from '../undici'
import type { VerifyRule } from '../../settings/schema'
import type { SendResult } from '../wecom/sender'
import { classifyReply, type ReplyRules } from './classify'
import { requestHeaders } from './request'
import { mapText, say } from '../../text/core-text'

export interface HttpCall {
  url: string
  method?: 'POST' | 'PUT'
  headers?: Record<string, string>
  body: string
  proxy?: string
  timeoutMs: number
  /** Sent as the X-Relay-Delivery-Id header (HTTP channels). */
  deliveryId?: string
  /** Everything to mask in what is reported (keys, secrets, header values, proxy password). */
  secrets: ReadonlyArray<string | undefined>
}

export type HttpAnswer =
  { ok: true; status: number; text: string; latencyMs: number } | { ok: false; failure: SendResult }

const MAX_RESPONSE_BYTES = 64 * 1024
/** How long past its timeout a request may take before its connection pool is judged stuck. */
const STUCK_GRACE_MS = 1_000

/**
 * One request with undici through the channel's proxy; the answer's body read up to 64 KB.
 * Transport failures come back already explained (network-errors.ts), secrets masked.
 */
export async function httpCall(pool: DispatcherPool, call: HttpCall): Promise<HttpAnswer> {
  const started = performance.now()
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10
  const requestBytes = Buffer.byteLength(call.body)
  const maskedUrl = maskEndpoint(call.url, call.secrets)
  let url: URL
  try {
    url = new URL(call.url)
  } catch {
    return {
      ok: false,
      failure: {
        ok: false,
        outcome: 'permanent',
        explanation: say('reply.badUrl'),
        fix: say('reply.badUrlFix'),
        requestBytes,
        latencyMs: 0,
        maskedUrl,
      },
    }
  }
  const dispatcher = pool.get(call.proxy ?? '', url)
  // undici can leave a request queued behind dead connections, ignoring its abort signal: past
  // the deadline (and a grace for the signal to act), the pool is judged stuck and replaced.
  let watchdog: NodeJS.Timeout | undefined
  const stuck = new Promise<'stuck'>((resolve) => {
    watchdog = setTimeout(() => resolve('stuck'), call.timeoutMs + STUCK_GRACE_MS)
  })
  const exchange = (async () => {
    // The timeout bounds the wait for the answer's status; once it came, the answer is judged by
    // it, with as much of its body as arrived by the deadline (up to the cap): an endpoint that
    // answers 200 and then keeps streaming has answered, and must not be sent the alert again.
    const abort = new AbortController()
    const headersTimer = setTimeout(
      () => abort.abort(Object.assign(new Error('timeout'), { name: 'TimeoutError' })),
      call.timeoutMs,
    )
    let res: Awaited<ReturnType<ReturnType<typeof undici>['request']>>
    try {
      res = await undici().request(url, {
        method: call.method ?? 'POST',
        // The same headers the studio's preview shows (request.ts), the relay mark last.
        headers: requestHeaders(call.headers, call.deliveryId),
        body: call.body,
        dispatcher,
        headersTimeout: call.timeoutMs,
        bodyTimeout: call.timeoutMs,
        signal: abort.signal,
      })
    } finally {
      clearTimeout(headersTimer)
    }
    const text = await readCapped(res.body, started + call.timeoutMs)
    return { ok: true as const, status: res.statusCode, text, latencyMs: elapsed() }
  })()
  try {
    const answer = await Promise.race([exchange, stuck])
    if (answer !== 'stuck') return answer
    exchange.catch(() => undefined)
    pool.evict(dispatcher)
    return {
      ok: false,
      failure: {
        ok: false,
        outcome: 'retryable',
        errorCode: 'POOL_STUCK',
        explanation: say('send.poolStuck', { seconds: Math.round(call.timeoutMs / 1000) }),
        fix: say('send.poolStuckFix'),
        requestBytes,
        latencyMs: elapsed(),
        maskedUrl,
      },
    }
  } catch (err) {
    const f = explainNetworkError(err, !!call.proxy, call.timeoutMs)
    return {
      ok: false,
      failure: {
        ok: false,
        outcome: f.outcome,
        explanation: mapText(f.meaning, (s) => redact(s, call.secrets)),
        fix: f.fix,
        stage: f.stage,
        errorCode: f.code,
        requestBytes,
        latencyMs: elapsed(),
        maskedUrl,
      },
    }
  } finally {
    clearTimeout(watchdog)
  }
}

/**
 * Reads an answer's body until it ends, reaches MAX_RESPONSE_BYTES, or the deadline passes
 * (`performance.now()` time); then stops reading and closes it. Never throws: a body cut short is
 * judged by what arrived.
 */
async function readCapped(
  body: AsyncIterable<unknown> & { destroy(err?: Error): unknown },
  deadline: number,
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  const timer = setTimeout(() => body.destroy(), Math.max(0, deadline - performance.now()))
  try {
    for await (const chunk of body) {
      const b = Buffer.from(chunk as Uint8Array)
      chunks.push(b)
      size += b.length
      if (size >= MAX_RESPONSE_BYTES) break
    }
  } catch {
    // Cut at the deadline, or the connection dropped mid-body: the status already answered.
  } finally {
    clearTimeout(timer)
    body.destroy()
  }
  return Buffer.concat(chunks).subarray(0, MAX_RESPONSE_BYTES).toString('utf8')
}

/** The URL as reports show it: query credentials and any known secret masked. */
export function maskEndpoint(endpoint: string, secrets: ReadonlyArray<string | undefined>): string {
  return redact(maskUrl(endpoint), secrets)
}

/**
 * The send of every HTTP channel type, written once: the request, then its answer classified by
 * the channel's rule and reported with the request's size, time and masked URL (`maskedUrl`, when
 * the request went to a signed form of the endpoint). `readText` adapts an answer before judging.
 */
export async function sendAndClassify(
  pool: DispatcherPool,
  call: HttpCall,
  verify: VerifyRule,
  rules: ReplyRules,
  options: { maskedUrl?: string; readText?: (text: string) => string } = {},
): Promise<SendResult> {
  const maskedUrl = options.maskedUrl ?? maskEndpoint(call.url, call.secrets)
  const answer = await httpCall(pool, call)
  if (!answer.ok) return { ...answer.failure, maskedUrl }
  const text = options.readText ? options.readText(answer.text) : answer.text
  return {
    ...classifyReply(answer.status, text, verify, rules, call.secrets),
    requestBytes: Buffer.byteLength(call.body),
    latencyMs: answer.latencyMs,
    maskedUrl,
  }
}

/** What to mask for a signed robot (DingTalk, Feishu): the URL's keys, the signing key, the proxy's. */
export function robotSecrets(
  endpoint: string,
  channel: { type: string; signatureKey?: string; proxy: string },
): Array<string | undefined> {
  return [
    ...channelUrlSecrets(channel.type, endpoint),
    channel.signatureKey,
    ...secretsOfUrl(channel.proxy),
  ]
}
