import { say } from '../text/core-text'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { BodyTooLarge, readBody, sendJson } from '../http/request-body'
import { closeServer, listen, trackSockets } from '../http/server'
import { PUBLISHED, type RateWindow } from './published-rules'
import { DingTalkRobot } from './dingtalk'
import { FaultQueue, faultRuleSchema } from './faults'
import { FeishuBot } from './feishu'
import { renderFeed, renderPage } from './page'
import { RobotRules, type RobotOptions } from './robot'

export interface SimulatorOptions extends Partial<RobotOptions> {
  host?: string
  port?: number
  /** DingTalk robot windows (default: `rateLimit` per `windowMs`, 20 a minute). */
  dingtalkWindows?: RateWindow[]
  /** Feishu bot windows (default: 100 per `windowMs` and 5 per `windowMs / 60`). */
  feishuWindows?: RateWindow[]
  /** The robots' clock (default: the wall clock); tests move it on past a rate window. */
  now?: () => number
}

export interface Simulator {
  readonly rules: RobotRules
  readonly dingtalk: DingTalkRobot
  readonly feishu: FeishuBot
  readonly faults: FaultQueue
  /** `http://host:port` */
  readonly origin: string
  /** The WeCom webhook URL for a key. */
  webhookUrl(key?: string): string
  /** The DingTalk robot URL for an access token. */
  dingtalkUrl(token?: string): string
  /** The Feishu/Lark bot URL for a hook token. */
  feishuUrl(token?: string): string
  close(): Promise<void>
}

const FEISHU_PATH = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/

const MAX_BODY = 1024 * 1024

