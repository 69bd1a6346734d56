import type { ChannelTypeModule } from '../channel-type'
import { dingtalkBody } from './body'
import { dingtalkFacts } from './facts'
import { DingTalkSender } from './sender'

export const dingtalkType: ChannelTypeModule = {
  facts: dingtalkFacts,
  writeBody: dingtalkBody,
  createSender: ({ pool }) => new DingTalkSender(pool),
}
