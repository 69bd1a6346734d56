import type { ChannelFacts } from './channel-facts'
import type { DispatcherPool } from './proxy'
import type { ChannelSender, RobotBodyWriter } from './channel-sender'
import type { WeComSender } from './wecom/sender'

/** What a type's sender may share with the others: the connection pools, and WeCom's sender. */
export interface SenderKit {
  /** One set of connection pools (one per proxy), closed by the registry's owner. */
  pool: DispatcherPool
  /** A WeCom sender passed in by the engine's owner (tests, the app), stays theirs to close. */
  wecom?: WeComSender
}

/**
 * One channel type, whole: its facts (settings fields and URL checks, capabilities, limits,
 * formats, success rule: `facts.ts`, browser-safe) and its sender (building the body, signing,
 * sending, classifying the answer and masking its URL). One per folder `channels/<type>/type.ts`,
 * listed by `channels/registry.ts`.
 */
export interface ChannelTypeModule {
  facts: ChannelFacts
  createSender(kit: SenderKit): ChannelSender
  /**
   * Writes a message's request body in the type's own format (DingTalk, Feishu): the composer,
   * the previews and the sender all write through it. A composed type without one (WeCom) sends
   * the composer's robot Markdown as it is.
   */
  writeBody?: RobotBodyWriter
}
