import { channelFacts } from '../channels/catalog'
import type { Alert } from '../alerts/model'
import { buildHttpRequest } from '../channels/http/request'
import { maskEndpoint } from '../channels/http/transport'
import { messageByteLimit } from '../channels/limits'
import { scriptInput } from '../channels/script/sender'
import { weComFormat } from '../channels/type-names'
import { maskSecret, redact, secretsOfUrl } from '../secrets/mask'
import { SECRET_HEADER } from '../settings/masking'
import type { Channel } from '../settings/schema'
import type { TemplateLanguage } from '../templates/defaults'
import { lintTemplate, type LintIssue } from '../templates/lint'
import { composeNext } from './compose'
import { alertParts } from './typed-parts'
import { bodyContent } from '../channels/wecom/body'

/** The request an HTTP channel would send for one alert, as the template studio shows it. */
export interface HttpRequestPreview {
  method: 'POST' | 'PUT'
  /** The URL with its credentials masked. */
  url: string
  /** In the order sent; credential headers (Authorization, X-Api-Key…) masked. */
  headers: Array<{ name: string; value: string; masked: boolean }>
  /** The body exactly as sent (any known secret in it masked). */
  body: string
  /** Bytes of the body as sent. */
  bytes: number
  /** True when values were JSON-escaped (the content type is JSON). */
  json: boolean
  /** The body template's problems (malformed or unknown variables). */
  lint: LintIssue[]
  /** One sentence when a JSON body does not parse once rendered for this alert. */
  jsonError?: string
}

/** What a script channel's program would get for one alert. */
export interface ScriptInputPreview {
  command: string[]
  /** The variables the relay sets (PATH, HOME, LANG… are passed on from its own environment). */
  env: Array<{ name: string; value: string }>
  /** The alert as JSON on stdin, exactly as written. */
  stdin: string
  bytes: number
}

/** The scheme of an Authorization value stays readable ("Bearer 8f14…2543"). */
function maskHeader(value: string): string {
  const m = /^([A-Za-z][\w-]*)\s+(\S.*)$/.exec(value)
  return m ? `${m[1]} ${maskSecret(m[2]!)}` : maskSecret(value)
}

/**
 * The request (HTTP) or the input (script) a channel would get for one alert, built by the very
 * calls delivery makes: the composer with the channel's settings for the text, then the parts,
 * then the sender's own builder (buildHttpRequest, scriptInput). Other types: {}.
 */
export function channelInputPreview(input: {
  channel: Channel
  /** The template in the studio's editor (the channel's own when unsaved changes are none). */
  template: string
  language?: TemplateLanguage
  /** The HTTP body template to preview instead of the channel's saved one. */
  body?: string
  alert: Alert
  timeZone?: string
  now?: number
  linkBase?: string
}): { request?: HttpRequestPreview; script?: ScriptInputPreview } {
  const { channel, alert } = input
  if (channelFacts(channel.type).capabilities.body !== 'request') return {}
  // As the engine composes (delivery/channel.ts nextMessage): no mentions, the type's limit.
  const composed = composeNext(
    [{ alert, repeats: 0 }],
    {
      ...channel,
      template: input.template,
      language: input.language ?? channel.language,
      format: weComFormat(channel.format),
      channelFormat: channel.format,
      mentionMobiles: [],
      mentionUserIds: [],
    },
    {
      timeZone: input.timeZone,
      now: input.now,
      limit: messageByteLimit(channel.type, channel.format),
      linkBase: channel.actionLinks ? (input.linkBase ?? '') : '',
    },
  )
  const parts = alertParts([alert], bodyContent(composed.messages[0]!.body), channel.name)
  if (channelFacts(channel.type).capabilities.endpoint === 'command') {
    const s = scriptInput(parts)
    const secrets = [channel.signatureKey]
    return {
      script: {
        command: channel.command.map((a) => redact(a, secrets)),
        env: Object.entries(s.env).map(([name, value]) => ({ name, value })),
        stdin: s.stdin,
        bytes: Buffer.byteLength(s.stdin),
      },
    }
  }
  const template = input.body ?? channel.body
  const req = buildHttpRequest({ ...channel, body: template }, parts, channel.url)
  const credentials = Object.entries(channel.headers)
    .filter(([k]) => SECRET_HEADER.test(k))
    .flatMap(([, v]) => [v, ...v.split(/\s+/).filter((p) => p.length >= 8)])
  const secrets = [...secretsOfUrl(req.url), ...credentials, ...secretsOfUrl(channel.proxy)]
  let jsonError: string | undefined
  if (req.json && req.body.trim()) {
    try {
      JSON.parse(req.body)
    } catch (err) {
      jsonError = `The body is not valid JSON once rendered for this alert (${(err as Error).message}): check the quotes and commas around the variables, or set a Content-Type header that is not JSON.`
    }
  }
  return {
    request: {
      method: req.method,
      url: maskEndpoint(req.url, secrets),
      headers: Object.entries(req.headers).map(([name, value]) =>
        SECRET_HEADER.test(name)
          ? { name, value: maskHeader(value), masked: true }
          : { name, value: redact(value, secrets), masked: false },
      ),
      body: redact(req.body, secrets),
      bytes: Buffer.byteLength(req.body),
      json: req.json,
      lint: lintTemplate(template, 'text'),
      ...(jsonError ? { jsonError } : {}),
    },
  }
}
