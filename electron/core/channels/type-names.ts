/**
 * The channel types built in, and every message format name. What each type is and accepts
 * lives in its folder (`channels/<type>/facts.ts`, looked up through `catalog.ts`).
 */
export const CHANNEL_TYPES = ['wecom', 'dingtalk', 'feishu', 'http', 'script'] as const
export type ChannelType = (typeof CHANNEL_TYPES)[number]

/** The type a channel gets when its settings name none. */
export const DEFAULT_CHANNEL_TYPE: ChannelType = 'wecom'

/** Every format name a channel can use; which ones are valid depends on the type. */
export const CHANNEL_FORMATS = ['text', 'markdown', 'markdown_v2', 'post', 'interactive'] as const
export type ChannelFormat = (typeof CHANNEL_FORMATS)[number]

/**
 * The WeCom format a channel's messages are composed in: the engine's WeCom composer and byte
 * limits speak only WeCom formats, and Feishu's post and card are composed from Markdown.
 */
export function weComFormat(format: ChannelFormat): 'text' | 'markdown' | 'markdown_v2' {
  return format === 'text' || format === 'markdown_v2' ? format : 'markdown'
}
