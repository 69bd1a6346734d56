import { english } from '../../../electron/core/text/core-text'
import { saying } from '../../helpers/said'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { KNOWN_ERRCODES } from '../../../electron/core/channels/wecom/errcodes'
import { explainNetworkError } from '../../../electron/core/channels/network-errors'
import { classifyResponse, type SendResult } from '../../../electron/core/channels/wecom/sender'
import {
  decideExtra,
  decideRetry,
  type RetryDecision,
  type RetryPolicy,
} from '../../../electron/core/delivery/retry'

// Answers as WeCom writes them: errcode plus an errmsg with a variable hint suffix
// (docs/../reference/wecom-robot-api.md; the simulator answers the same).
const HINT =
  ', hint: [1732780000_12_abc], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e='
const ERRMSG: Record<number, string> = {
  [-1]: 'system busy',
  45009: 'api freq out of limit',
  93000: 'invalid webhook url',
  93004: 'robot is disabled',
  93008: 'robot not in the group',
  40008: 'invalid message type',
  40058: 'markdown.content exceed max length 4096',
  44004: 'empty content',
  310000: 'sign not match',
  130101: 'send too fast, exceed 20 times per minute',
}
const JSON_RULE = { type: 'json', match: { errcode: 0 } } as const

/** What WeComSender returns for an HTTP answer. */
function answered(status: number, body: string): SendResult {
  return {
    ...classifyResponse(status, body, JSON_RULE),
    requestBytes: 100,
    latencyMs: 5,
    maskedUrl: 'u',
  }
}
const errcode = (code: number) =>
  answered(
    200,
    JSON.stringify({ errcode: code, errmsg: `${ERRMSG[code] ?? 'error'}${HINT}${code}` }),
  )

/** What WeComSender returns for a transport error (the same mapping as its catch block). */
function transport(err: unknown, viaProxy = false): SendResult {
  const f = explainNetworkError(err, viaProxy, 10_000)
  return {
    ok: false,
    outcome: f.outcome,
    explanation: f.meaning,
    fix: f.fix,
    stage: f.stage,
    errorCode: f.code,
    requestBytes: 100,
    latencyMs: 5,
    maskedUrl: 'u',
  }
}
/** Errors shaped as Node and undici raise them. */
const nodeError = (code: string, message: string, more: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { code, ...more })
const undiciWrapped = (cause: Error) => Object.assign(new TypeError('fetch failed'), { cause })

const NOW = 1_800_000_000_000
const policy: RetryPolicy = {
  windowMs: 60_000,
  maxRetryAgeMs: 3_600_000,
  backoff: (n) => 1000 * 2 ** n,
  otherRobotLive: false,
}
const fresh = { attempts: 0, enqueuedAt: NOW - 1000, shrink: 1 }

