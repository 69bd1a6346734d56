import type { ChannelTypeModule } from '../channel-type'
import { feishuBody } from './body'
import { feishuFacts } from './facts'
import { FeishuSender } from './sender'

export const feishuType: ChannelTypeModule = {
  facts: feishuFacts,
  writeBody: feishuBody,
  createSender: ({ pool }) => new FeishuSender(pool),
}
