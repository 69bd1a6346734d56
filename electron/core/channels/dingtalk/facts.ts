import { parseHttpUrl, type FieldResult } from '../../settings/fields'
import { DINGTALK_STYLE, type ChannelFacts } from '../channel-facts'
import { say } from '../../text/core-text'

export const DINGTALK_HOST = 'oapi.dingtalk.com'
const EXAMPLE = `https://${DINGTALK_HOST}/robot/send?access_token=…`

/** `https://oapi.dingtalk.com/robot/send?access_token=…` (other hosts: gateways and the simulator). */
export function parseDingTalkUrl(input: string): FieldResult<string> {
  const r = parseHttpUrl(input, say('phrase.dingtalkUrl'), EXAMPLE)
  if (!r.ok) return r
  const url = r.value
  if (!url.pathname.endsWith('/robot/send'))
    return {
      ok: false,
      error: say('channel.notDingTalk', { example: EXAMPLE }),
    }
  if (!url.searchParams.get('access_token')?.trim())
    return {
      ok: false,
      error: say('channel.dingTalkNoToken'),
    }
  const value = input.trim()
  return url.hostname === DINGTALK_HOST
    ? { ok: true, value }
    : {
        ok: true,
        value,
        warning: say('channel.hostNotDingTalk', { host: url.hostname }),
      }
}

/** DingTalk custom robots (自定义机器人), optionally signed (加签). */
export const dingtalkFacts: ChannelFacts = {
  id: 'dingtalk',
  name: say('phrase.typeDingtalk'),
  shortName: 'DingTalk',
  formats: ['text', 'markdown'],
  defaultFormat: 'markdown',
  capabilities: {
    body: 'composed',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: { mobiles: 'yes', userIds: false, all: 'flag' },
    mentionFollowUp: false,
    showsRequestBody: false,
    runsProgram: false,
    signing: { ...DINGTALK_STYLE, signed: (robot) => say('diag.signedDingTalk', { robot }) },
  },
  limits: {
    windows: [{ max: 20, ms: 60_000 }],
    maxBytes: 20_000,
    bytesOf: 'body',
    overLimit: 'errcode 130101 and the robot is blocked for 10 minutes',
  },
  defaultVerify: { type: 'json', match: { errcode: 0 } },
  example: { webhookUrl: `https://${DINGTALK_HOST}/robot/send?access_token=new` },
  parseRobotUrl: parseDingTalkUrl,
  urlSecrets: (url) => [url.searchParams.get('access_token')],
  recognisesUrl: (url) => url.pathname.endsWith('/robot/send'),
  testFormat: (format) => (format === 'text' ? 'text' : 'markdown'),
}