describe('decideRetry per errcode', () => {
  it('45009: rests the robot a whole window; the alert keeps its place and attempt count', () => {
    const d = decideRetry(errcode(45009), fresh, NOW, policy)
    expect(d).toEqual({
      kind: 'rest-robot',
      until: NOW + 60_000,
      reason: saying(
        expect.stringMatching(
          /^The robot answered 45009 \(over its limit\): waiting a full window\. Wait a minute/,
        ),
      ),
    })
  })

  it('130101 (DingTalk) and HTTP 429 are rate limits too', () => {
    expect(decideRetry(errcode(130101), fresh, NOW, policy).kind).toBe('rest-robot')
    expect(decideRetry(answered(429, 'Too Many Requests'), fresh, NOW, policy).kind).toBe(
      'rest-robot',
    )
  })

  it('-1 (WeCom busy): retries after the backoff for the next attempt', () => {
    expect(decideRetry(errcode(-1), { ...fresh, attempts: 2 }, NOW, policy)).toEqual({
      kind: 'retry',
      at: NOW + 8000,
      attempts: 3,
      reason: saying('WeCom reported that it is busy.'),
    })
  })

  it('-1 past the maximum retry age: gives up, saying for how long it tried and why', () => {
    const old = { ...fresh, attempts: 9, enqueuedAt: NOW - 3_600_001 }
    expect(decideRetry(errcode(-1), old, NOW, policy)).toEqual({
      kind: 'fail',
      attempts: 10,
      reason: saying(
        'Gave up after retrying for 60 min: WeCom reported that it is busy. Nothing to change: the relay retries with backoff.',
      ),
    })
    // Exactly at the limit it still retries.
    const edge = { ...fresh, enqueuedAt: NOW - 3_600_000 }
    expect(decideRetry(errcode(-1), edge, NOW, policy).kind).toBe('retry')
  })

  it('40058: halves the byte budget, then fails once the message cannot shrink further', () => {
    expect(decideRetry(errcode(40058), fresh, NOW, policy)).toEqual({ kind: 'shrink', shrink: 0.5 })
    expect(decideRetry(errcode(40058), { ...fresh, shrink: 0.125 }, NOW, policy)).toEqual({
      kind: 'shrink',
      shrink: 0.0625,
    })
    expect(decideRetry(errcode(40058), { ...fresh, shrink: 0.0625 }, NOW, policy)).toEqual({
      kind: 'fail',
      reason: saying(
        expect.stringMatching(
          /^Still too long for WeCom after shrinking: A field of the message is longer/,
        ),
      ),
    })
  })

  for (const code of [93000, 93004, 93008]) {
    it(`${code}: sets the robot aside while the pool has another; fails when it was the last`, () => {
      const gone = decideRetry(errcode(code), fresh, NOW, { ...policy, otherRobotLive: true })
      expect(gone.kind).toBe('set-aside-robot')
      const last = decideRetry(errcode(code), fresh, NOW, policy)
      expect(last).toMatchObject({ kind: 'fail', setAsideRobot: saying(expect.any(String)) })
      expect(last.kind === 'fail' && english(last.reason)).toMatch(/\. .+\.$/) // meaning, then the fix
    })
  }
  it('93000 says to copy the webhook URL again', () => {
    const d = decideRetry(errcode(93000), fresh, NOW, policy)
    expect(d).toMatchObject({
      kind: 'fail',
      reason: saying(expect.stringContaining('Copy the webhook URL again')),
    })
  })

  it.each([
    [40008, 'did not recognise the message type'],
    [44004, 'The message content was empty.'],
    [310000, 'The signature was rejected'],
    [42027, 'A template_card field is invalid.'],
    [12345, 'WeCom answered errcode 12345.'],
  ])('%i: fails at once with what it means and what to do', (code, meaning) => {
    const d = decideRetry(errcode(code), { ...fresh, attempts: 3 }, NOW, policy)
    expect(d.kind).toBe('fail')
    expect(d.kind === 'fail' && english(d.reason)).toContain(meaning)
    expect(d).not.toHaveProperty('setAsideRobot')
    // Retrying cannot help, so the attempt count is not bumped as for a retry.
    expect(d).not.toHaveProperty('attempts')
  })

  it('has a decision for every errcode the relay knows', () => {
    const expected: Record<number, RetryDecision['kind']> = {
      [-1]: 'retry',
      45009: 'rest-robot',
      130101: 'rest-robot',
      40058: 'shrink',
      93000: 'fail',
      93004: 'fail',
      93008: 'fail',
      40008: 'fail',
      44004: 'fail',
      310000: 'fail',
    }
    for (const code of KNOWN_ERRCODES.filter((c) => c !== 0))
      expect([code, decideRetry(errcode(code), fresh, NOW, policy).kind]).toEqual([
        code,
        expected[code],
      ])
  })
})

