import { isChannelType } from './catalog'
import { channelTypeModule } from './registry'
import type { RobotBodyWriter } from './channel-sender'
import type { ChannelType } from './type-names'

/**
 * The body writer of a type whose messages the composer writes in the type's own format (not
 * WeCom's): its module's `writeBody` (`channels/<type>/body.ts`).
 */
export function robotBody(type: string): RobotBodyWriter | undefined {
  return isChannelType(type) ? channelTypeModule(type).writeBody : undefined
}

/** Whether the composer writes this type's body in its own format (DingTalk, Feishu/Lark). */
export function isTypedRobot(type: string | undefined): type is ChannelType {
  return type !== undefined && robotBody(type) !== undefined
}
