import { parseHttpUrl, type FieldResult } from '../../settings/fields'
import type { ChannelFacts } from '../channel-facts'
import { say } from '../../text/core-text'

export const FEISHU_HOSTS = ['open.feishu.cn', 'open.larksuite.com'] as const
const EXAMPLE = 'https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: open.larksuite.com)'
const HOOK = /\/open-apis\/bot\/v2\/hook\/([^/]*)$/
/** The bot's token, wherever the hook is served (gateways and the simulator keep the path's tail). */
const HOOK_TOKEN = /\/bot\/v2\/hook\/([^/]+)/
const USER_ID = /^(@?all|ou_[\w-]+|on_[\w-]+|[\w.-]{1,64})$/

/** `https://open.feishu.cn/open-apis/bot/v2/hook/<token>` or the same on open.larksuite.com. */
export function parseFeishuUrl(input: string): FieldResult<string> {
  const r = parseHttpUrl(input, say('phrase.feishuUrl'), EXAMPLE)
  if (!r.ok) return r
  const url = r.value
  const m = HOOK.exec(url.pathname)
  if (!m)
    return {
      ok: false,
      error: say('channel.notFeishu', { example: EXAMPLE }),
    }
  if (!m[1]?.trim())
    return {
      ok: false,
      error: say('channel.feishuNoToken'),
    }
  const value = input.trim()
  return (FEISHU_HOSTS as readonly string[]).includes(url.hostname)
    ? { ok: true, value }
    : {
        ok: true,
        value,
        warning: say('channel.hostNotFeishu', { host: url.hostname }),
      }
}

/** Feishu/Lark custom bots: text, post or interactive card, signed in the body. */
export const feishuFacts: ChannelFacts = {
  id: 'feishu',
  name: say('phrase.typeFeishu'),
  shortName: 'Feishu/Lark',
  formats: ['text', 'post', 'interactive'],
  defaultFormat: 'interactive',
  capabilities: {
    body: 'composed',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: { mobiles: 'all-only', userIds: true, all: 'flag' },
    mentionFollowUp: false,
    showsRequestBody: false,
    runsProgram: false,
    signing: {
      signed: (robot) => say('diag.signedFeishu', { robot }),
      rejectedCode: 19021,
      rejected: say('diag.signatureFeishu'),
      where: 'body',
    },
  },
  limits: {
    windows: [
      { max: 100, ms: 60_000 },
      { max: 5, ms: 1_000 },
    ],
    // "20 KB": kept at 20,000 so that neither reading of KB is exceeded.
    maxBytes: 20_000,
    bytesOf: 'body',
    overLimit: 'code 9499 or 11232 (too many requests)',
  },
  defaultVerify: { type: 'json', match: { code: 0 } },
  example: { webhookUrl: 'https://open.feishu.cn/open-apis/bot/v2/hook/new' },
  parseRobotUrl: parseFeishuUrl,
  urlSecrets: (url) => {
    const token = HOOK_TOKEN.exec(url.pathname)?.[1]
    return [token && decodeURIComponent(token)]
  },
  recognisesUrl: (url) => /\/open-apis\/bot\/v2\/hook\//.test(url.pathname),
  checkOwnFields(draft, issue) {
    if (draft.mentionMobiles.some((m) => m !== '@all'))
      issue(['mentionMobiles'], say('channel.feishuMobiles'))
    draft.mentionUserIds.forEach((id, i) => {
      if (!USER_ID.test(id)) issue(['mentionUserIds', i], say('channel.notFeishuUser', { id }))
    })
  },
  levelInHeader: ['interactive'],
  testFormat: (format) => (format === 'text' || format === 'post' ? format : 'interactive'),
}
