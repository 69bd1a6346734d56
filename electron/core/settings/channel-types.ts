/**
 * What each channel type needs from its settings, in the sentences a person reads: the robot URL
 * shapes of DingTalk and Feishu/Lark, the HTTP channel's URL, the script's command. The schema
 * (schema.ts) parses the common fields; `finishChannel` checks the type's own and fills the
 * defaults that depend on the type.
 */
import { headerProblem } from '../http/headers'
import type { z } from 'zod'
import { CHANNEL_LIMITS } from '../channels/limits'
import {
  CHANNEL_FORMATS,
  CHANNEL_TYPES,
  CHANNEL_TYPE_NAMES,
  isRobotType,
  weComFormat,
  DEFAULT_FORMAT,
  FORMATS_BY_TYPE,
  type ChannelFormat,
  type ChannelType,
} from '../channels/types'
import { defaultTemplate } from '../templates/defaults'
import { parseWebhookUrl, type FieldResult } from './fields'

export const DINGTALK_HOST = 'oapi.dingtalk.com'
export const FEISHU_HOSTS = ['open.feishu.cn', 'open.larksuite.com'] as const

function parseHttpUrl(input: string, what: string, example: string): FieldResult<URL> {
  const raw = input.trim()
  if (!raw) return { ok: false, error: `The ${what} is empty: paste it, for example ${example}` }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return { ok: false, error: `The ${what} is not a valid URL: it should look like ${example}` }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return {
      ok: false,
      error: `The ${what} must start with https:// or http://, not ${url.protocol}//.`,
    }
  return { ok: true, value: url }
}

const DINGTALK_EXAMPLE = `https://${DINGTALK_HOST}/robot/send?access_token=…`

/** `https://oapi.dingtalk.com/robot/send?access_token=…` (other hosts: gateways and the simulator). */
export function parseDingTalkUrl(input: string): FieldResult<string> {
  const r = parseHttpUrl(input, 'DingTalk robot URL', DINGTALK_EXAMPLE)
  if (!r.ok) return r
  const url = r.value
  if (!url.pathname.endsWith('/robot/send'))
    return {
      ok: false,
      error: `This is not a DingTalk robot URL: it must be …/robot/send?access_token=…, as in ${DINGTALK_EXAMPLE}`,
    }
  if (!url.searchParams.get('access_token')?.trim())
    return {
      ok: false,
      error:
        'The DingTalk robot URL has no access_token: copy the full Webhook, including ?access_token=…, from the robot settings.',
    }
  const value = input.trim()
  return url.hostname === DINGTALK_HOST
    ? { ok: true, value }
    : {
        ok: true,
        value,
        warning: `The host is ${url.hostname}, not ${DINGTALK_HOST}: fine for a gateway or the simulator, but check it if you meant a real DingTalk robot.`,
      }
}

const FEISHU_EXAMPLE = 'https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: open.larksuite.com)'

/** `https://open.feishu.cn/open-apis/bot/v2/hook/<token>` or the same on open.larksuite.com. */
export function parseFeishuUrl(input: string): FieldResult<string> {
  const r = parseHttpUrl(input, 'Feishu/Lark bot URL', FEISHU_EXAMPLE)
  if (!r.ok) return r
  const url = r.value
  const m = /\/open-apis\/bot\/v2\/hook\/([^/]*)$/.exec(url.pathname)
  if (!m)
    return {
      ok: false,
      error: `This is not a Feishu/Lark bot URL: it must be …/open-apis/bot/v2/hook/…, as in ${FEISHU_EXAMPLE}`,
    }
  if (!m[1]?.trim())
    return {
      ok: false,
      error:
        'The Feishu/Lark bot URL has no token after /hook/: copy the full webhook address from the bot settings.',
    }
  const value = input.trim()
  return (FEISHU_HOSTS as readonly string[]).includes(url.hostname)
    ? { ok: true, value }
    : {
        ok: true,
        value,
        warning: `The host is ${url.hostname}, not ${FEISHU_HOSTS.join(' or ')}: fine for a gateway or the simulator, but check it if you meant a real Feishu/Lark bot.`,
      }
}

/** The robot-URL parser of a robot type. */
export const ROBOT_URL_PARSERS = {
  wecom: parseWebhookUrl,
  dingtalk: parseDingTalkUrl,
  feishu: parseFeishuUrl,
} as const

