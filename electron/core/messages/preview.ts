import type { Alert } from '../alerts/model'
import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import { FORMAT_BYTE_LIMITS, type MessageFormat } from '../templates/formats'
import { renderWeComHtml } from '../templates/wecom-markdown'
import { messageByteLimit } from '../channels/limits'
import { weComFormat, type ChannelFormat, type ChannelType } from '../channels/type-names'
import { composeNext, previewMessages } from './compose'
import { isTypedRobot } from './typed-compose'
import type { DigestPreview, PreviewedMessage } from './preview-shapes'
import { buildNext } from './digest'

export interface PreviewInput {
  alert: Alert
  template: string
  format: MessageFormat
  language?: TemplateLanguage
  mentionMobiles?: readonly string[]
  mentionUserIds?: readonly string[]
  timeZone?: string
  /** `app.linkBaseUrl`: the preview shows the links a message would end with. */
  linkBase?: string
}

/** The template studio's preview: the messages delivery would send for this alert, rendered. */
export function previewTemplateMessages(input: PreviewInput): PreviewedMessage[] {
  return previewMessages([{ alert: input.alert, repeats: 0 }], input, {
    timeZone: input.timeZone,
    linkBase: input.linkBase,
  }).messages
}

const LEVELS = ['critical', 'warning', 'info', 'down', 'caution']

/**
 * The digest preview: `count` copies of the sample at varied levels, some repeated, packed as the
 * engine packs a backlog.
 */
export function previewDigestMessage(
  input: PreviewInput & { count: number; type?: ChannelType; channelFormat?: ChannelFormat },
): DigestPreview {
  const { alert, count, format, type } = input
  const items = Array.from({ length: count }, (_, i) => ({
    alert: {
      ...alert,
      vars: {
        ...alert.vars,
        alarm_name: `${alert.vars.alarm_name ?? 'Alert'} #${i + 1}`,
        alarm_level: i === 0 ? (alert.vars.alarm_level ?? 'critical') : LEVELS[i % LEVELS.length]!,
        alarm_level_raw: i === 0 ? (alert.vars.alarm_level_raw ?? '') : '',
      },
    },
    repeats: i % 4 === 3 ? 2 : 0,
  }))
  if (isTypedRobot(type)) {
    // DingTalk and Feishu: packed to their body limit and written in their format, as delivery does.
    const channelFormat = input.channelFormat ?? format
    const composed = composeNext(
      items,
      { ...input, type, channelFormat, format: weComFormat(channelFormat) },
      { timeZone: input.timeZone },
    )
    return {
      content: composed.content,
      html: renderWeComHtml(composed.content, weComFormat(channelFormat)),
      bytes: composed.messages[0]!.bytes,
      limit: messageByteLimit(type, channelFormat),
      carried: composed.count,
      of: count,
    }
  }
  const limit = FORMAT_BYTE_LIMITS[format]
  const built = buildNext(items, input.template, format, limit, {
    language: input.language,
    timeZone: input.timeZone,
  })
  return {
    content: built.content,
    html: renderWeComHtml(built.content, format),
    bytes: utf8Length(built.content),
    limit,
    carried: built.count,
    of: count,
  }
}
