import { lookup } from 'node:dns/promises'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect as netConnect, type Socket } from 'node:net'
import { performance } from 'node:perf_hooks'
import { connect as tlsConnect, type TLSSocket } from 'node:tls'
import { DingTalkSender } from '../channels/dingtalk/sender'
import { FeishuSender } from '../channels/feishu/sender'
import { signFeishuBody } from '../channels/feishu/sign'
import { explainNetworkError } from '../channels/network-errors'
import {
  CHANNEL_TYPE_NAMES,
  weComFormat,
  type ChannelFormat,
  type ChannelType,
} from '../channels/types'
import { buildMessages, WeComSender, type SendResult } from '../channels/wecom'
import { signWebhookUrl } from '../channels/sign'
import { maskUrl, redact, secretsOfUrl } from '../secrets/mask'
import { DEFAULT_VERIFY, detectChannelType, ROBOT_URL_PARSERS } from '../settings/channel-types'
import { parseMobiles, parseProxy } from '../settings/fields'
import type { VerifyRule } from '../settings/schema'
import { toCurl } from './curl'

export type StageName = 'url' | 'proxy' | 'dns' | 'tcp' | 'tls' | 'http' | 'response'
export type StageStatus = 'ok' | 'warning' | 'failed' | 'skipped'

export interface StageResult {
  stage: StageName
  status: StageStatus
  durationMs: number
  /** What was found (addresses, TLS version, HTTP status…). */
  detail: string
  /** On failure: what it means, and what to do. */
  explanation?: string
  fix?: string
}

export interface ConnectivityInput {
  url: string
  /** The robot kind; detected from the URL when absent (WeCom if nothing matches). */
  type?: ChannelType
  proxy?: string
  signatureKey?: string
  format?: ChannelFormat
  message?: string
  mentionMobiles?: string | string[]
  /** User ids to @mention: WeCom user IDs, or Feishu/Lark open_id/user_id (`all`: everyone). */
  mentionUserIds?: readonly string[]
  verify?: VerifyRule
  timeoutMs?: number
  /** Build the request and check the URL, but send nothing. */
  dryRun?: boolean
}

export interface ConnectivityReport {
  ok: boolean
  dryRun: boolean
  stages: StageResult[]
  /** The first failed stage, if any. */
  failedStage?: StageName
  /** What was (or would be) sent; the URL's key is masked. */
  request: { method: 'POST'; url: string; headers: Record<string, string>; bodies: unknown[] }
  /** The robot kind that was tested. */
  type: ChannelType
  /** The robot's answer to the first message. */
  send?: SendResult
  /** The equivalent curl command, secrets masked. */
  curl: string
}

export const STAGE_ORDER: readonly StageName[] = [
  'url',
  'proxy',
  'dns',
  'tcp',
  'tls',
  'http',
  'response',
]

const DEFAULT_MESSAGES: Record<'text' | 'markdown' | 'markdown_v2', string> = {
  text: 'WeCom Alert Relay test message: if you can read this, the channel works.',
  markdown:
    '### WeCom Alert Relay test\n<font color="info">**The channel works.**</font>\n> Sent by the connectivity test.',
  markdown_v2:
    '### WeCom Alert Relay test\n**The channel works.**\n\n| stage | result |\n| --- | --- |\n| all | ok |',
}

/** DingTalk and Feishu have no `<font>`: their test message is plain Markdown. */
const PLAIN_TEST = '**WeCom Alert Relay test**\nThe channel works. Sent by the connectivity test.'

/** The robot type of an input: as given, else from the URL, else WeCom. */
export function inputType(input: ConnectivityInput): ChannelType {
  return input.type ?? detectChannelType(input.url) ?? 'wecom'
}

