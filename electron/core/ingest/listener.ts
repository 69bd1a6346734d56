import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import { RELAYED_HEADER } from '../channels/loop'
import { BodyTooLarge, readBody, sendJson } from '../http/request-body'
import { channelUsable } from '../delivery/usable'
import {
  bearerToken,
  closeServer,
  listen,
  ListenError,
  requestUrl,
  tokenMatches,
  trackSockets,
} from '../http/server'
import { asWritten, say, type CoreText } from '../text/core-text'
import type { SettingsStore } from '../settings/settings-store'
import type { StorageHealth } from '../storage-health'
import { SOURCES, type AlertDraft, type AlertSource } from '../alerts/model'
import { detectSource, fromText, isSourceError, parseAlerts } from '../alerts/sources'
import { getPath } from '../alerts/sources/generic'
import { fromMapping } from '../alerts/sources/mapped'
import type { SourceMapping } from '../alerts/mapping-schema'
import { subscriptionOf, type SubscriptionRequest } from '../alerts/sources/subscription'

/** Stores drafts durably and queues them; returns their ids. Throws when they could not be stored. */
/** Told the alerts' ids the moment they are on disk: the listener answers 202 from here. */
export type OnStored = (ids: string[]) => void

/**
 * Stores alerts durably, routes them and queues them for delivery (`ingest/ingest-path.ts`). Resolves
 * with their ids once the on-call view and the delivery queues have them too.
 */
export type Ingest = (
  drafts: AlertDraft[],
  channels?: string[],
  onStored?: OnStored,
) => Promise<string[]>

export { ListenError }

/** What the listener reports as it listens, moves, fails or stops. */
export interface ListenerStatus {
  state: 'listening' | 'stopped' | 'error'
  address?: string
  /** Why it is not listening, by its code: the window words it in its language. */
  error?: CoreText
}

/** How the listener reports; the composition root forwards these to the event bus. */
export interface ListenerReports {
  onState?: (status: ListenerStatus) => void
  /** A topic asks to be confirmed (SNS, SMN): the window shows it; no robot is told. */
  onSubscription?: (request: SubscriptionRequest) => void
}

/** A body that is a subscription request, not alerts: answered 200, shown in the window. */
class SubscriptionNotice extends Error {
  constructor(readonly request: SubscriptionRequest) {
    super('subscription')
  }
}

/** Requests in flight get this long to finish when the listener moves or stops. */
const CLOSE_DEADLINE_MS = 2000

const MAX_DEPTH = 64
const JSON_TYPES = /^(application\/json|application\/[\w.+-]+\+json|text\/json)$/
const FORM = 'application/x-www-form-urlencoded'

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

/**
 * The alert listener: `POST /alerts[/source]`, `GET /healthz`. It answers 202 only once the alerts
 * are durably stored, 503 when they could not be (Alertmanager retries only on 5xx), and a 4xx with
 * one sentence for input that can never be accepted. Host, port and token follow the settings live.
 */
export class Listener {
  #server?: Server
  #sockets = new Set<Socket>()
  #address?: string
  #error?: CoreText
  #bound?: { host: string; port: number }
  #pinned = false

