import { dingtalkBody } from './dingtalk/body'
import { feishuBody } from './feishu/body'
import type { RobotBodyWriter } from './sender'

/**
 * The types whose messages the composer writes in their own format (not WeCom's), each with its
 * body writer: the composer, the previews and the type's sender all write through it.
 */
export const ROBOT_BODIES = {
  dingtalk: dingtalkBody,
  feishu: feishuBody,
} as const satisfies Record<string, RobotBodyWriter>

export type TypedRobot = keyof typeof ROBOT_BODIES

export function isTypedRobot(type: string | undefined): type is TypedRobot {
  return type !== undefined && Object.hasOwn(ROBOT_BODIES, type)
}
