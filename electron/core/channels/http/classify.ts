import { redact } from '../../secrets/mask'
import type { VerifyRule } from '../../settings/schema'
import type { ErrcodeInfo } from '../wecom/errcodes'
import { verifyResponse } from '../verify'
import type { Classified } from '../send-result'
import { mapText, say, type CoreText } from '../../text/core-text'

export type { Classified } from '../send-result'

export interface ReplyRules {
  /** The platform's result code in a JSON answer (DingTalk `errcode`, Feishu `code`), if any. */
  codeOf?: (json: Record<string, unknown>) => number | undefined
  messageOf?: (json: Record<string, unknown>) => string | undefined
  explain?: (code: number) => ErrcodeInfo
  /** What the endpoint should be, for the fix of a 4xx or a non-JSON answer. */
  urlHint: string | CoreText
  /** Who accepted the message, for the success sentence: "The DingTalk robot". */
  who: CoreText
  /** The same, inside a sentence: "a DingTalk robot". */
  aWho: CoreText
  /** A reason the server gives in JSON, quoted when it refuses the request (HTTP 4xx). */
  reasonOf?: (json: Record<string, unknown>) => string | undefined
  /** Sentences a channel type words its own way (WeCom's predate the other types). */
  words?: ReplyWords
}

export interface ReplyWords {
  rateLimitedFix?: CoreText
  /** "The server answered HTTP 404: …" in the type's words. */
  notFound?: CoreText
  badUrlFix?: CoreText
  notJson?: (status: number, kind: CoreText) => CoreText
  notJsonFix?: CoreText
  verifyFix?: CoreText
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
      explanation: say('reply.accepted', { who: rules.who }),
    }
  if (status === 429)
    return {
      ...base,
      ok: false,
      outcome: 'rate_limited',
      explanation: say('reply.429'),
      fix: words.rateLimitedFix ?? say('reply.429Fix'),
    }
  if (status >= 500 || status === 408)
    return {
      ...base,
      ok: false,
      outcome: 'retryable',
      explanation: say('reply.status', { status }),
      fix: say('reply.serverFix'),
    }
  if (status === 407)
    return {
      ...base,
      ok: false,
      outcome: 'permanent',
      stage: 'proxy',
      explanation: say('reply.proxy407'),
      fix: say('reply.proxy407Fix'),
    }
  if (status >= 400)
    return {
      ...base,
      ok: false,
      outcome: 'permanent',
      explanation: reason
        ? say('reply.statusReason', { status, reason: redact(reason, secrets) })
        : status === 404
          ? (words.notFound ?? say('reply.404'))
          : say('reply.status', { status }),
      fix: words.badUrlFix ?? say('reply.checkUrl', { hint: rules.urlHint }),
    }
  if (rules.codeOf && json === undefined) {
    const kind = /^\s*</.test(text)
      ? say('phrase.htmlPage')
      : text.trim()
        ? say('phrase.notJsonText')
        : say('phrase.emptyBody')
    return {
      ...base,
      ok: false,
      outcome: 'permanent',
      explanation: words.notJson
        ? words.notJson(status, kind)
        : say('reply.notJson', { status, kind, who: rules.aWho }),
      fix: words.notJsonFix ?? say('reply.notJsonFix', { who: rules.aWho, hint: rules.urlHint }),
    }
  }
  return {
    ...base,
    ok: false,
    outcome: 'permanent',
    explanation: say('reply.verifyFailed', {
      reason: mapText(verdict.reason!, (s) => redact(s, secrets)),
    }),
    fix: words.verifyFix ?? say('reply.verifyFix'),
  }
}
