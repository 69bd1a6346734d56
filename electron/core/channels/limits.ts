import { FORMAT_BYTE_LIMITS } from '../templates/formats'
import { weComFormat, type ChannelFormat, type ChannelType } from './types'

/** One rolling window: at most `max` messages per `ms`. */
export interface RateWindow {
  max: number
  ms: number
}

export interface ChannelLimits {
  /**
   * Every window applies at once (Feishu: 100 a minute and 5 a second). Empty means the type has
   * no limit of its own; an HTTP channel may set `throttle.perMinute`.
   */
  windows: readonly RateWindow[]
  /** The largest message the type accepts, in UTF-8 bytes, and what the number counts. */
  maxBytes?: number
  bytesOf?: 'content' | 'body'
  /** What the platform does when a window is exceeded, for the explanation. */
  overLimit?: string
}

/**
 * The platforms' published limits, per robot (per webhook URL). The delivery engine's pools read
 * this table; nothing else should hard-code these numbers.
 */
export const CHANNEL_LIMITS: Record<ChannelType, ChannelLimits> = {
  wecom: {
    windows: [{ max: 20, ms: 60_000 }],
    // Markdown content; text content is 2048 (templates/formats.ts has the per-format numbers).
    maxBytes: 4096,
    bytesOf: 'content',
    overLimit: 'errcode 45009 until the minute is over',
  },
  dingtalk: {
    windows: [{ max: 20, ms: 60_000 }],
    maxBytes: 20_000,
    bytesOf: 'body',
    overLimit: 'errcode 130101 and the robot is blocked for 10 minutes',
  },
  feishu: {
    windows: [
      { max: 100, ms: 60_000 },
      { max: 5, ms: 1_000 },
    ],
    // "20 KB": kept at 20,000 so that neither reading of KB is exceeded.
    maxBytes: 20_000,
    bytesOf: 'body',
    overLimit: 'code 9499 or 11232 (too many requests)',
  },
  http: { windows: [] },
  script: { windows: [] },
}

/** The windows for one channel: the type's own, or the HTTP channel's optional per-minute cap. */
export function channelWindows(type: ChannelType, perMinute?: number): RateWindow[] {
  const own = CHANNEL_LIMITS[type].windows
  if (own.length) {
    // A lower per-minute throttle than the platform's tightens the minute window.
    return own.map((w) =>
      w.ms === 60_000 && perMinute && perMinute < w.max ? { ...w, max: perMinute } : { ...w },
    )
  }
  return perMinute ? [{ max: perMinute, ms: 60_000 }] : []
}

/**
 * The byte budget of one message of a channel, the number digests pack to and caps cut at:
 * DingTalk's and Feishu's body limit, WeCom's per-format content limit, and for HTTP and script
 * channels the WeCom format's (their rendered message is one alert's text).
 */
export function messageByteLimit(type: ChannelType, format: ChannelFormat): number {
  const own = CHANNEL_LIMITS[type]
  return own.bytesOf === 'body' && own.maxBytes
    ? own.maxBytes
    : FORMAT_BYTE_LIMITS[weComFormat(format)]
}