/** Guesses the channel type from a robot URL (for `test-webhook` and pasted URLs). */
export function detectChannelType(input: string): ChannelType | undefined {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return undefined
  }
  if (url.pathname.endsWith('/cgi-bin/webhook/send')) return 'wecom'
  if (url.pathname.endsWith('/robot/send')) return 'dingtalk'
  if (/\/open-apis\/bot\/v2\/hook\//.test(url.pathname)) return 'feishu'
  return undefined
}

const FEISHU_USER_ID = /^(@?all|ou_[\w-]+|on_[\w-]+|[\w.-]{1,64})$/

/** The fields `finishChannel` reads: the parsed channel before type-dependent defaults. */
export interface ChannelDraft {
  type: ChannelType
  name: string
  webhookUrl: string
  extraWebhookUrls: string[]
  mentionMobiles: string[]
  mentionUserIds: string[]
  format?: ChannelFormat
  template?: string
  language?: 'en' | 'zh'
  url: string
  method: 'POST' | 'PUT'
  headers: Record<string, string>
  body?: string
  command: string[]
  throttle: { perMinute?: number; perHour: number; perDay: number }
  verify?: unknown
}

type Ctx = z.core.$RefinementCtx

/** Default body of an HTTP channel: the alert's main variables as JSON. */
export const DEFAULT_HTTP_BODY = `{
  "name": "\${alarm_name}",
  "level": "\${alarm_level}",
  "status": "\${alarm_status}",
  "target": "\${alarm_target}",
  "summary": "\${alarm_summary}",
  "description": "\${alarm_description}",
  "activeAt": "\${alarm_active_at}",
  "url": "\${alarm_url}"
}`

/** The success rule each type starts with (the seed's "response verification"). */
/** The shape of a default rule (schema.ts has the full VerifyRule; not imported to avoid a cycle). */
type DefaultRule =
  | { type: 'json'; match: Record<string, number> }
  | { type: 'regex'; pattern: string }
  | { type: 'status'; codes: number[] }

export const DEFAULT_VERIFY: Record<ChannelType, DefaultRule> = {
  wecom: { type: 'json', match: { errcode: 0 } },
  dingtalk: { type: 'json', match: { errcode: 0 } },
  feishu: { type: 'json', match: { code: 0 } },
  http: { type: 'status', codes: [200, 201, 202, 204] },
  // Exit code 0 is the first check; any output passes unless the person sets a rule.
  script: { type: 'regex', pattern: '[\\s\\S]*' },
}

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
const text = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * Checks what the channel's type requires. It runs even when other fields failed (so one save
 * lists every problem), hence it reads the draft defensively. Issues are added at the field's
 * path so the form can show them next to it.
 */
