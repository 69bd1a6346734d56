/**
 * The one shape every channel type's sender has, so the delivery engine can hold a robot pool of
 * any type: build the request bodies for one rendered message, send one of them, close.
 */
import type { Channel } from '../settings/schema'
import type { TemplateContext } from '../templates/render'
import type { ChannelFormat, ChannelType } from './type-names'
import type { SendResult } from './send-result'

export type { SendResult }

/** What the composer hands a sender: the rendered message and the facts around it. */
export interface MessageParts {
  /** The channel template rendered for this alert (robots and scripts). */
  content: string
  /** Short title: DingTalk's Markdown title, Feishu's post title and card header. */
  title: string
  /** `alarm_level` (down, critical, warning, caution, info); picks the Feishu card colour. */
  level?: string
  status?: 'firing' | 'resolved'
  /** Links shown as Feishu card buttons and post links. */
  links?: ReadonlyArray<{ text: string; url: string }>
  /** Text of the separate mention message, where a type needs one. */
  mentionText?: string
  /** Ends content a body writer had to cut, in the channel's language. */
  truncatedMarker?: string
  /** The alert's variables: the HTTP body template and the script's environment. */
  context?: TemplateContext
  /** The full alert, written to a script's stdin as JSON. */
  alert?: unknown
  /**
   * Stable per alert and channel, the same on a retry and after a restart; new for each resend by
   * hand (RELAY_DELIVERY_ID, X-Relay-Delivery-Id).
   */
  deliveryId?: string
}

/** One request body, ready to send. */
export interface PreparedMessage {
  body: unknown
  /** The bytes the platform limits (content or whole body, see CHANNEL_LIMITS). */
  bytes: number
  truncated: boolean
  role: 'alert' | 'mention'
  /** What the byte limit cut from the content (the editor's "what would be cut" view). */
  cut?: string
  /** The delivery's id, for an HTTP channel's X-Relay-Delivery-Id header (a script's is in its body). */
  deliveryId?: string
}

/** The channel fields a sender reads. */
export type SenderChannel = Pick<
  Channel,
  | 'type'
  | 'format'
  | 'signatureKey'
  | 'mentionMobiles'
  | 'mentionUserIds'
  | 'proxy'
  | 'url'
  | 'method'
  | 'headers'
  | 'body'
  | 'command'
  | 'timeoutSeconds'
  | 'verify'
>

export interface ChannelSender {
  readonly type: ChannelType
  build(channel: SenderChannel, parts: MessageParts): PreparedMessage[]
  /** Sends one prepared message to one endpoint of the channel (a robot URL; ignored by scripts). */
  send(channel: SenderChannel, endpoint: string, message: PreparedMessage): Promise<SendResult>
  close(): Promise<void>
}

/** The channel settings a robot's body writer reads beyond the message. */
export interface RobotBodySettings {
  /** The channel's own format (DingTalk text/markdown, Feishu text/post/interactive). */
  channelFormat: ChannelFormat
  mentionMobiles?: readonly string[]
  mentionUserIds?: readonly string[]
}

/**
 * Writes the request bodies of one message in the type's format, within `limit` bytes (the type's
 * own limit when absent): the alert's message first, then any follow-up that carries what the
 * first cannot (WeCom's mentions in a Markdown message). What the composer and the type's sender
 * both call.
 */
export type RobotBodyWriter = (
  channel: RobotBodySettings,
  parts: MessageParts,
  limit?: number,
) => PreparedMessage[]

export const EMPTY_PLACEHOLDER =
  '(The alert rendered an empty message: check the channel template.)'
