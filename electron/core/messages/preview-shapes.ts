/** The shapes of a preview, declared once for the core and the API contract (types only, no I/O). */

/** A message as the preview shows it: what is sent, and how WeCom renders it. */
export interface PreviewedMessage {
  msgtype: string
  content: string
  html: string
  bytes: number
  /** The size the message would have uncut (`bytes` when nothing was cut). */
  fullBytes: number
  limit: number
  truncated: boolean
  cut: string
  mentions: string[]
}

/** The digest preview: one packed message and how many of the backlog it carries. */
export interface DigestPreview {
  content: string
  html: string
  bytes: number
  limit: number
  carried: number
  of: number
}