  constructor(
    private readonly settings: SettingsStore,
    private readonly ingest: Ingest,
    private readonly reports: ListenerReports = {},
    private readonly storage?: StorageHealth,
  ) {
    settings.on('changed', (s) => {
      // An address given on the command line (serve --listen) wins over the settings file for the
      // life of the process; the token and limits still follow the settings.
      if (this.#pinned) return
      if (
        this.#bound &&
        (s.listener.host !== this.#bound.host || s.listener.port !== this.#bound.port)
      ) {
        void this.rebind(s.listener.host, s.listener.port).catch(() => {})
      }
    })
  }

  status(): ListenerStatus {
    if (this.#error) return { state: 'error', address: this.#address, error: this.#error }
    return this.#server ? { state: 'listening', address: this.#address } : { state: 'stopped' }
  }

  /** `http://host:port` while listening. */
  get origin(): string | undefined {
    return this.#address
  }

  /** Listens where the settings say, or at `address` (which then stays put when the settings change). */
  async start(address?: { host: string; port: number }): Promise<void> {
    this.#pinned = !!address
    const { host, port } = address ?? this.settings.get().listener
    await this.rebind(host, port)
  }

  /** True when the address came from the command line rather than the settings. */
  get pinned(): boolean {
    return this.#pinned
  }

  /** Moves to a new address: the new one is bound first, so a failure keeps the old one serving. */
  async rebind(host: string, port: number): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res))
    // A client that never finishes its body is cut off; slow senders get 30 s.
    server.requestTimeout = 30_000
    server.headersTimeout = 15_000
    const sockets = trackSockets(server)
    let address: string
    try {
      address = await listen(server, host, port, {
        name: say('phrase.listener'),
        inUse: say('phrase.listenerTodo'),
      })
    } catch (err) {
      this.#error = err instanceof ListenError ? err.said : asWritten((err as Error).message)
      this.reports.onState?.({ state: 'error', error: this.#error, address: this.#address })
      throw err instanceof ListenError ? err : new ListenError(this.#error)
    }
    const old = this.#server
    const oldSockets = this.#sockets
    this.#server = server
    this.#sockets = sockets
    this.#error = undefined
    this.#bound = { host, port }
    this.#address = address
    const real = server.address()
    this.settings.setRunningListener(
      real && typeof real === 'object' ? { host, port: real.port } : undefined,
    )
    this.reports.onState?.({ state: 'listening', address })
    if (old) await closeServer(old, oldSockets, CLOSE_DEADLINE_MS)
  }

  async close(): Promise<void> {
    const server = this.#server
    this.#server = undefined
    this.#bound = undefined
    this.settings.setRunningListener(undefined)
    if (server) await closeServer(server, this.#sockets, CLOSE_DEADLINE_MS)
    this.reports.onState?.({ state: 'stopped' })
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = requestUrl(req, 'http://listener')
      if (!url)
        throw new HttpError(400, 'The request address is malformed: post alerts to /alerts.')
      if (url.pathname === '/healthz' && (req.method === 'GET' || req.method === 'HEAD')) {
        // A relay that cannot record what it receives or sends is not healthy, even if it listens.
        const problem = this.storage?.problem()
        return problem
          ? sendJson(res, 503, { status: 'storage', error: problem.text })
          : sendJson(res, 200, { status: 'ok' })
      }
      if (req.headers[RELAYED_HEADER] !== undefined)
        throw new HttpError(
          400,
          "This request was sent by a relay channel whose webhook points at an alert listener: it was refused so that it cannot loop; set that channel's webhook to the robot's URL.",
        )
      const m = /^\/alerts(?:\/([^/]+))?\/?$/.exec(url.pathname)
      if (!m)
        throw new HttpError(
          404,
          `Nothing is at ${url.pathname}: post alerts to /alerts (or /alerts/alertmanager, /grafana, /ocp, /generic).`,
        )
      if (req.method !== 'POST')
        throw new HttpError(405, `Alerts are sent with POST, not ${req.method}.`)
      const settings = this.settings.get()
      const name = m[1]
      // A built-in sender, or a source a person mapped in the window (its name is its endpoint).
      const mapped = name ? settings.sources.mappings.find((x) => x.name === name) : undefined
      const forced = name && !mapped ? (name as AlertSource) : undefined
      if (forced && !SOURCES.includes(forced)) {
        const mine = settings.sources.mappings.map((x) => x.name)
        throw new HttpError(
          404,
          `"${forced}" is not a source: use /alerts/${[...SOURCES, ...mine].join(', /')} (or /alerts to detect it).`,
        )
      }
      this.#checkToken(req, url, settings.listener.token)
      const channels = url.searchParams
        .getAll('channel')
        .flatMap((c) => c.split(','))
        .map((c) => c.trim())
        .filter(Boolean)
      for (const name of channels) {
        // Only a name that does not exist is refused; a disabled channel is skipped by the router.
        if (!channelUsable(settings.channels, name).channel) {
          throw new HttpError(
            400,
            say('ingest.noChannel', {
              name,
              channels: settings.channels.map((c) => c.name).join(', ') || 'none',
            }).text,
          )
        }
      }
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
      if (type && !JSON_TYPES.test(type) && type !== 'text/plain' && type !== FORM) {
        throw new HttpError(
          415,
          `Content type ${type} is not accepted: send application/json (or text/plain for a one-line alert).`,
        )
      }
      const text = await readText(req, settings.listener.maxBodyBytes)
      const max = settings.listener.maxAlertsPerRequest
      let drafts: AlertDraft[]
      try {
        drafts = this.#parse(text, type, forced, settings.sources.generic, max, mapped)
      } catch (err) {
        if (!(err instanceof SubscriptionNotice)) throw err
        this.reports.onSubscription?.(err.request)
        sendJson(res, 200, {
          subscription: `${err.request.service} asks to confirm a subscription: it is shown in the relay's window with its confirm link; nothing was sent to a robot.`,
          accepted: 0,
        })
        return
      }
      if (drafts.length > max) throw tooMany(drafts.length, max)
      let answered = false
      try {
        await this.ingest(drafts, channels, (ids) => {
          // On disk: the sender may forget them now; folding them in follows the answer.
          answered = true
          this.storage?.succeeded('alerts')
          sendJson(res, 202, { accepted: ids.length, ids })
        })
      } catch (err) {
        if (answered) {
          console.error(
            `listener: stored alerts were not queued at once (${(err as Error).message}); they are delivered after a restart.`,
          )
          return
        }
        this.storage?.failed('alerts', err)
        const code = (err as NodeJS.ErrnoException).code
        throw new HttpError(
          503,
          `The alerts could not be stored${code ? ` (${code})` : ''}, so they were not accepted: free disk space or fix the data folder; the sender should retry.`,
        )
      }
    } catch (err) {
      if (err instanceof HttpError) {
        if (err.status === 413) res.setHeader('connection', 'close')
        sendJson(res, err.status, { error: err.message, status: err.status })
        if (err.status === 413) req.resume()
      } else {
        sendJson(res, 500, {
          error: `Unexpected error in the relay (${(err as Error).message}): please report it.`,
          status: 500,
        })
      }
    }
  }

  #checkToken(req: IncomingMessage, url: URL, token: string): void {
    if (!token) return
    const given = bearerToken(req) ?? url.searchParams.get('token') ?? undefined
    if (!given)
      throw new HttpError(
        401,
        'This listener needs a token: send "Authorization: Bearer <token>" or add ?token=<token> to the URL.',
      )
    if (!tokenMatches(given, token))
      throw new HttpError(401, "The token is wrong: use the one in the relay's listener settings.")
  }

  #parse(
    text: string,
    type: string,
    forced: AlertSource | undefined,
    mapping: { itemsPath: string; fields: Record<string, string> },
    maxAlerts: number,
    mapped?: SourceMapping,
  ): AlertDraft[] {
    const body = text.replace(/^\uFEFF/, '')
    // AWS SNS posts its JSON as text/plain: a text body that is a JSON object a sender reader
    // claims is read as JSON, any other text stays a one-line alert.
    const isJson =
      JSON_TYPES.test(type) ||
      (!type && /^\s*[[{]/.test(body)) ||
      (type === 'text/plain' && looksLikeSenderJson(body))
    try {
      // curl -d 'disk full on db-1' sends text as form-encoded: no key=value pair means plain text.
      if (type === FORM && body.includes('=') && mapped)
        return fromMapping(Object.fromEntries(new URLSearchParams(body)), mapped)
      if (type === FORM && body.includes('='))
        return parseAlerts(
          Object.fromEntries(new URLSearchParams(body)),
          forced ?? 'generic',
          mapping,
        )
      if (!isJson) {
        if ((forced && forced !== 'generic') || mapped)
          throw new HttpError(
            400,
            `A ${mapped?.name ?? forced} payload must be JSON, but this body is plain text.`,
          )
        return fromText(body)
      }
      if (!/\S/.test(body))
        throw new HttpError(
          400,
          'The body is empty: send the alert as JSON, or as plain text with Content-Type text/plain.',
        )
      let parsed: unknown
      try {
        parsed = JSON.parse(body)
      } catch (err) {
        throw new HttpError(
          400,
          `The body is not valid JSON (${(err as Error).message}): check what the sender posts.`,
        )
      }
      // Counted before any item is looked at: normalising a 1 MiB list of `{}` (350,000 items)
      // blocked the event loop for seconds only to be refused afterwards.
      const count = itemCount(parsed, mapped?.itemsPath ?? mapping.itemsPath)
      if (count > maxAlerts) throw tooMany(count, maxAlerts)
      if (depth(parsed) > MAX_DEPTH)
        throw new HttpError(
          400,
          `The JSON is nested more than ${MAX_DEPTH} levels deep: no alert format needs that.`,
        )
      const subscription = subscriptionOf(parsed)
      if (subscription) throw new SubscriptionNotice(subscription)
      const drafts = mapped ? fromMapping(parsed, mapped) : parseAlerts(parsed, forced, mapping)
      if (!drafts.length)
        throw new HttpError(400, 'The body holds no alerts: its alert list is empty.')
      return drafts
    } catch (err) {
      if (isSourceError(err)) throw new HttpError(400, err.message)
      throw err
    }
  }
}

/** A text/plain body that is a JSON object some sender's reader (or a subscription) claims. */
function looksLikeSenderJson(body: string): boolean {
  if (!/^\s*\{/.test(body)) return false
  try {
    const parsed = JSON.parse(body) as unknown
    return !!subscriptionOf(parsed) || detectSource(parsed) !== 'generic'
  } catch {
    return false
  }
}

function tooMany(count: number, max: number): HttpError {
  return new HttpError(
    413,
    `The request holds ${count} alerts, more than the ${max} allowed at once: send them in smaller batches.`,
  )
}

/** The most items any source could read from a parsed body: a cheap upper bound, no item read. */
function itemCount(body: unknown, itemsPath: string): number {
  if (Array.isArray(body)) return body.length
  if (!body || typeof body !== 'object') return 0
  const lists = [(body as Record<string, unknown>).alerts]
  if (itemsPath) lists.push(getPath(body, itemsPath))
  return Math.max(1, ...lists.map((l) => (Array.isArray(l) ? l.length : 0)))
}

function depth(value: unknown): number {
  let max = 0
  // Two parallel stacks: a tuple per node was most of this walk's cost on every request.
  const values: object[] = []
  const depths: number[] = []
  if (value && typeof value === 'object') {
    values.push(value)
    depths.push(1)
  }
  while (values.length) {
    const v = values.pop() as Record<string, unknown>
    const d = depths.pop()!
    if (d > max) max = d
    if (max > MAX_DEPTH) return max
    for (const k in v) {
      const child = v[k]
      if (child && typeof child === 'object') {
        values.push(child)
        depths.push(d + 1)
      }
    }
  }
  return max
}

const UTF8 = new TextDecoder('utf-8', { fatal: true })

/** The body as UTF-8 text, within the listener's limit; 413 and 400 in the listener's words. */
async function readText(req: IncomingMessage, max: number): Promise<string> {
  let body: Buffer
  try {
    body = await readBody(req, max)
  } catch (err) {
    if (!(err instanceof BodyTooLarge)) throw err
    const size = err.declared ? `The body is ${err.declared} bytes, over` : 'The body is over'
    throw new HttpError(
      413,
      `${size} the ${max}-byte limit: send fewer alerts per request or raise the listener's body limit.`,
    )
  }
  try {
    return UTF8.decode(body)
  } catch {
    throw new HttpError(400, 'The body is not valid UTF-8: send UTF-8 text.')
  }
}
