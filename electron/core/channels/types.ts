/**
 * The channel types the relay delivers to, and the message formats each one accepts. Plain
 * constants: the settings schema, the senders and the window all read them.
 */
export const CHANNEL_TYPES = ['wecom', 'dingtalk', 'feishu', 'http', 'script'] as const
export type ChannelType = (typeof CHANNEL_TYPES)[number]

/** Every format name a channel can use; which ones are valid depends on the type. */
export const CHANNEL_FORMATS = ['text', 'markdown', 'markdown_v2', 'post', 'interactive'] as const
export type ChannelFormat = (typeof CHANNEL_FORMATS)[number]

export const FORMATS_BY_TYPE: Record<ChannelType, readonly ChannelFormat[]> = {
  wecom: ['text', 'markdown', 'markdown_v2'],
  dingtalk: ['text', 'markdown'],
  feishu: ['text', 'post', 'interactive'],
  // HTTP and script channels render their own body/input; `format` only picks the template escaping.
  http: ['text', 'markdown'],
  script: ['text', 'markdown'],
}

export const DEFAULT_FORMAT: Record<ChannelType, ChannelFormat> = {
  wecom: 'markdown',
  dingtalk: 'markdown',
  feishu: 'interactive',
  http: 'text',
  script: 'text',
}

export const CHANNEL_TYPE_NAMES: Record<ChannelType, string> = {
  wecom: 'WeCom (WeChat Enterprise) group robot',
  dingtalk: 'DingTalk custom robot',
  feishu: 'Feishu/Lark custom bot',
  http: 'HTTP webhook',
  script: 'local script',
}

/** Types that post to a robot URL (`webhookUrl` plus optional `extraWebhookUrls`). */
export function isRobotType(type: ChannelType): type is 'wecom' | 'dingtalk' | 'feishu' {
  return type === 'wecom' || type === 'dingtalk' || type === 'feishu'
}

/**
 * The WeCom format a channel's messages are composed in: the engine's WeCom composer and byte
 * limits speak only WeCom formats, and Feishu's post and card are composed from Markdown.
 */
export function weComFormat(format: ChannelFormat): 'text' | 'markdown' | 'markdown_v2' {
  return format === 'text' || format === 'markdown_v2' ? format : 'markdown'
}
