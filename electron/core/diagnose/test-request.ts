import {
  channelFacts,
  channelUrlSecrets,
  detectChannelType,
  maskChannelUrl,
} from '../channels/catalog'
import { isTypedRobot } from '../channels/robot-bodies'
import { signFeishuBody } from '../channels/feishu/sign'
import { oneOffSender } from '../channels/registry'
import { weComFormat, type ChannelFormat, type ChannelType } from '../channels/type-names'
import { buildMessages } from '../channels/wecom/sender'
import { signWebhookUrl } from '../channels/dingtalk-signing'
import { redact, secretsOfUrl } from '../secrets/mask'
import { parseMobiles } from '../settings/fields'
import { toCurl } from './curl'
import type { ConnectivityInput } from './diagnose-types'

// What the connectivity test sends (the default message for the robot's type and format), the
// secrets it must never show, and the equivalent curl command.

/** The words of the default test message, in the language the test was started in. */
const WORDS = {
  en: {
    title: 'WeCom Alert Relay test',
    works: 'The channel works.',
    by: 'Sent by the connectivity test.',
    text: 'WeCom Alert Relay test message: if you can read this, the channel works.',
    table: '| stage | result |\n| --- | --- |\n| all | ok |',
    mention: 'Connectivity test: this mention checks the @Specified User numbers.',
  },
  zh: {
    title: 'WeCom Alert Relay 测试',
    works: '通道可用。',
    by: '由连通性测试发送。',
    text: 'WeCom Alert Relay 测试消息：能看到这条消息，说明通道可用。',
    table: '| 阶段 | 结果 |\n| --- | --- |\n| 全部 | 正常 |',
    mention: '连通性测试：这条提醒用于检查 @ 的手机号。',
  },
} as const

/** The default message per WeCom format; `<font>` holds plain words (WeCom shows `**` in it as is). */
function defaultMessage(format: 'text' | 'markdown' | 'markdown_v2', language: 'en' | 'zh') {
  const w = WORDS[language]
  if (format === 'text') return w.text
  if (format === 'markdown')
    return `### ${w.title}\n<font color="info">${w.works}</font>\n> ${w.by}`
  return `### ${w.title}\n**${w.works}**\n\n${w.table}`
}

/** DingTalk and Feishu have no `<font>`: their test message is plain Markdown. */
const plainTest = (language: 'en' | 'zh') =>
  `**${WORDS[language].title}**\n${WORDS[language].works}${language === 'zh' ? '' : ' '}${WORDS[language].by}`

/** The robot type of an input: as given, else from the URL, else WeCom. */
export function inputType(input: ConnectivityInput): ChannelType {
  return input.type ?? detectChannelType(input.url) ?? 'wecom'
}

/** A robot URL as people may see it: masked through its type (detected from the URL if unsaid). */
export function maskRobotUrl(url: string, type?: ChannelType): string {
  return maskChannelUrl(type ?? detectChannelType(url), url)
}

/** The secrets an input carries, its type's own among them (a Feishu hook token, in the path). */
export function inputSecrets(input: ConnectivityInput): Array<string | undefined> {
  return [
    ...channelUrlSecrets(inputType(input), input.url),
    input.signatureKey,
    ...(input.proxy ? secretsOfUrl(input.proxy) : []),
  ]
}

/** A test channel for the DingTalk and Feishu senders. */
function testChannel(
  input: ConnectivityInput,
  type: ChannelType,
  format: ChannelFormat,
  mobiles: string[],
) {
  return {
    type,
    format,
    signatureKey: input.signatureKey ?? '',
    mentionMobiles: mobiles,
    mentionUserIds: [...(input.mentionUserIds ?? [])],
    proxy: input.proxy ?? '',
    url: '',
    method: 'POST' as const,
    headers: {},
    body: '',
    command: [],
    timeoutSeconds: Math.ceil((input.timeoutMs ?? 10_000) / 1000),
    verify: input.verify ?? channelFacts(type).defaultVerify,
  }
}

/** The robot messages the test sends for this input (the default message for its format). */
export function testMessages(input: ConnectivityInput) {
  const type = inputType(input)
  const language = input.language ?? 'en'
  const mentions = parseMobiles(input.mentionMobiles ?? [])
  const mobiles = mentions.ok ? mentions.value : []
  const facts = channelFacts(type)
  if (isTypedRobot(type)) {
    const channel = testChannel(input, type, facts.testFormat(input.format), mobiles)
    // Building a body opens no connection; the sender is closed at once all the same.
    const built = oneOffSender(type)
    const messages = built.sender.build(channel, {
      content: input.message?.trim() || plainTest(language),
      title: WORDS[language].title,
      level: 'info',
      links: [],
    })
    void built.close()
    return { type, mentions, channel, messages, bodies: messages.map((m) => m.body) }
  }
  const format = weComFormat(input.format ?? 'markdown')
  const messages = buildMessages({
    format,
    content: input.message?.trim() || defaultMessage(format, language),
    mentionMobiles: mobiles,
    mentionUserIds: input.mentionUserIds ?? [],
    mentionText: WORDS[language].mention,
  })
  return { type, mentions, channel: undefined, messages, bodies: messages.map((m) => m.body) }
}

/**
 * The curl command that sends exactly what the test sends, signed like it; `reveal` shows the key
 * and secrets (only when the person asks). An invalid URL is shown as it was typed.
 */
export function testCurl(input: ConnectivityInput, reveal = false): string {
  const { type, bodies } = testMessages(input)
  let url = input.url.trim()
  let body = bodies[0]
  if (channelFacts(type).capabilities.signing.where === 'body')
    body = signFeishuBody(body as object, input.signatureKey ?? '')
  else {
    try {
      url = signWebhookUrl(url, input.signatureKey ?? '')
    } catch {
      // not a URL: the URL stage says so
    }
  }
  const curl = toCurl({ url, body, proxy: input.proxy, reveal })
  return reveal ? curl : redact(curl, channelUrlSecrets(type, input.url))
}
