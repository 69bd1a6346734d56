/** WeCom robot message formats the relay renders to, and their byte limits (UTF-8). */
export const MESSAGE_FORMATS = ['text', 'markdown', 'markdown_v2'] as const
export type MessageFormat = (typeof MESSAGE_FORMATS)[number]

export const FORMAT_BYTE_LIMITS: Record<MessageFormat, number> = {
  text: 2048,
  markdown: 4096,
  markdown_v2: 4096,
}
