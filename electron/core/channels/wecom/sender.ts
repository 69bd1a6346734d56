import { performance } from 'node:perf_hooks'
import { maskUrlWith, redact, secretsOfUrl, secretsOfUrlWith } from '../../secrets/mask'
import { wecomFacts } from './facts'
import type { VerifyRule } from '../../settings/schema'
import type { WeComBody } from './body'
import { errcodeInfo } from './errcodes'
import { classifyReply, errcodeOf, type ReplyRules } from '../http/classify'
import { explainNetworkError } from '../network-errors'
import { RELAYED_HEADER } from '../loop'
import { DispatcherPool } from '../proxy'
import { undici } from '../undici'
import { signWebhookUrl } from '../dingtalk-signing'
import type { Classified, SendResult } from '../send-result'
import { mapText, say } from '../../text/core-text'

export type { SendResult } from '../send-result'

export { buildMessages, type WeComBody } from './body'

/** One robot endpoint and how to reach it. */
export interface RobotTarget {
  url: string
  proxy?: string
  signatureKey?: string
  timeoutMs?: number
  verify?: VerifyRule
}

const DEFAULT_VERIFY: VerifyRule = { type: 'json', match: { errcode: 0 } }
const MAX_RESPONSE_BYTES = 64 * 1024
const DEADLINE_GRACE_MS = 250

/** Sends robot messages with undici, through the channel's proxy, and classifies the answer. */
export class WeComSender {
  readonly #inFlight = new Set<AbortController>()

  constructor(private readonly pool = new DispatcherPool()) {}

  async send(target: RobotTarget, body: WeComBody | Record<string, unknown>): Promise<SendResult> {
    const timeoutMs = target.timeoutMs ?? 10_000
    const secrets = [
      ...secretsOfUrlWith(target.url, wecomFacts.urlSecrets),
      target.signatureKey,
      ...(target.proxy ? secretsOfUrl(target.proxy) : []),
    ]
    const maskedUrl = maskUrlWith(target.url, wecomFacts.urlSecrets)
    const payload = JSON.stringify(body)
    const requestBytes = Buffer.byteLength(payload)
    const started = performance.now()
    const elapsed = () => Math.round((performance.now() - started) * 10) / 10
    let url: URL
    try {
      url = new URL(signWebhookUrl(target.url, target.signatureKey ?? ''))
    } catch {
      return {
        ok: false,
        outcome: 'permanent',
        explanation: say('reply.badWebhook'),
        fix: say('reply.badWebhookFix'),
        requestBytes,
        latencyMs: 0,
        maskedUrl,
      }
    }
    const dispatcher = this.pool.get(target.proxy ?? '', url, timeoutMs)
    // A backstop: whatever the network or a proxy does, the send ends within its timeout (plus a
    // moment for undici's own timers to speak first). A proxy's dispatcher stuck in a tunnel is
    // dropped; the shared direct one is kept (the abort signal works there).
    let deadline: NodeJS.Timeout | undefined
    const missed = new Promise<never>((_, reject) => {
      deadline = setTimeout(() => {
        if (target.proxy) this.pool.evict(dispatcher)
        reject(Object.assign(new Error('The send missed its deadline.'), { name: 'TimeoutError' }))
      }, timeoutMs + DEADLINE_GRACE_MS)
    })
    const controller = new AbortController()
    this.#inFlight.add(controller)
    try {
      const exchange = (async () => {
        const res = await undici().request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8', [RELAYED_HEADER]: '1' },
          body: payload,
          dispatcher,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), controller.signal]),
        })
        return { status: res.statusCode, text: await readCapped(res.body, MAX_RESPONSE_BYTES) }
      })()
      exchange.catch(() => undefined)
      const stopped = new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () =>
          reject(Object.assign(new Error('The relay is stopping.'), { code: 'STOPPING' })),
        ),
      )
      const { status, text } = await Promise.race([exchange, missed, stopped])
      return {
        ...classifyResponse(status, text, target.verify ?? DEFAULT_VERIFY, secrets),
        requestBytes,
        latencyMs: elapsed(),
        maskedUrl,
      }
    } catch (err) {
      const failure = explainNetworkError(err, !!target.proxy, timeoutMs)
      return {
        ok: false,
        outcome: failure.outcome,
        explanation: mapText(failure.meaning, (s) => redact(s, secrets)),
        fix: failure.fix,
        stage: failure.stage,
        errorCode: failure.code,
        requestBytes,
        latencyMs: elapsed(),
        maskedUrl,
      }
    } finally {
      clearTimeout(deadline)
      this.#inFlight.delete(controller)
    }
  }

  /**
   * Ends every send in flight at once (each is answered as a retryable failure, so its alerts stay
   * queued), then closes the connection pools: a stop never waits on a silent proxy or robot.
   */
  abortInFlight(): void {
    for (const c of this.#inFlight) c.abort()
  }

  close(): Promise<void> {
    this.abortInFlight()
    return this.pool.close()
  }
}

async function readCapped(body: AsyncIterable<Buffer | Uint8Array>, max: number): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    if (size < max) chunks.push(Buffer.from(chunk))
    size += chunk.length
  }
  return Buffer.concat(chunks).subarray(0, max).toString('utf8')
}

const WECOM_REPLY: ReplyRules = {
  codeOf: errcodeOf,
  messageOf: (j) => (typeof j.errmsg === 'string' ? j.errmsg : undefined),
  // A server that says why in JSON (an alert listener refusing a looped message does) is quoted.
  reasonOf: (j) => (typeof j.error === 'string' ? j.error.slice(0, 300) : undefined),
  explain: errcodeInfo,
  urlHint: '…/cgi-bin/webhook/send?key=…',
  who: say('phrase.theRobot'),
  aWho: say('phrase.theRobot'),
  words: {
    rateLimitedFix: say('reply.429FixWecom'),
    notFound: say('reply.404Wecom'),
    badUrlFix: say('reply.checkWebhook'),
    notJson: (status, kind) => say('reply.notJsonWecom', { status, kind }),
    notJsonFix: say('reply.notJsonFixWecom'),
    verifyFix: say('reply.verifyFixWecom'),
  },
}

/**
 * Decides what a WeCom robot's HTTP answer means (the shared classification, with WeCom's codes
 * and wording). A non-zero errcode is a failure even when a looser verification rule (status or
 * regex) passed: "test works but nothing arrives" is exactly the sender that ignored errcode.
 */
export function classifyResponse(
  status: number,
  text: string,
  rule: VerifyRule,
  secrets: Array<string | undefined> = [],
): Classified {
  return classifyReply(status, text, rule, WECOM_REPLY, secrets)
}