export function checkChannelType(
  draft: Partial<Record<keyof ChannelDraft, unknown>>,
  ctx: Ctx,
): void {
  const issue = (path: PropertyKey[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message, input: draft })
  const type = (CHANNEL_TYPES as readonly unknown[]).includes(draft.type)
    ? (draft.type as ChannelType)
    : undefined
  if (!type) return
  const kind = CHANNEL_TYPE_NAMES[type]
  const webhookUrl = text(draft.webhookUrl)
  const extra = strings(draft.extraWebhookUrls)
  const url = text(draft.url)
  const command = strings(draft.command)

  // The URL parser drops tabs and line breaks inside a URL without a word, so the address saved
  // would not be the one pasted: refused instead.
  const controls = (field: PropertyKey[], value: string) => {
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(value))
      issue(
        field,
        'The URL contains a line break, tab or control character: paste it again on one line.',
      )
  }
  controls(['webhookUrl'], webhookUrl)
  extra.forEach((u, i) => controls(['extraWebhookUrls', i], u))
  controls(['url'], url)

  if (isRobotType(type)) {
    const parse = ROBOT_URL_PARSERS[type]
    const main = parse(webhookUrl)
    if (!main.ok) issue(['webhookUrl'], main.error)
    extra.forEach((u, i) => {
      const r = parse(u)
      if (!r.ok) issue(['extraWebhookUrls', i], r.error)
    })
  } else if (webhookUrl || extra.length) {
    issue(
      [webhookUrl ? 'webhookUrl' : 'extraWebhookUrls'],
      `A ${kind} channel has no robot URL: put the address in "${type === 'http' ? 'url' : 'command'}" instead.`,
    )
  }

  if (type === 'http') {
    const r = parseHttpUrl(url, 'HTTP channel URL', 'https://alerts.example.com/hook')
    if (!r.ok) issue(['url'], r.error)
    const headers = draft.headers
    if (headers && typeof headers === 'object')
      for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
        const problem = typeof value === 'string' ? headerProblem(name, value) : undefined
        if (problem) issue(['headers', name], problem)
      }
  } else if (url) {
    issue(['url'], `Only HTTP channels have a "url": a ${kind} channel uses "webhookUrl".`)
  }

  if (type === 'script') {
    command.forEach((arg, i) => {
      if (arg.includes('\0'))
        issue(
          ['command', i],
          'A command cannot contain a NUL byte (the system cannot pass it): remove it from this argument.',
        )
    })
    if (!command[0]?.trim())
      issue(
        ['command'],
        'A script channel needs a command: a list with the program and its arguments, such as ["/usr/local/bin/notify", "--team", "db"].',
      )
  } else if (command.length) {
    issue(
      ['command'],
      `Only script channels run a command: remove "command" from this ${kind} channel.`,
    )
  }

  const mentionMobiles = strings(draft.mentionMobiles)
  const mentionUserIds = strings(draft.mentionUserIds)
  if (type === 'feishu' && mentionMobiles.some((m) => m !== '@all'))
    issue(
      ['mentionMobiles'],
      'Feishu/Lark bots cannot mention by mobile number: put the people\'s user ids (ou_…) in "mentionUserIds", or use @all.',
    )
  if ((type === 'http' || type === 'script') && mentionMobiles.length)
    issue(
      ['mentionMobiles'],
      `A ${kind} channel cannot @mention anyone: remove the mobile numbers.`,
    )
  // WeCom user ids (`<@userid>`) are the message composer's; DingTalk, HTTP and scripts have none.
  if (type !== 'feishu' && type !== 'wecom' && mentionUserIds.length)
    issue(
      ['mentionUserIds'],
      'Only WeCom and Feishu/Lark channels mention by user id: use "mentionMobiles".',
    )
  if (type === 'feishu')
    mentionUserIds.forEach((id, i) => {
      if (!FEISHU_USER_ID.test(id))
        issue(
          ['mentionUserIds', i],
          `"${id}" is not a Feishu/Lark user id: use the open_id (ou_…), the user_id, or "all".`,
        )
    })

  // An unknown format name was already reported by the schema's enum.
  const format = typeof draft.format === 'string' ? draft.format : DEFAULT_FORMAT[type]
  const known = (CHANNEL_FORMATS as readonly string[]).includes(format)
  if (known && !(FORMATS_BY_TYPE[type] as readonly string[]).includes(format))
    issue(
      ['format'],
      `A ${kind} channel's format must be ${FORMATS_BY_TYPE[type].map((f) => `"${f}"`).join(' or ')}, not "${format}".`,
    )

  const limit = CHANNEL_LIMITS[type].windows.find((w) => w.ms === 60_000)?.max
  const perMinute = (draft.throttle as { perMinute?: unknown } | undefined)?.perMinute
  if (limit && perMinute === 0)
    issue(
      ['throttle', 'perMinute'],
      `A ${kind} channel needs a per-minute limit of at least 1 (0, no limit, is for HTTP and script channels).`,
    )
  if (limit && typeof perMinute === 'number' && perMinute > limit)
    issue(
      ['throttle', 'perMinute'],
      type === 'wecom'
        ? 'WeCom robots accept at most 20 messages a minute: add robots (extra webhook URLs) for more.'
        : `${kind}s accept at most ${limit} messages a minute: add robots (extra webhook URLs) for more.`,
    )
}

/** Fills the defaults that depend on the type: format, template, HTTP body, limit, verification. */
export function fillChannelDefaults<T extends ChannelDraft>(c: T) {
  const format = c.format ?? DEFAULT_FORMAT[c.type]
  const limit = CHANNEL_LIMITS[c.type].windows.find((w) => w.ms === 60_000)?.max
  // Robot and script templates render the message; an HTTP channel's `body` is its template.
  const templateFormat = weComFormat(format)
  return {
    ...c,
    format,
    template: c.template ?? defaultTemplate(templateFormat, c.language),
    body: c.body ?? (c.type === 'http' ? DEFAULT_HTTP_BODY : ''),
    throttle: { ...c.throttle, perMinute: c.throttle.perMinute ?? limit ?? 0 },
    verify: c.verify ?? structuredClone(DEFAULT_VERIFY[c.type]),
  }
}
