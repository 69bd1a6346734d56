import type { ChannelTypeModule } from '../channel-type'
import { httpFacts } from './facts'
import { HttpSender } from './sender'

/** Each HTTP channel keeps its own connection pools (http/sender.ts), not the shared ones. */
export const httpType: ChannelTypeModule = {
  facts: httpFacts,
  createSender: () => new HttpSender(),
}
