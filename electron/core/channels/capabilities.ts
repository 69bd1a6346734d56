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
  /** How a signature key is used and refused, as the connectivity test explains it. */
  signing: Signing
}

interface Signing {
  /** Added to the URL stage's detail when the channel has a key. */
  note: string
  /** The answer's code that means "the signature did not match". */
  rejectedCode: number
  /** What that code means, in one sentence. */
  rejected: string
}

/**
 * WeCom has no signature of its own: a key adds DingTalk's `timestamp` and `sign` (for gateways
 * that check them), so a refusal reads as DingTalk's.
 */
const DINGTALK_STYLE: Signing = {
  note: '; DingTalk-style timestamp and sign added to the query',
  rejectedCode: 310000,
  rejected:
    "Signature rejected: check the secret and the clock. (DingTalk's 310000 also means a missing keyword or an IP address not on the robot's list.)",
}

export const CHANNEL_CAPABILITIES: Record<ChannelType, ChannelCapabilities> = {
  wecom: {
    body: 'wecom',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: true,
    mentionFollowUp: true,
    signing: DINGTALK_STYLE,
  },
  dingtalk: {
    body: 'composed',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: true,
    mentionFollowUp: false,
    signing: { ...DINGTALK_STYLE, note: '; signed (timestamp in ms and sign in the query)' },
  },
  feishu: {
    body: 'composed',
    endpoint: 'robot-urls',
    alertsPerMessage: Infinity,
    mentions: true,
    mentionFollowUp: false,
    signing: {
      note: '; signed (timestamp in seconds and sign in the body)',
      rejectedCode: 19021,
      rejected: 'Signature rejected: check the secret and the clock.',
    },
  },
  http: {
    body: 'request',
    endpoint: 'url',
    alertsPerMessage: 1,
    mentions: false,
    mentionFollowUp: false,
    signing: DINGTALK_STYLE,
  },
  script: {
    body: 'request',
    endpoint: 'command',
    alertsPerMessage: 1,
    mentions: false,
    mentionFollowUp: false,
    signing: DINGTALK_STYLE,
  },
}