const hookToken = (url: string) => /\/bot\/v2\/hook\/([^/?#]+)/.exec(url)?.[1]

/** A robot URL as people may see it: query keys masked, and a Feishu/Lark hook token too. */
export function maskRobotUrl(url: string): string {
  return redact(maskUrl(url), [hookToken(url)])
}

/** The secrets an input carries, including a Feishu hook token (in the path, not the query). */
function inputSecrets(input: ConnectivityInput): Array<string | undefined> {
  return [
    ...secretsOfUrl(input.url),
    hookToken(input.url),
    input.signatureKey,
    ...(input.proxy ? secretsOfUrl(input.proxy) : []),
  ]
}

/** A test channel for the DingTalk and Feishu senders. */
function testChannel(
  input: ConnectivityInput,
  type: ChannelType,
  format: ChannelFormat,
  mobiles: string[],
) {
  return {
    type,
    format,
    signatureKey: input.signatureKey ?? '',
    mentionMobiles: mobiles,
    mentionUserIds: [...(input.mentionUserIds ?? [])],
    proxy: input.proxy ?? '',
    url: '',
    method: 'POST' as const,
    headers: {},
    body: '',
    command: [],
    timeoutSeconds: Math.ceil((input.timeoutMs ?? 10_000) / 1000),
    verify: input.verify ?? DEFAULT_VERIFY[type],
  }
}

/** The robot messages the test sends for this input (the default message for its format). */
function testMessages(input: ConnectivityInput) {
  const type = inputType(input)
  const mentions = parseMobiles(input.mentionMobiles ?? [])
  const mobiles = mentions.ok ? mentions.value : []
  if (type === 'dingtalk' || type === 'feishu') {
    const format: ChannelFormat =
      type === 'dingtalk'
        ? input.format === 'text'
          ? 'text'
          : 'markdown'
        : input.format === 'text' || input.format === 'post'
          ? input.format
          : 'interactive'
    const channel = testChannel(input, type, format, mobiles)
    const sender = type === 'dingtalk' ? new DingTalkSender() : new FeishuSender()
    const messages = sender.build(channel, {
      content: input.message?.trim() || PLAIN_TEST,
      title: 'WeCom Alert Relay test',
      level: 'info',
      links: [],
    })
    return { type, mentions, channel, messages, bodies: messages.map((m) => m.body) }
  }
  const format = weComFormat(input.format ?? 'markdown')
  const messages = buildMessages({
    format,
    content: input.message?.trim() || DEFAULT_MESSAGES[format],
    mentionMobiles: mobiles,
    mentionUserIds: input.mentionUserIds ?? [],
    mentionText: 'Connectivity test: this mention checks the @Specified User numbers.',
  })
  return { type, mentions, channel: undefined, messages, bodies: messages.map((m) => m.body) }
}

/**
 * The curl command that sends exactly what the test sends, signed like it; `reveal` shows the key
 * and secrets (only when the person asks). An invalid URL is shown as it was typed.
 */
export function testCurl(input: ConnectivityInput, reveal = false): string {
  const { type, bodies } = testMessages(input)
  let url = input.url.trim()
  let body = bodies[0]
  if (type === 'feishu') body = signFeishuBody(body as object, input.signatureKey ?? '')
  else {
    try {
      url = signWebhookUrl(url, input.signatureKey ?? '')
    } catch {
      // not a URL: the URL stage says so
    }
  }
  const curl = toCurl({ url, body, proxy: input.proxy, reveal })
  return reveal ? curl : redact(curl, [hookToken(input.url)])
}

/**
 * The seed's `curl` check, staged: URL → proxy → DNS → TCP → TLS → HTTP → response. Each stage
 * says how long it took and, when it fails, what that means and what to do. The HTTP stage is a
 * real send through the same sender the relay uses for alerts, so a pass here means alerts work.
 */
export async function testWebhook(
  input: ConnectivityInput,
  onStage: (stage: StageResult) => void = () => {},
  sender: WeComSender = new WeComSender(),
): Promise<ConnectivityReport> {
  const timeoutMs = input.timeoutMs ?? 10_000
  const secrets = inputSecrets(input)
  const stages: StageResult[] = []
  const record = (s: StageResult) => {
    const clean = {
      ...s,
      detail: redact(s.detail, secrets),
      explanation: s.explanation && redact(s.explanation, secrets),
    }
    stages.push(clean)
    onStage(clean)
    return clean
  }
  const skipRest = (reason: string) => {
    for (const stage of STAGE_ORDER)
      if (!stages.some((s) => s.stage === stage))
        record({ stage, status: 'skipped', durationMs: 0, detail: reason })
  }

  const { type, mentions, channel, messages, bodies } = testMessages(input)
  const report = (
    ok: boolean,
    send?: SendResult,
    proxy = input.proxy ?? '',
  ): ConnectivityReport => ({
    ok,
    dryRun: !!input.dryRun,
    stages,
    failedStage: stages.find((s) => s.status === 'failed')?.stage,
    request: {
      method: 'POST',
      url: redact(maskUrl(input.url), secrets),
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      bodies,
    },
    send,
    type,
    curl: testCurl({ ...input, proxy }),
  })

  // 1. URL
  let t = performance.now()
  if (type === 'http' || type === 'script') {
    record({
      stage: 'url',
      status: 'failed',
      durationMs: ms(t),
      detail: `${type} channel`,
      explanation: `The staged test checks robot URLs (WeCom, DingTalk, Feishu/Lark), not ${CHANNEL_TYPE_NAMES[type]} channels.`,
      fix: 'Send a test alert to the channel instead: its history entry shows the response and the reason.',
    })
    skipRest('not reached')
    return report(false)
  }
  const parsedUrl = ROBOT_URL_PARSERS[type](input.url)
  if (!parsedUrl.ok) {
    record({
      stage: 'url',
      status: 'failed',
      durationMs: ms(t),
      detail: 'invalid',
      explanation: parsedUrl.error,
      fix: 'Copy the webhook URL again from the robot settings.',
    })
    skipRest('not reached')
    return report(false)
  }
  if (!mentions.ok) {
    record({
      stage: 'url',
      status: 'failed',
      durationMs: ms(t),
      detail: 'invalid @Specified User',
      explanation: mentions.error,
      fix: 'Fix the mobile numbers.',
    })
    skipRest('not reached')
    return report(false)
  }
  const target = new URL(parsedUrl.value)
  const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80)
  record({
    stage: 'url',
    status: parsedUrl.warning ? 'warning' : 'ok',
    durationMs: ms(t),
    detail: `${CHANNEL_TYPE_NAMES[type]}: ${redact(`${target.protocol}//${target.host}${target.pathname}`, secrets)}${signingNote(type, input.signatureKey)}`,
    explanation: parsedUrl.warning,
  })

  // 2. Proxy
  let proxy = ''
  if (input.proxy?.trim()) {
    const p = parseProxy(input.proxy)
    if (!p.ok) {
      record({
        stage: 'proxy',
        status: 'failed',
        durationMs: 0,
        detail: 'invalid',
        explanation: p.error,
        fix: 'Write the proxy as http://host:port.',
      })
      skipRest('not reached')
      return report(false)
    }
    proxy = p.value
  }
  if (input.dryRun) {
    record({
      stage: 'proxy',
      status: proxy ? 'ok' : 'skipped',
      durationMs: 0,
      detail: proxy ? `would use ${maskUrl(proxy)}` : 'no proxy',
    })
    skipRest('dry run: nothing sent')
    return report(true, undefined, proxy)
  }

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
        skipRest('not reached')
        return report(false, undefined, proxy)
      }
      tunnel = probe.socket
      record({ stage: 'proxy', status: 'ok', durationMs: ms(t), detail: probe.detail })
      record({
        stage: 'dns',
        status: 'skipped',
        durationMs: 0,
        detail: 'the proxy resolves the robot host',
      })
      record({
        stage: 'tcp',
        status: 'skipped',
        durationMs: 0,
        detail: 'the proxy connects to the robot host',
      })
    } else {
      record({
        stage: 'proxy',
        status: 'skipped',
        durationMs: 0,
        detail: 'no proxy (direct connection)',
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
          detail: `${target.hostname} → ${found.map((a) => a.address).join(', ')}`,
        })
      } catch (err) {
        const f = explainNetworkError(err, false, timeoutMs)
        record({
          stage: 'dns',
          status: 'failed',
          durationMs: ms(t),
          detail: f.code,
          explanation: f.meaning,
          fix: f.fix,
        })
        skipRest('not reached')
        return report(false)
      }
      // 4. TCP
      t = performance.now()
      try {
        tunnel = await connectTcp(address, port, timeoutMs)
        record({
          stage: 'tcp',
          status: 'ok',
          durationMs: ms(t),
          detail: `connected to ${address}:${port}`,
        })
      } catch (err) {
        const f = explainNetworkError(err, false, timeoutMs)
        record({
          stage: 'tcp',
          status: 'failed',
          durationMs: ms(t),
          detail: `${address}:${port} ${f.code}`,
          explanation: f.meaning,
          fix: f.fix,
        })
        skipRest('not reached')
        return report(false)
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
          detail: `${secure.getProtocol() ?? 'TLS'}, certificate for ${cert.subject?.CN ?? target.hostname} valid until ${cert.valid_to ?? '?'}`,
        })
        secure.destroy()
      } catch (err) {
        const f = explainNetworkError(err, !!proxy, timeoutMs)
        record({
          stage: 'tls',
          status: 'failed',
          durationMs: ms(t),
          detail: f.code,
          explanation: f.meaning,
          fix: f.fix,
        })
        skipRest('not reached')
        return report(false, undefined, proxy)
      }
    } else {
      record({ stage: 'tls', status: 'skipped', durationMs: 0, detail: 'plain http:// (no TLS)' })
    }
  } finally {
    tunnel?.destroy()
  }

  // 6–7. HTTP and the robot's response, through the real sender.
  const robot = {
    url: parsedUrl.value,
    proxy,
    signatureKey: input.signatureKey,
    timeoutMs,
    verify: input.verify,
  }
  const typed =
    type === 'dingtalk' ? new DingTalkSender() : type === 'feishu' ? new FeishuSender() : undefined
  const sendOne = (i: number): Promise<SendResult> =>
    typed && channel
      ? typed.send(
          { ...channel, proxy, verify: input.verify ?? channel.verify },
          parsedUrl.value,
          messages[i]!,
        )
      : sender.send(robot, bodies[i] as Parameters<WeComSender['send']>[1])
  let send: SendResult
  try {
    send = await sendOne(0)
  } finally {
    await typed?.close()
  }
  if (send.httpStatus === undefined) {
    record({
      stage: 'http',
      status: 'failed',
      durationMs: send.latencyMs,
      detail: send.errorCode ?? 'failed',
      explanation: send.explanation,
      fix: send.fix,
    })
    skipRest('not reached')
    return report(false, send, proxy)
  }
  record({
    stage: 'http',
    status: 'ok',
    durationMs: send.latencyMs,
    detail: `HTTP ${send.httpStatus}, ${send.requestBytes} bytes sent`,
  })
  if (send.ok && bodies[1]) {
    const mention = await sendOne(1)
    if (!mention.ok)
      send = {
        ...mention,
        explanation: `The message arrived, but the @mention follow-up failed: ${mention.explanation}`,
      }
  }
  if (!send.ok && isSignatureRejection(type, send.errcode)) {
    send = {
      ...send,
      explanation:
        type === 'feishu'
          ? 'Signature rejected: check the secret and the clock.'
          : "Signature rejected: check the secret and the clock. (DingTalk's 310000 also means a missing keyword or an IP address not on the robot's list.)",
      fix: input.signatureKey
        ? "Copy the signature key again from the robot's security settings, and make sure this computer's clock is right (within an hour)."
        : "The robot requires a signature: put its secret (SEC…) in the channel's signature key.",
    }
  }
  record({
    stage: 'response',
    status: send.ok ? 'ok' : 'failed',
    durationMs: 0,
    detail:
      send.errcode !== undefined
        ? `errcode ${send.errcode}${send.errmsg ? `: ${send.errmsg}` : ''}`
        : (send.response ?? '').slice(0, 200),
    explanation: send.ok ? undefined : send.explanation,
    fix: send.ok ? undefined : send.fix,
  })
  return report(send.ok, send, proxy)
}

