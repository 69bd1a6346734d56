/**
 * What the engine does differently per channel type (#12): the robot budget's windows, how a
 * composed message becomes the type's request body, and which sender carries it: all read from
 * the type (`channels/<type>/`). Every type's messages go out through its sender from the registry.
 */
import { channelFacts } from '../channels/catalog'
import { channelWindows, type RateWindow } from '../channels/limits'
import type { ChannelSenders } from '../channels/registry'
import type { MessageParts } from '../channels/channel-sender'
import { alertParts } from '../messages/typed-parts'
import { isTypedRobot } from '../channels/robot-bodies'
import type { RobotTarget, SendResult, WeComSender } from '../channels/wecom/sender'
import type { Channel } from '../settings/schema'
import type { WorkItem } from './queue'

/** No limit of its own (HTTP and script without `throttle.perMinute`). */
const UNLIMITED = Number.MAX_SAFE_INTEGER

/**
 * The pool's budget for a channel: the minute window (scaled to the engine's window, which
 * tests shorten) and any shorter windows scaled alike.
 */
export function poolWindows(
  cfg: Channel,
  windowMs: number,
): { perMinute: number; shorter: RateWindow[] } {
  const windows = channelWindows(cfg.type, cfg.throttle.perMinute)
  const minute = windows.find((w) => w.ms === 60_000)
  const scale = windowMs / 60_000
  return {
    perMinute: minute?.max ?? UNLIMITED,
    shorter: windows
      .filter((w) => w.ms < 60_000)
      .map((w) => ({ max: w.max, ms: Math.max(1, Math.round(w.ms * scale)) })),
  }
}

/** The robot endpoints of a channel: its URLs, the HTTP URL, or the script as one "robot". */
export function poolEndpoints(cfg: Channel): string[] {
  const endpoint = channelFacts(cfg.type).capabilities.endpoint
  if (endpoint === 'url') return [cfg.url]
  if (endpoint === 'command') return [`script:${cfg.command.join(' ')}`]
  return [cfg.webhookUrl, ...cfg.extraWebhookUrls]
}

/**
 * Whether channels posting to one URL share its robot (one budget, one send at a time): a
 * platform's group robot does; an HTTP endpoint or a script is each channel's own.
 */
export function sharesRobotByUrl(cfg: Channel): boolean {
  return channelFacts(cfg.type).capabilities.endpoint === 'robot-urls'
}

/** HTTP and script channels get one alert per request: their body and environment describe one. */
export function maxPerMessage(cfg: Channel): number {
  return channelFacts(cfg.type).capabilities.alertsPerMessage
}

/**
 * The facts a type's body builder needs, from the alerts of one message; `channel` and a resend's
 * time name the delivery (its id is the same on every retry of this alert to it, and new for each
 * resend by hand).
 */
export function messageParts(
  items: readonly WorkItem[],
  content: string,
  channel: string,
): MessageParts {
  return alertParts(
    items.map((i) => i.entry.alert),
    content,
    channel,
    items[0]?.resentAt,
  )
}

/**
 * Whether the type writes a message's request body itself from its parts: a request type (HTTP
 * template, script input), or a robot whose body is in a format of its own (DingTalk, Feishu).
 * WeCom's body is the composer's robot message, sent as it is.
 */
export function writesOwnBody(cfg: Channel): boolean {
  return channelFacts(cfg.type).capabilities.body === 'request' || isTypedRobot(cfg.type)
}

/** Builds a message's request body through the type's sender (its writer or request builder). */
export function bodyOfType(senders: ChannelSenders, cfg: Channel, parts: MessageParts): unknown {
  return senders.of(cfg.type).build(cfg, parts)[0]!.body
}

/**
 * The sender `transmit` calls: the type's sender from the registry, behind the robot sender's
 * signature, with the delivery's id (an HTTP channel's header).
 */
export function senderOfType(
  senders: ChannelSenders,
  cfg: Channel,
  deliveryId?: string,
): Pick<WeComSender, 'send'> {
  return {
    send: (target: RobotTarget, body: unknown): Promise<SendResult> =>
      senders.of(cfg.type).send(cfg, target.url, {
        body,
        bytes: 0,
        truncated: false,
        role: 'alert',
        deliveryId,
      }),
  }
}
