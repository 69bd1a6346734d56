import type { ChannelTypeModule } from '../channel-type'
import { scriptFacts } from './facts'
import { ScriptSender } from './sender'

export const scriptType: ChannelTypeModule = {
  facts: scriptFacts,
  createSender: () => new ScriptSender(),
}
