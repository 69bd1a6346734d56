import { parseWebhookUrl } from '../../settings/fields'
import { DINGTALK_STYLE, type ChannelFacts } from '../channel-facts'
import { weComFormat } from '../type-names'
import { say } from '../../text/core-text'

/** WeCom (WeChat Enterprise) group robots: the relay's first and reference type. */
export const wecomFacts: ChannelFacts = {
  id: 'wecom',
  name: say('phrase.typeWecom'),
  shortName: 'WeCom',
  formats: ['text', 'markdown', 'markdown_v2'],
  defaultFormat: 'markdown',
  capabilities: {
    body: 'composed',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: { mobiles: 'yes', userIds: true, all: 'among-mobiles' },
    mentionFollowUp: true,
    showsRequestBody: false,
    runsProgram: false,
    signing: DINGTALK_STYLE,
  },
  limits: {
    windows: [{ max: 20, ms: 60_000 }],
    // Markdown content; text content is 2048 (templates/formats.ts has the per-format numbers).
    maxBytes: 4096,
    bytesOf: 'content',
    overLimit: 'errcode 45009 until the minute is over',
    overMinute: say('channel.weComLimit'),
  },
  defaultVerify: { type: 'json', match: { errcode: 0 } },
  example: { webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=new' },
  parseRobotUrl: parseWebhookUrl,
  urlSecrets: (url) => [url.searchParams.get('key')],
  recognisesUrl: (url) => url.pathname.endsWith('/cgi-bin/webhook/send'),
  testFormat: (format) => weComFormat(format ?? 'markdown'),
}
