import type { ChannelType } from './types'

/**
 * What each channel type can do, as plain data: what delivery, the previews and the settings ask
 * instead of branching on a type's name. A new type adds its row here (the compiler asks for it).
 */
export interface ChannelCapabilities {
  /**
   * How a message's body is made: WeCom's bodies (the composer's own format), the composer
   * writing the type's format (`channels/robot-bodies.ts`), or the sender building a request from
   * one alert's parts (HTTP body template, script input).
   */
  body: 'wecom' | 'composed' | 'request'
  /** Where it sends: the robot URLs (main and extra), the one HTTP URL, or a local command. */
  endpoint: 'robot-urls' | 'url' | 'command'
  /** Alerts one message carries at most: one for a request body, which describes one alert. */
  alertsPerMessage: number
  /** Whether its messages can mention people at all (by mobile or user id). */
  mentions: boolean
  /** Mentions that the message itself cannot carry go in a follow-up text (WeCom Markdown). */
  mentionFollowUp: boolean
}

export const CHANNEL_CAPABILITIES: Record<ChannelType, ChannelCapabilities> = {
  wecom: {
    body: 'wecom',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: true,
    mentionFollowUp: true,
  },
  dingtalk: {
    body: 'composed',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: true,
    mentionFollowUp: false,
  },
  feishu: {
    body: 'composed',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: true,
    mentionFollowUp: false,
  },
  http: {
    body: 'request',
    endpoint: 'url',
    alertsPerMessage: 1,
    mentions: false,
    mentionFollowUp: false,
  },
  script: {
    body: 'request',
    endpoint: 'command',
    alertsPerMessage: 1,
    mentions: false,
    mentionFollowUp: false,
  },
}
