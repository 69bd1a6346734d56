import { redact } from '../../secrets/mask'
import type { VerifyRule } from '../../settings/schema'
import type { ErrcodeInfo } from '../wecom/errcodes'
import { verifyResponse } from '../verify'
import type { Classified } from '../send-result'

export type { Classified } from '../send-result'

export interface ReplyRules {
  /** The platform's result code in a JSON answer (DingTalk `errcode`, Feishu `code`), if any. */
  codeOf?: (json: Record<string, unknown>) => number | undefined
  messageOf?: (json: Record<string, unknown>) => string | undefined
  explain?: (code: number) => ErrcodeInfo
  /** What the endpoint should be, for the fix of a 4xx or a non-JSON answer. */
  urlHint: string
  /** Who accepted the message, for the success sentence: "The DingTalk robot". */
  who: string
  /** A reason the server gives in JSON, quoted when it refuses the request (HTTP 4xx). */
  reasonOf?: (json: Record<string, unknown>) => string | undefined
  /** Sentences a channel type words its own way (WeCom's predate the other types). */
  words?: ReplyWords
}

export interface ReplyWords {
  rateLimitedFix?: string
  /** After "The server answered HTTP 404: ". */
  notFound?: string
  badUrlFix?: string
  notJson?: (status: number, kind: string) => string
  notJsonFix?: string
  verifyFix?: string
}

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v)
  return undefined
}

/** `errcode` as DingTalk and WeCom send it. */
export const errcodeOf = (j: Record<string, unknown>) => numeric(j.errcode)
/** Feishu/Lark's `code` (and the older `StatusCode`). */
export const feishuCodeOf = (j: Record<string, unknown>) => numeric(j.code ?? j.StatusCode)

/**
 * What an HTTP answer means for any channel type. A platform code other than 0 is a failure even
 * if a looser verification rule passed ("the test works but nothing arrives"); then the rule
 * decides; then the HTTP status says whether waiting or retrying can help.
 */
export function classifyReply(
  status: number,
  text: string,
  rule: VerifyRule,
  rules: ReplyRules,
  secrets: ReadonlyArray<string | undefined> = [],
): Classified {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  const response = redact(text.slice(0, 1000), secrets)
  const rec =
    json && typeof json === 'object' && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined
  const code = rec && rules.codeOf ? rules.codeOf(rec) : undefined
  const msg = rec && rules.messageOf ? rules.messageOf(rec) : undefined
  const reason = rec && rules.reasonOf ? rules.reasonOf(rec) : undefined
  const words = rules.words ?? {}
  const base = {
    httpStatus: status,
    errcode: code,
    errmsg: msg === undefined ? undefined : redact(msg, secrets),
    response,
  }
  if (code !== undefined && code !== 0 && rules.explain) {
    const info = rules.explain(code)
    return {
      ...base,
      ok: false,
      outcome: info.outcome,
      explanation: info.meaning,
      fix: info.fix,
      ...(info.retry ? { retry: info.retry } : {}),
      ...(info.restWindows ? { restWindows: info.restWindows } : {}),
    }
  }
  const verdict = verifyResponse(rule, status, text, json)
  if (verdict.ok)
    return {
      ...base,
      ok: true,
      outcome: 'success',
      explanation: `${rules.who} accepted the message.`,
      fix: '',
    }
  if (status === 429)
    return {
      ...base,
      ok: false,
      outcome: 'rate_limited',
      explanation: 'The server answered HTTP 429 (too many requests).',
      fix:
        words.rateLimitedFix ??
        "Wait a minute; lower the channel's per-minute limit or add robots to carry more.",
    }
  if (status >= 500 || status === 408)
    return {
      ...base,
      ok: false,
      outcome: 'retryable',
      explanation: `The server answered HTTP ${status}.`,
      fix: 'A temporary server or gateway problem: the relay retries with backoff.',
    }
  if (status === 407)
    return {
      ...base,
      ok: false,
      outcome: 'permanent',
      stage: 'proxy',
      explanation: 'The proxy requires a user name and password (HTTP 407).',
      fix: 'Put the credentials in the proxy field: http://user:password@host:port.',
    }
  if (status >= 400)
    return {
      ...base,
      ok: false,
      outcome: 'permanent',
      explanation: reason
        ? `The server answered HTTP ${status}: ${redact(reason, secrets)}`
        : `The server answered HTTP ${status}${status === 404 ? `: ${words.notFound ?? 'there is nothing at this URL'}` : ''}.`,
      fix: words.badUrlFix ?? `Check the URL: it should be ${rules.urlHint}.`,
    }
  if (rules.codeOf && json === undefined) {
    const kind = /^\s*</.test(text)
      ? 'an HTML page'
      : text.trim()
        ? 'text that is not JSON'
        : 'an empty body'
    return {
      ...base,
      ok: false,
      outcome: 'permanent',
      explanation: words.notJson
        ? words.notJson(status, kind)
        : `The server answered HTTP ${status} with ${kind}, not the JSON reply of ${rules.who.replace(/^The /, 'a ')}.`,
      fix:
        words.notJsonFix ??
        `The URL does not reach ${rules.who.replace(/^The /, 'a ')} (a login page, captive portal or wrong host?): check the URL (${rules.urlHint}) and the proxy.`,
    }
  }
  return {
    ...base,
    ok: false,
    outcome: 'permanent',
    explanation: `The response failed verification: ${verdict.reason}`,
    fix:
      words.verifyFix ??
      "Check the channel's response verification rule against what the server really answers.",
  }
}
