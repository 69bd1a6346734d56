import { DingTalkSender } from '../channels/dingtalk/sender'
import { FeishuSender } from '../channels/feishu/sender'
import { signFeishuBody } from '../channels/feishu/sign'
import { weComFormat, type ChannelFormat, type ChannelType } from '../channels/types'
import { buildMessages } from '../channels/wecom/sender'
import { signWebhookUrl } from '../channels/sign'
import { maskUrl, redact, secretsOfUrl } from '../secrets/mask'
import { DEFAULT_VERIFY, detectChannelType } from '../settings/channel-types'
import { parseMobiles } from '../settings/fields'
import { toCurl } from './curl'
import type { ConnectivityInput } from './types'

// What the connectivity test sends (the default message for the robot's type and format), the
// secrets it must never show, and the equivalent curl command.

const DEFAULT_MESSAGES: Record<'text' | 'markdown' | 'markdown_v2', string> = {
  text: 'WeCom Alert Relay test message: if you can read this, the channel works.',
  markdown:
    '### WeCom Alert Relay test\n<font color="info">**The channel works.**</font>\n> Sent by the connectivity test.',
  markdown_v2:
    '### WeCom Alert Relay test\n**The channel works.**\n\n| stage | result |\n| --- | --- |\n| all | ok |',
}

/** DingTalk and Feishu have no `<font>`: their test message is plain Markdown. */
const PLAIN_TEST = '**WeCom Alert Relay test**\nThe channel works. Sent by the connectivity test.'

/** The robot type of an input: as given, else from the URL, else WeCom. */
export function inputType(input: ConnectivityInput): ChannelType {
  return input.type ?? detectChannelType(input.url) ?? 'wecom'
}

const hookToken = (url: string) => /\/bot\/v2\/hook\/([^/?#]+)/.exec(url)?.[1]

/** A robot URL as people may see it: query keys masked, and a Feishu/Lark hook token too. */
export function maskRobotUrl(url: string): string {
  return redact(maskUrl(url), [hookToken(url)])
}

/** The secrets an input carries, including a Feishu hook token (in the path, not the query). */
export function inputSecrets(input: ConnectivityInput): Array<string | undefined> {
  return [
    ...secretsOfUrl(input.url),
    hookToken(input.url),
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
    verify: input.verify ?? DEFAULT_VERIFY[type],
  }
}

/** The robot messages the test sends for this input (the default message for its format). */
export function testMessages(input: ConnectivityInput) {
  const type = inputType(input)
  const mentions = parseMobiles(input.mentionMobiles ?? [])
  const mobiles = mentions.ok ? mentions.value : []
  if (type === 'dingtalk' || type === 'feishu') {
    const format: ChannelFormat =
      type === 'dingtalk'
        ? input.format === 'text'
          ? 'text'
          : 'markdown'
        : input.format === 'text' || input.format === 'post'
          ? input.format
          : 'interactive'
    const channel = testChannel(input, type, format, mobiles)
    const sender = type === 'dingtalk' ? new DingTalkSender() : new FeishuSender()
    const messages = sender.build(channel, {
      content: input.message?.trim() || PLAIN_TEST,
      title: 'WeCom Alert Relay test',
      level: 'info',
      links: [],
    })
    return { type, mentions, channel, messages, bodies: messages.map((m) => m.body) }
  }
  const format = weComFormat(input.format ?? 'markdown')
  const messages = buildMessages({
    format,
    content: input.message?.trim() || DEFAULT_MESSAGES[format],
    mentionMobiles: mobiles,
    mentionUserIds: input.mentionUserIds ?? [],
    mentionText: 'Connectivity test: this mention checks the @Specified User numbers.',
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
  if (type === 'feishu') body = signFeishuBody(body as object, input.signatureKey ?? '')
  else {
    try {
      url = signWebhookUrl(url, input.signatureKey ?? '')
    } catch {
      // not a URL: the URL stage says so
    }
  }
  const curl = toCurl({ url, body, proxy: input.proxy, reveal })
  return reveal ? curl : redact(curl, [hookToken(input.url)])
}
