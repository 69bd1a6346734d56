import { isChannelType } from './catalog'
import { channelTypeModule } from './registry'
import type { RobotBodySettings, RobotBodyWriter } from './channel-sender'
import type { ChannelType } from './type-names'
import { wecomBody } from './wecom/body'

/**
 * The body writer of a composed robot type (WeCom, DingTalk, Feishu/Lark): its module's
 * `writeBody` (`channels/<type>/body.ts`).
 */
export function robotBody(type: string): RobotBodyWriter | undefined {
  return isChannelType(type) ? channelTypeModule(type).writeBody : undefined
}

/**
 * Whether the composer writes this type's body in a format of its own (DingTalk, Feishu/Lark),
 * rather than as the robot message History shows.
 */
export function isTypedRobot(type: string | undefined): type is ChannelType {
  return type !== undefined && robotBody(type) !== undefined && !channelTypeModule(type).bodyIsView
}

/** How the composer writes a type's messages once it has packed their content. */
export interface ComposerWriter {
  write: RobotBodyWriter
  /** Bytes to keep free after the content (the type's `bodyReserve`). */
  reserve(channel: RobotBodySettings): number
  /** The written body is the robot message itself (`bodyIsView`). */
  bodyIsView: boolean
}

/**
 * A request type's (HTTP, script) content as the composer keeps it: the content alone, cut to the
 * limit, as a robot message without mentions. Its sender builds the request from that content.
 */
const CONTENT_ALONE: ComposerWriter = {
  write: (channel, parts, limit) =>
    wecomBody({ channelFormat: channel.channelFormat }, parts, limit),
  reserve: () => 0,
  bodyIsView: true,
}

/** The composer's writer for a type: its own body writer, or the content alone. */
export function composerWriter(type: string): ComposerWriter {
  const module = isChannelType(type) ? channelTypeModule(type) : undefined
  if (!module?.writeBody) return CONTENT_ALONE
  return {
    write: module.writeBody,
    reserve: module.bodyReserve ?? (() => 0),
    bodyIsView: !!module.bodyIsView,
  }
}
