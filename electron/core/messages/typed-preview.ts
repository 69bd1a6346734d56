import type { Alert } from '../alerts/model'
import { messageByteLimit } from '../channels/limits'
import { weComFormat, type ChannelFormat, type ChannelType } from '../channels/type-names'
import type { TemplateLanguage } from '../templates/defaults'
import { composeNext } from './compose'
import { isTypedRobot } from './typed-compose'

/** The request body a DingTalk or Feishu/Lark robot would get, for the template studio. */
export interface TypedBodyPreview {
  /** The body exactly as sent (a signed Feishu bot also gets `timestamp` and `sign`). */
  json: string
  bytes: number
  limit: number
  truncated: boolean
}

/**
 * The body of one alert's message, composed by the very call delivery makes (composeNext with
 * the channel's type and format), so the studio shows byte for byte what the robot receives.
 * Other types: undefined (WeCom is the bubble; HTTP and script render their own body or input).
 */
export function typedBodyPreview(input: {
  type: ChannelType
  format: ChannelFormat
  template: string
  language?: TemplateLanguage
  timeZone?: string
  now?: number
  /** `app.linkBaseUrl`: the action links the message would end with. */
  linkBase?: string
  alert: Alert
  mentionMobiles: readonly string[]
  mentionUserIds: readonly string[]
}): TypedBodyPreview | undefined {
  const { type } = input
  if (!isTypedRobot(type)) return undefined
  const composed = composeNext(
    [{ alert: input.alert, repeats: 0 }],
    {
      type,
      channelFormat: input.format,
      format: weComFormat(input.format),
      template: input.template,
      language: input.language,
      mentionMobiles: input.mentionMobiles,
      mentionUserIds: input.mentionUserIds,
    },
    { timeZone: input.timeZone, now: input.now, linkBase: input.linkBase },
  )
  const [message] = composed.messages
  return {
    json: JSON.stringify(message!.wire),
    bytes: message!.bytes,
    limit: messageByteLimit(type, input.format),
    truncated: composed.truncated,
  }
}