describe('decideRetry per HTTP status and transport error', () => {
  it.each([502, 503, 504, 408])('HTTP %i: retries', (status) => {
    const d = decideRetry(answered(status, '<html>Bad Gateway</html>'), fresh, NOW, policy)
    expect(d).toMatchObject({
      kind: 'retry',
      at: NOW + 2000,
      reason: saying(`The server answered HTTP ${status}.`),
    })
  })
  it('HTTP 404 (no robot there): fails with how to fix the URL', () => {
    const d = decideRetry(answered(404, 'not found'), fresh, NOW, policy)
    expect(d).toMatchObject({
      kind: 'fail',
      reason: saying(expect.stringContaining('Check the webhook URL')),
    })
  })

  it.each<[string, unknown, boolean, string]>([
    [
      'timeout',
      new DOMException('The operation was aborted due to timeout', 'TimeoutError'),
      false,
      'did not answer within 10 s',
    ],
    [
      'headers timeout',
      undiciWrapped(nodeError('UND_ERR_HEADERS_TIMEOUT', 'Headers Timeout Error')),
      false,
      'did not answer',
    ],
    [
      'connect timeout',
      undiciWrapped(nodeError('UND_ERR_CONNECT_TIMEOUT', 'Connect Timeout Error')),
      true,
      'Could not connect within the time limit to the proxy',
    ],
    [
      'ECONNREFUSED',
      undiciWrapped(
        nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9', { syscall: 'connect' }),
      ),
      false,
      'refused the connection',
    ],
    [
      'ECONNREFUSED at the proxy',
      undiciWrapped(nodeError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:3128')),
      true,
      'The proxy refused the connection.',
    ],
    [
      'ECONNRESET',
      undiciWrapped(nodeError('ECONNRESET', 'read ECONNRESET')),
      false,
      'closed before the robot answered',
    ],
    [
      'DNS ENOTFOUND',
      undiciWrapped(
        nodeError('ENOTFOUND', 'getaddrinfo ENOTFOUND qyapi.weixin.qq.com', {
          syscall: 'getaddrinfo',
        }),
      ),
      false,
      'could not be resolved',
    ],
    [
      'DNS EAI_AGAIN',
      undiciWrapped(nodeError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN qyapi.weixin.qq.com')),
      false,
      'could not be resolved',
    ],
    [
      'proxy 502',
      new Error('Proxy response (502) !== 200 when HTTP Tunneling'),
      true,
      'refused to open a tunnel',
    ],
  ])('%s: retries with backoff, saying what failed', (_name, err, viaProxy, says) => {
    const d = decideRetry(transport(err, viaProxy), { ...fresh, attempts: 1 }, NOW, policy)
    expect(d).toEqual({
      kind: 'retry',
      at: NOW + 4000,
      attempts: 2,
      reason: saying(expect.stringContaining(says)),
    })
  })

  it.each<[string, unknown, boolean, string]>([
    [
      'proxy 407 (tunnel)',
      new Error('Proxy response (407) !== 200 when HTTP Tunneling'),
      true,
      'http://user:password@host:port',
    ],
    [
      'proxy 407 (forwarding)',
      new Error('Proxy Authentication Required (407)'),
      true,
      'http://user:password@host:port',
    ],
    [
      'TLS expired certificate',
      undiciWrapped(nodeError('CERT_HAS_EXPIRED', 'certificate has expired')),
      false,
      'system clock',
    ],
    [
      'TLS self-signed via proxy',
      undiciWrapped(
        nodeError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
      ),
      true,
      'trust the proxy certificate',
    ],
    [
      'TLS wrong version',
      undiciWrapped(nodeError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')),
      false,
      'URL scheme',
    ],
  ])('%s: fails at once (retrying cannot help), with the fix', (_name, err, viaProxy, fix) => {
    const d = decideRetry(transport(err, viaProxy), fresh, NOW, policy)
    expect(d).toEqual({ kind: 'fail', reason: saying(expect.stringContaining(fix)) })
  })

  it('never schedules a retry in the past, and retries exactly while the alert is young enough', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 2 * 3_600_000 }),
        (attempts, age) => {
          const d = decideRetry(
            transport(undiciWrapped(nodeError('ECONNRESET', 'read ECONNRESET'))),
            { attempts, enqueuedAt: NOW - age, shrink: 1 },
            NOW,
            { ...policy, backoff: (n) => Math.min(300_000, 1000 * 2 ** n) },
          )
          expect(d.kind).toBe(age > policy.maxRetryAgeMs ? 'fail' : 'retry')
          if (d.kind === 'retry') expect(d.at).toBeGreaterThan(NOW)
          expect(d.kind !== 'fail' || d.attempts === attempts + 1).toBe(true)
        },
      ),
    )
  })
})

describe('decideExtra (mention and summary messages)', () => {
  const ok = answered(200, '{"errcode":0,"errmsg":"ok"}')
  it('is done once sent, refused for good, or tried five times', () => {
    expect(decideExtra(ok, 0, NOW, policy)).toEqual({ kind: 'done' })
    expect(decideExtra(errcode(44004), 0, NOW, policy)).toEqual({ kind: 'done' })
    expect(decideExtra(errcode(-1), 5, NOW, policy)).toEqual({ kind: 'done' })
  })
  it('rests the robot on 45009 and retries passing failures with backoff', () => {
    expect(decideExtra(errcode(45009), 0, NOW, policy)).toEqual({
      kind: 'rest-robot',
      until: NOW + 60_000,
    })
    expect(decideExtra(errcode(-1), 4, NOW, policy)).toEqual({
      kind: 'retry',
      at: NOW + 32_000,
      attempts: 5,
    })
  })
})
