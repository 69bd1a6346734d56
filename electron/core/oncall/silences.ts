import type { Dispatcher } from 'undici'

import { VALUE_LIMIT, type Alert } from '../alerts/model'
import { explainNetworkError } from '../channels/network-errors'
import { DispatcherPool } from '../channels/proxy'
import { undici } from '../channels/undici'
import { maskUrl, redact, withoutCredentials } from '../secrets/mask'
import { say, type CoreText } from '../text/core-text'

/** Where and how to reach an Alertmanager: its base URL, optional auth and proxy. */
export interface AlertmanagerTarget {
  /** Base URL, e.g. `http://alertmanager:9093` (an alert's `externalURL`, or one configured). */
  url: string
  /** `user:password` for basic auth. */
  basicAuth?: string
  bearerToken?: string
  proxy?: string
  timeoutSeconds?: number
}

/** One Alertmanager API v2 matcher. */
export interface UpstreamMatcher {
  name: string
  value: string
  isRegex: boolean
  isEqual: boolean
}

export interface SilenceRequest {
  matchers: UpstreamMatcher[]
  startsAt?: string
  endsAt: string
  createdBy: string
  comment: string
}

export interface CreatedSilence {
  id: string
  /** The silence's page in Alertmanager's UI. */
  link: string
}

/**
 * Why Alertmanager could not be reached, in words about Alertmanager: the network explanations
 * the senders use speak of "the robot host".
 */
function unreachableWhy(err: unknown, viaProxy: boolean, timeoutMs: number): CoreText {
  const f = explainNetworkError(err, viaProxy, timeoutMs)
  if (f.stage === 'proxy') return say('phrase.amProxy')
  if (f.stage === 'tls') return say('phrase.amTls')
  if (f.stage === 'dns') return say('phrase.amNoDns')
  if (/TIMEOUT/.test(f.code)) return say('phrase.amTimeout')
  if (f.code === 'ECONNREFUSED') return say('phrase.amRefused')
  if (f.code === 'ECONNRESET' || f.code === 'EPIPE') return say('phrase.amReset')
  return say('phrase.amError', { code: f.code })
}

/**
 * A failure talking to Alertmanager, as one sentence saying what to do: its English is the
 * message, and the sentence keeps its code so the window words it in its language.
 */
export class SilenceError extends Error {
  constructor(readonly sentence: CoreText) {
    super(sentence.text)
  }
}

/**
 * Matchers that pick out exactly this alert upstream: every label, equal. Alertmanager identifies
 * an alert by its full label set, so anything less could silence its neighbours too.
 */
export function matchersForAlert(alert: Alert): UpstreamMatcher[] {
  const entries = Object.entries(alert.labels)
  if (!entries.length) throw new SilenceError(say('silence.noLabels'))
  // A value longer than the relay keeps was cut when it arrived (capValue): a matcher with the
  // cut value would match nothing upstream, so the silence would be made and silence nothing.
  const cut = entries.find(([, value]) => value.length > VALUE_LIMIT)
  if (cut)
    throw new SilenceError(
      say('silence.labelCut', {
        label: cut[0].slice(0, 64),
        limit: VALUE_LIMIT.toLocaleString('en'),
      }),
    )
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => ({ name, value, isRegex: false, isEqual: true }))
}

/** The Alertmanager an alert came from: its `externalURL`, when the sender gave one. */
export function alertmanagerOf(alert: Alert): string | undefined {
  if (alert.source !== 'alertmanager') return undefined
  const url = alert.group?.externalURL
  if (!url) return undefined
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? url : undefined
  } catch {
    return undefined
  }
}

/** Creates and expires silences through Alertmanager's API v2 (`/api/v2/silences`). */
export class SilenceClient {
  readonly #pool = new DispatcherPool()

