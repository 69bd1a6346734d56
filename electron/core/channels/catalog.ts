/**
 * The channel types' facts (`channels/<type>/facts.ts`), looked up by a channel's `type`: the
 * browser-safe half of the registry. `channels/registry.ts` lists the same types with their
 * senders and registers a new one here too (`registerChannelType`).
 */
import { dingtalkFacts } from './dingtalk/facts'
import type { ChannelFacts } from './channel-facts'
import { feishuFacts } from './feishu/facts'
import { httpFacts } from './http/facts'
import { scriptFacts } from './script/facts'
import type { ChannelType } from './type-names'
import { maskUrlWith, secretsOfUrlWith, type UrlSecretsOf } from '../secrets/mask'
import { wecomFacts } from './wecom/facts'

const FACTS = new Map<string, ChannelFacts>(
  [wecomFacts, dingtalkFacts, feishuFacts, httpFacts, scriptFacts].map((f) => [f.id, f]),
)

/** A type's facts; an unknown type is a bug (the schema refuses it before anything asks). */
export function channelFacts(type: string): ChannelFacts {
  const facts = FACTS.get(type)
  if (!facts) throw new Error(`Unknown channel type "${type}".`)
  return facts
}

export function isChannelType(value: unknown): value is ChannelType {
  return typeof value === 'string' && FACTS.has(value)
}

/** Every known type, the built-in ones first, in the order the window lists them. */
export function channelTypes(): ChannelFacts[] {
  return [...FACTS.values()]
}

/** Guesses the channel type from a robot URL (`test-webhook` and pasted URLs). */
export function detectChannelType(input: string): ChannelType | undefined {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    return undefined
  }
  return channelTypes().find((f) => f.recognisesUrl?.(url))?.id
}

/** Adds a type (registry.ts's `registerChannelType`); the returned function removes it again. */
export function registerChannelFacts(facts: ChannelFacts): () => void {
  if (FACTS.has(facts.id)) throw new Error(`Channel type "${facts.id}" is already registered.`)
  FACTS.set(facts.id, facts)
  return () => void FACTS.delete(facts.id)
}

/** What a channel's type knows is secret in its URL (none for an unknown type or none given). */
function urlSecretsOf(type: string | undefined): UrlSecretsOf | undefined {
  return type !== undefined && FACTS.has(type) ? FACTS.get(type)!.urlSecrets : undefined
}

/**
 * A channel's URL as people may see it: masked through its type (its key parameter, its hook
 * token however short), and by the generic rules of `secrets/mask.ts` for what the type does
 * not say or when the type is not known.
 */
export function maskChannelUrl(type: string | undefined, raw: string): string {
  return maskUrlWith(raw, urlSecretsOf(type))
}

/** The secrets in a channel's URL, its type's own with the generic ones (for `redact`). */
export function channelUrlSecrets(type: string | undefined, raw: string): string[] {
  return secretsOfUrlWith(raw, urlSecretsOf(type))
}
