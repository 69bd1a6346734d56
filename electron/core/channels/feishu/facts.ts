import { parseHttpUrl, type FieldResult } from '../../settings/fields'
import type { ChannelFacts } from '../channel-facts'

export const FEISHU_HOSTS = ['open.feishu.cn', 'open.larksuite.com'] as const
const EXAMPLE = 'https://open.feishu.cn/open-apis/bot/v2/hook/… (Lark: open.larksuite.com)'
const HOOK = /\/open-apis\/bot\/v2\/hook\/([^/]*)$/
const USER_ID = /^(@?all|ou_[\w-]+|on_[\w-]+|[\w.-]{1,64})$/

/** `https://open.feishu.cn/open-apis/bot/v2/hook/<token>` or the same on open.larksuite.com. */
export function parseFeishuUrl(input: string): FieldResult<string> {
  const r = parseHttpUrl(input, 'Feishu/Lark bot URL', EXAMPLE)
  if (!r.ok) return r
  const url = r.value
  const m = HOOK.exec(url.pathname)
  if (!m)
    return {
      ok: false,
      error: `This is not a Feishu/Lark bot URL: it must be …/open-apis/bot/v2/hook/…, as in ${EXAMPLE}`,
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

/** Feishu/Lark custom bots: text, post or interactive card, signed in the body. */
export const feishuFacts: ChannelFacts = {
  id: 'feishu',
  name: 'Feishu/Lark custom bot',
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
      note: '; signed (timestamp in seconds and sign in the body)',
      rejectedCode: 19021,
      rejected: 'Signature rejected: check the secret and the clock.',
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
  recognisesUrl: (url) => /\/open-apis\/bot\/v2\/hook\//.test(url.pathname),
  checkOwnFields(draft, issue) {
    if (draft.mentionMobiles.some((m) => m !== '@all'))
      issue(
        ['mentionMobiles'],
        'Feishu/Lark bots cannot mention by mobile number: put the people\'s user ids (ou_…) in "mentionUserIds", or use @all.',
      )
    draft.mentionUserIds.forEach((id, i) => {
      if (!USER_ID.test(id))
        issue(
          ['mentionUserIds', i],
          `"${id}" is not a Feishu/Lark user id: use the open_id (ou_…), the user_id, or "all".`,
        )
    })
  },
  levelInHeader: ['interactive'],
  testFormat: (format) => (format === 'text' || format === 'post' ? format : 'interactive'),
}
