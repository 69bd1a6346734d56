import type { RobotBodyWriter } from '../channel-sender'
import { composeFeishuCard } from './card'
import { composeFeishuPost, composeFeishuText } from './post'

/**
 * A Feishu/Lark message in the channel's format (text, post, or an interactive card), mentioning
 * its user ids; `@all` in either list mentions everyone (`all`).
 */
export const feishuBody: RobotBodyWriter = (channel, parts, limit) => {
  const ids = (channel.mentionUserIds ?? []).map((id) => (id === '@all' ? 'all' : id))
  if ((channel.mentionMobiles ?? []).includes('@all') && !ids.includes('all')) ids.push('all')
  const input = { ...parts, mentionUserIds: ids, limit }
  if (channel.channelFormat === 'text') return composeFeishuText(input)
  if (channel.channelFormat === 'post') return composeFeishuPost(input)
  return composeFeishuCard(input)
}