/** How the URL stage describes signing for a type. */
function signingNote(type: ChannelType, key?: string): string {
  if (!key) return ''
  if (type === 'dingtalk') return '; signed (timestamp in ms and sign in the query)'
  if (type === 'feishu') return '; signed (timestamp in seconds and sign in the body)'
  return '; DingTalk-style timestamp and sign added to the query'
}

/** The codes that mean "the signature did not match": DingTalk and WeCom gateways 310000, Feishu 19021. */
function isSignatureRejection(type: ChannelType, code?: number): boolean {
  return type === 'feishu' ? code === 19021 : code === 310000
}

function ms(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10
}

function withTimeout<T>(p: Promise<T>, timeoutMs: number): Promise<T> {
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

function connectTcp(host: string, port: number, timeoutMs: number): Promise<Socket> {
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

function handshake(socket: Socket, servername: string, timeoutMs: number): Promise<TLSSocket> {
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
  | { ok: true; detail: string; socket?: Socket }
  | { ok: false; detail: string; explanation: string; fix: string }

/**
 * Reaches the proxy and, for an https robot, asks it for a CONNECT tunnel (the socket is handed on
 * to the TLS stage, which then checks the robot's certificate through the tunnel). For an http
 * robot the proxy forwards plain requests, so reaching it is the check.
 */
async function probeProxy(
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
      return { ok: true, detail: `reached ${where}; http:// robots are forwarded without a tunnel` }
    } catch (err) {
      const f = explainNetworkError(err, true, timeoutMs)
      return { ok: false, detail: `${where} ${f.code}`, explanation: f.meaning, fix: f.fix }
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
          detail: `${where} opened a tunnel to ${target.hostname}:${port}`,
          socket,
        })
      socket.destroy()
      if (status === 407) {
        return resolve({
          ok: false,
          detail: `${where} answered 407`,
          explanation: auth
            ? 'The proxy rejected the user name or password (HTTP 407).'
            : 'The proxy requires a user name and password (HTTP 407).',
          fix: 'Put the credentials in the proxy field: http://user:password@host:port.',
        })
      }
      resolve({
        ok: false,
        detail: `${where} answered ${status} to CONNECT`,
        explanation: `The proxy would not open an HTTPS tunnel to ${target.hostname} (HTTP ${status}).`,
        fix: 'If this proxy does not support HTTPS, change https:// to http:// in the webhook URL; otherwise ask its admin to allow the robot host on port 443.',
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
      resolve({ ok: false, detail: `${where} ${f.code}`, explanation: f.meaning, fix: f.fix })
    })
    req.end()
  })
}
