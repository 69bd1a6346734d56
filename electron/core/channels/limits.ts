import { FORMAT_BYTE_LIMITS } from '../templates/formats'
import { channelFacts } from './catalog'
import type { RateWindow } from './channel-facts'
import { weComFormat, type ChannelFormat } from './type-names'

export type { RateWindow } from './channel-facts'

/** The minute window of a type's published limits, if it has one (WeCom 20, Feishu 100). */
export function perMinuteLimit(type: string): number | undefined {
  return channelFacts(type).limits.windows.find((w) => w.ms === 60_000)?.max
}

/** The windows for one channel: the type's own, or the HTTP channel's optional per-minute cap. */
export function channelWindows(type: string, perMinute?: number): RateWindow[] {
  const own = channelFacts(type).limits.windows
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
export function messageByteLimit(type: string, format: ChannelFormat): number {
  const own = channelFacts(type).limits
  return own.bytesOf === 'body' && own.maxBytes
    ? own.maxBytes
    : FORMAT_BYTE_LIMITS[weComFormat(format)]
}

/** Room a body-counted type's JSON envelope (title, mentions, links, keys) takes beside the content. */
const ENVELOPE_BYTES = 1024

/**
 * The content a message of a type may carry within `limit` (the message's limit, less after a
 * too-long answer): for a type that counts content (WeCom), that limit (the format's when
 * absent); for one whose limit counts the whole body, that limit less the envelope's room (at
 * least 256 bytes). The composer packs digests to it and the storm summary is cut to it.
 */
export function contentByteLimit(type: string, format: ChannelFormat, limit?: number): number {
  const own = channelFacts(type).limits
  if (own.bytesOf !== 'body' || !own.maxBytes)
    return limit ?? FORMAT_BYTE_LIMITS[weComFormat(format)]
  return Math.max(256, (limit ?? own.maxBytes) - ENVELOPE_BYTES)
}

/**
 * The content of a storm summary: as `contentByteLimit`, except that a body-counted summary keeps
 * a fifth of the body for the envelope and JSON escaping (its many short lines escape to more
 * than the digest's room), since a summary is cut, not packed again smaller.
 */
export function summaryByteLimit(type: string, format: ChannelFormat): number {
  const own = channelFacts(type).limits
  if (own.bytesOf !== 'body' || !own.maxBytes) return FORMAT_BYTE_LIMITS[weComFormat(format)]
  return Math.floor(own.maxBytes * 0.8)
}