  async create(target: AlertmanagerTarget, silence: SilenceRequest): Promise<CreatedSilence> {
    const body = {
      matchers: silence.matchers,
      startsAt: silence.startsAt ?? new Date().toISOString(),
      endsAt: silence.endsAt,
      createdBy: silence.createdBy,
      comment: silence.comment || `Silenced from WeCom Alert Relay by ${silence.createdBy}`,
    }
    const { status, text } = await this.#call(target, 'POST', '/api/v2/silences', body)
    if (status !== 200)
      throw new SilenceError(say('silence.refused', { status, body: this.#clean(target, text) }))
    let id: unknown
    try {
      id = (JSON.parse(text) as { silenceID?: unknown }).silenceID
    } catch {
      // handled below
    }
    if (typeof id !== 'string' || !id)
      throw new SilenceError(say('silence.noId', { url: maskUrl(target.url) }))
    return {
      id,
      link: `${base(withoutCredentials(target.url))}/#/silences/${encodeURIComponent(id)}`,
    }
  }

  /** Ends a silence now. An already expired silence counts as done. */
  async expire(target: AlertmanagerTarget, id: string): Promise<void> {
    const { status, text } = await this.#call(
      target,
      'DELETE',
      `/api/v2/silence/${encodeURIComponent(id)}`,
    )
    if (status === 200) return
    if (status === 500 && /already expired/i.test(text)) return
    if (status === 404) throw new SilenceError(say('silence.unknown', { id }))
    throw new SilenceError(
      say('silence.expireFailed', { id, status, body: this.#clean(target, text) }),
    )
  }

  /** The silence's state upstream: `active`, `pending` or `expired`. */
  async state(target: AlertmanagerTarget, id: string): Promise<string> {
    const { status, text } = await this.#call(
      target,
      'GET',
      `/api/v2/silence/${encodeURIComponent(id)}`,
    )
    if (status !== 200) throw new SilenceError(say('silence.stateFailed', { id, status }))
    const state = (JSON.parse(text) as { status?: { state?: unknown } }).status?.state
    return typeof state === 'string' ? state : 'unknown'
  }

  async close(): Promise<void> {
    await this.#pool.close()
  }

  async #call(
    target: AlertmanagerTarget,
    method: Dispatcher.HttpMethod,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; text: string }> {
    let url: URL
    try {
      url = new URL(`${base(target.url)}${path}`)
    } catch {
      throw new SilenceError(say('silence.notUrl', { url: maskUrl(target.url) }))
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new SilenceError(say('silence.scheme'))
    const headers: Record<string, string> = { accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (target.bearerToken) headers.authorization = `Bearer ${target.bearerToken}`
    else if (target.basicAuth)
      headers.authorization = `Basic ${Buffer.from(target.basicAuth).toString('base64')}`
    const timeoutMs = (target.timeoutSeconds ?? 10) * 1000
    try {
      const res = await undici().request(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.#pool.get(target.proxy ?? '', url),
        signal: AbortSignal.timeout(timeoutMs),
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      })
      const text = (await readAnswer(res.body)).slice(0, 2000)
      if (res.statusCode === 401 || res.statusCode === 403)
        throw new SilenceError(say('silence.credentials', { status: res.statusCode }))
      return { status: res.statusCode, text }
    } catch (err) {
      if (err instanceof SilenceError) throw err
      throw new SilenceError(
        say('silence.unreachable', {
          url: maskUrl(target.url),
          why: unreachableWhy(err, !!target.proxy, timeoutMs),
        }),
      )
    }
  }

  #clean(target: AlertmanagerTarget, text: string): string {
    return redact(text.trim().replace(/\s+/g, ' ').slice(0, 200), [
      target.bearerToken,
      target.basicAuth,
    ])
  }
}

/**
 * Alertmanager's answers are small (a silence id, an error line): at most MAX_ANSWER_BYTES are
 * read, then the body is closed. Without a configured Alertmanager the address comes from the
 * alert's `externalURL`, so anyone who can post an alert could otherwise answer with gigabytes.
 */
const MAX_ANSWER_BYTES = 64 * 1024

async function readAnswer(
  body: AsyncIterable<unknown> & { destroy(err?: Error): unknown },
): Promise<string> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of body) {
      const b = Buffer.from(chunk as Uint8Array)
      chunks.push(b)
      size += b.length
      if (size >= MAX_ANSWER_BYTES) break
    }
  } finally {
    body.destroy()
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8')
}

/** Alertmanager's base URL without a trailing slash (its UI and API hang off it). */
function base(url: string): string {
  return url.replace(/\/+$/, '')
}
