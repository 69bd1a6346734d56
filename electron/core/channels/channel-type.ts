import type { ChannelFacts } from './channel-facts'
import type { DispatcherPool } from './proxy'
import type { ChannelSender, RobotBodySettings, RobotBodyWriter } from './channel-sender'
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
   * Writes a message's request bodies in the type's format, with its mentions (WeCom, DingTalk,
   * Feishu): the composer, the previews and the sender all write through it. A request type
   * (HTTP, script) has none: its body is built from the composed content by its sender.
   */
  writeBody?: RobotBodyWriter
  /**
   * Bytes the written body adds after the content within the limit (WeCom's inline `<@id>` line
   * in Markdown): the composer packs the digest leaving them free. None when absent.
   */
  bodyReserve?: (channel: RobotBodySettings) => number
  /**
   * The written body is itself the robot message History and the previews show (its msgtype and
   * content: WeCom's). Otherwise they show the composed content, and the written body is sent
   * beside it.
   */
  bodyIsView?: boolean
}