/**
 * A loopback server that behaves like WeCom's robot endpoint (see RobotRules), with fault
 * injection and a page that shows the group's messages. It is the default channel of a fresh
 * install, so the relay works end to end without a network.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const rules = new RobotRules({
    keys: options.keys ?? ['relay-demo'],
    rateLimit: options.rateLimit ?? PUBLISHED.wecom.windows[0]!.max,
    windowMs: options.windowMs ?? PUBLISHED.wecom.windows[0]!.ms,
    signatureSecrets: options.signatureSecrets,
    keep: options.keep,
    keepRaw: options.keepRaw,
  })
  const windowMs = rules.options.windowMs
  const now = options.now ?? Date.now
  const dingtalk = new DingTalkRobot(
    rules,
    options.dingtalkWindows ?? [
      { max: options.rateLimit ?? PUBLISHED.dingtalk.windows[0]!.max, ms: windowMs },
    ],
  )
  const feishu = new FeishuBot(
    rules,
    // Scaled with the window when a test shortens it (the minute to `windowMs`).
    options.feishuWindows ??
      PUBLISHED.feishu.windows.map((w) => ({
        max: w.max,
        ms: Math.max(1, Math.round((w.ms * windowMs) / 60_000)),
      })),
  )
  const faults = new FaultQueue()
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendJson(res, 500, { error: err.message })
      else res.destroy()
    })
  })
  const sockets = trackSockets(server)

  /** Applies the next injected fault for this key; true when it answered the request itself. */
  async function applyFault(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    errcodeReply: (code: number) => object,
  ): Promise<boolean> {
    const fault = faults.take(key)
    if (fault) {
      switch (fault.kind) {
        case 'delay':
          await sleep(fault.ms)
          break
        case 'reset':
          req.socket.resetAndDestroy()
          return true
        case 'status':
          res
            .writeHead(fault.status, { 'content-type': 'text/plain' })
            .end(`simulated HTTP ${fault.status}`)
          return true
        case 'errcode':
          sendJson(res, 200, errcodeReply(fault.errcode))
          return true
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0,"errmsg":')
          return true
        case 'html':
          res
            .writeHead(200, { 'content-type': 'text/html' })
            .end('<html><body><h1>Portal login</h1></body></html>')
          return true
        case 'empty':
          res.writeHead(200).end()
          return true
      }
    }
    return false
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator')
    const body = await readBody(req, MAX_BODY).then(
      (b) => b.toString('utf8'),
      (err: unknown) => {
        if (err instanceof BodyTooLarge) return undefined
        throw err
      },
    )
    if (body === undefined)
      return sendJson(res, 413, { errcode: 40058, errmsg: 'request body too large' })

    if (req.method === 'POST' && url.pathname === '/cgi-bin/webhook/send') {
      if (
        await applyFault(req, res, url.searchParams.get('key') ?? '', (code) => ({
          errcode: code,
          errmsg: `simulated errcode ${code}`,
        }))
      )
        return
      return sendJson(res, 200, rules.handle(url, body, req.headers['content-type'] ?? '', now()))
    }
    if (req.method === 'POST' && url.pathname === '/robot/send') {
      if (
        await applyFault(req, res, url.searchParams.get('access_token') ?? '', (code) => ({
          errcode: code,
          errmsg: `simulated errcode ${code}`,
        }))
      )
        return
      return sendJson(res, 200, dingtalk.handle(url, body, now()))
    }
    const hook = FEISHU_PATH.exec(url.pathname)
    if (req.method === 'POST' && hook) {
      const token = decodeURIComponent(hook[1]!)
      if (
        await applyFault(req, res, token, (code) => ({
          code,
          msg: `simulated code ${code}`,
          data: {},
        }))
      )
        return
      return sendJson(res, 200, feishu.handle(token, body, now()))
    }
    if (req.method === 'GET' && url.pathname === '/') {
      const html = url.searchParams.has('fragment')
        ? renderFeed(rules.messages)
        : renderPage(rules.messages)
      res
        .writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(html)
      return
    }
    if (url.pathname === '/_sim/messages') {
      if (req.method === 'DELETE') {
        rules.clear()
        dingtalk.limiter.clear()
        feishu.limiter.clear()
        return sendJson(res, 200, { cleared: true })
      }
      const key = url.searchParams.get('key')
      return sendJson(res, 200, {
        messages: key ? rules.messages.filter((m) => m.key === key) : rules.messages,
        stats: rules.stats(),
      })
    }
    if (url.pathname === '/_sim/faults') {
      if (req.method === 'DELETE') {
        faults.clear()
        return sendJson(res, 200, { cleared: true })
      }
      if (req.method === 'POST') {
        let parsed
        try {
          parsed = faultRuleSchema.safeParse(JSON.parse(body))
        } catch {
          return sendJson(res, 400, { error: 'The fault is not valid JSON.' })
        }
        if (!parsed.success)
          return sendJson(res, 400, {
            error: 'The fault is not valid: see the simulator docs for the fault kinds.',
            issues: parsed.error.issues,
          })
        faults.add(parsed.data)
        return sendJson(res, 200, { faults: faults.list() })
      }
      return sendJson(res, 200, { faults: faults.list() })
    }
    if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' })
    sendJson(res, 404, {
      errcode: 404,
      errmsg:
        'not found: the robot endpoints are POST /cgi-bin/webhook/send?key=KEY (WeCom), /robot/send?access_token=TOKEN (DingTalk) and /open-apis/bot/v2/hook/TOKEN (Feishu/Lark)',
    })
  }

  const origin = await listen(server, options.host ?? '127.0.0.1', options.port ?? 8762, {
    name: say('phrase.simulator'),
    inUse: say('phrase.simulatorTodo'),
  })
  const firstKey = () => rules.options.keys[0] ?? 'relay-demo'
  return {
    rules,
    dingtalk,
    feishu,
    faults,
    origin,
    webhookUrl: (key = rules.options.keys[0] ?? 'relay-demo') =>
      `${origin}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`,
    dingtalkUrl: (token = firstKey()) =>
      `${origin}/robot/send?access_token=${encodeURIComponent(token)}`,
    feishuUrl: (token = firstKey()) =>
      `${origin}/open-apis/bot/v2/hook/${encodeURIComponent(token)}`,
    async close() {
      // A pretend robot has nothing worth finishing (a delay fault may hold a request for minutes).
      await closeServer(server, sockets, 0)
    },
  }
}
