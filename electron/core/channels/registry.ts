/**
 * The channel types the relay delivers to, each one module (`channels/<type>/type.ts`): delivery,
 * the connectivity test and the previews ask the type, never its name. A new type is a folder and
 * one line here (docs/ARCHITECTURE.md, "Adding a channel type").
 */
import { registerChannelFacts } from './catalog'
import type { ChannelTypeModule, SenderKit } from './channel-type'
import { dingtalkType } from './dingtalk/type'
import { feishuType } from './feishu/type'
import { httpType } from './http/type'
import { DispatcherPool } from './proxy'
import { scriptType } from './script/type'
import type { ChannelSender } from './channel-sender'
import { wecomType } from './wecom/type'
import type { WeComSender } from './wecom/sender'

export type { ChannelTypeModule } from './channel-type'

const TYPES = new Map<string, ChannelTypeModule>(
  [wecomType, dingtalkType, feishuType, httpType, scriptType].map((t) => [t.facts.id, t]),
)

export function channelTypeModule(type: string): ChannelTypeModule {
  const module = TYPES.get(type)
  if (!module) throw new Error(`Unknown channel type "${type}".`)
  return module
}

/**
 * Adds a type from outside the built-in list (a plug-in, a test's fake platform): its facts go
 * to the catalog, so the settings accept it. The returned function removes it again.
 */
export function registerChannelType(module: ChannelTypeModule): () => void {
  const id = module.facts.id
  if (TYPES.has(id)) throw new Error(`Channel type "${id}" is already registered.`)
  const forget = registerChannelFacts(module.facts)
  TYPES.set(id, module)
  return () => {
    forget()
    TYPES.delete(id)
  }
}

/** A type's sender for one use (the connectivity test); `close` closes it and its pools. */
export function oneOffSender(type: string): { sender: ChannelSender; close(): Promise<void> } {
  const pool = new DispatcherPool()
  const sender = channelTypeModule(type).createSender({ pool })
  return {
    sender,
    close: async () => {
      await Promise.allSettled([sender.close(), pool.close()])
    },
  }
}

export interface ChannelSenders {
  /** The sender of a type, made on first use and kept. */
  of(type: string): ChannelSender
  close(): Promise<void>
}

/**
 * One sender per type, the robot types sharing one set of connection pools (one per proxy).
 * A WeCom sender passed in stays its owner's to close.
 */
export function createChannelSenders(wecom?: WeComSender): ChannelSenders {
  const kit: SenderKit = { pool: new DispatcherPool(), wecom }
  const made = new Map<string, ChannelSender>()
  return {
    of(type) {
      let sender = made.get(type)
      if (!sender) {
        sender = channelTypeModule(type).createSender(kit)
        made.set(type, sender)
      }
      return sender
    },
    async close() {
      await Promise.allSettled([...[...made.values()].map((s) => s.close()), kit.pool.close()])
    },
  }
}
