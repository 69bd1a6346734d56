import { channelFacts, isChannelType } from '../channels/catalog'
import type { Settings } from '../settings/schema'
import { fieldError } from '../settings/settings-errors'
import { say } from '../text/core-text'
import { ApiError } from './contract'

type ChannelLike = { name?: unknown; type?: unknown; command?: unknown }

/** A type that runs a program here (a script channel); an unknown type is the schema's to refuse. */
const runsProgram = (type: unknown) =>
  isChannelType(type) && channelFacts(type).capabilities.runsProgram

const scriptKey = (c: ChannelLike) => `${String(c.name)}\u0000${JSON.stringify(c.command ?? [])}`

/**
 * Script channels run programs on this machine, so the headless HTTP API may not create one or
 * change its command: a leaked UI token must not mean running programs. The settings file and the
 * desktop window can; `serve --allow-script-channels` lifts the rule for the headless API.
 * Existing script channels pass through untouched (edits of their other fields are fine).
 */
export function refuseScriptChanges(
  options: { mode: 'electron' | 'headless'; allowScriptChannels?: boolean },
  current: Settings,
  next: { channels?: unknown },
): void {
  if (options.mode !== 'headless' || options.allowScriptChannels) return
  const kept = new Set(current.channels.filter((c) => runsProgram(c.type)).map(scriptKey))
  const channels = Array.isArray(next.channels) ? (next.channels as ChannelLike[]) : []
  const refused = channels
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => c && runsProgram(c.type) && !kept.has(scriptKey(c)))
  if (!refused.length) return
  const said = say('api.scriptLocked')
  throw new ApiError(
    said,
    refused.map(({ i }) => fieldError(`channels[${i}].command`, said)),
    403,
  )
}
