import { buildDingTalk } from '../channels/dingtalk/body'
import { buildFeishu } from '../channels/feishu/body'
import { CHANNEL_LIMITS } from '../channels/limits'
import { stripWeComFont, weComFontToLark } from '../channels/markup'
import type { ChannelFormat, ChannelType } from '../channels/types'
import type { Alert } from '../alerts/model'

/** The request body a DingTalk or Feishu/Lark robot would get, for the template studio. */
export interface TypedBodyPreview {
  json: string
  bytes: number
  limit: number
  truncated: boolean
}

/**
 * Builds the body of one alert's message the way the DingTalk and Feishu senders do (same body
 * builders, same markup conversion), from the content the WeCom composer rendered. Other types:
 * undefined (WeCom is the bubble; HTTP and script render their own body or input).
 */
export function typedBodyPreview(input: {
  type: ChannelType
  format: ChannelFormat
  content: string
  alert: Pick<Alert, 'vars' | 'status'>
  mentionMobiles: readonly string[]
  mentionUserIds: readonly string[]
}): TypedBodyPreview | undefined {
  const { type, alert } = input
  if (type !== 'dingtalk' && type !== 'feishu') return undefined
  const url = alert.vars.alarm_url
  const parts = {
    content: input.content,
    title: `${alert.vars.alarm_name ?? 'Alert'}${alert.status === 'resolved' ? ' (resolved)' : ''}`,
    level: alert.vars.alarm_level,
    status: alert.status,
    links: url ? [{ text: 'Open', url }] : [],
  }
  let built
  if (type === 'dingtalk') {
    built = buildDingTalk({
      ...parts,
      content: stripWeComFont(parts.content),
      format: input.format === 'text' ? 'text' : 'markdown',
      mentionMobiles: input.mentionMobiles,
    })[0]!
  } else {
    const format = input.format === 'text' || input.format === 'post' ? input.format : 'interactive'
    const ids = input.mentionUserIds.map((id) => (id === '@all' ? 'all' : id))
    if (input.mentionMobiles.includes('@all') && !ids.includes('all')) ids.push('all')
    built = buildFeishu({
      ...parts,
      content:
        format === 'interactive' ? weComFontToLark(parts.content) : stripWeComFont(parts.content),
      format,
      mentionUserIds: ids,
    })[0]!
  }
  return {
    json: JSON.stringify(built.body, null, 2),
    bytes: built.bytes,
    limit: CHANNEL_LIMITS[type].maxBytes!,
    truncated: built.truncated,
  }
}
