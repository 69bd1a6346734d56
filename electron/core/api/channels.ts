import { channelWarnings, copyName, placeChannel, removeChannel } from '../settings/channel-edits'
import { sharedRobotWarnings } from '../delivery/shared-robots'
import { fieldError, SettingsError } from '../settings/settings-errors'
import { say } from '../text/core-text'
import {
  maskChannel,
  restoreChannelSecrets,
  secretValue,
  unmatchedMasksSentence,
} from '../settings/masking'
import { parseSettings } from '../settings/settings-store'
import { withFieldErrors, type ApiMethods, type ServiceContext } from './context'
import { ApiError } from './contract'

type Draft = Record<string, unknown>

/** Channels: list (masked), validate, save, delete, duplicate, and reveal one secret on request. */
export function channelMethods(
  ctx: ServiceContext,
): ApiMethods<
  | 'listChannels'
  | 'validateChannel'
  | 'saveChannel'
  | 'deleteChannel'
  | 'duplicateChannel'
  | 'revealSecret'
> {
  /** The draft with the kept secrets in place of masks; refuses a mask that matches none. */
  function restored(channel: Draft, originalName?: string): Draft {
    const draft = structuredClone(channel)
    const unmatched = restoreChannelSecrets(draft, ctx.settings(), originalName)
    if (unmatched.length)
      throw new ApiError(
        unmatchedMasksSentence(unmatched),
        unmatched.map((path) => fieldError(path, say('field.unknownMask'))),
      )
    return draft
  }

  /** The draft's warnings, a webhook another channel posts to among them. */
  const warningsOf = (draft: Draft, originalName?: string) => [
    ...channelWarnings(draft),
    ...sharedRobotWarnings(ctx.settings().channels, draft, originalName).map((said) =>
      fieldError('webhookUrl', said),
    ),
  ]

  return {
    async listChannels() {
      return ctx.settings().channels.map(maskChannel)
    },

    async validateChannel({ channel, originalName }) {
      const draft = restored(channel, originalName)
      const { next, index } = placeChannel(ctx.settings(), draft, originalName)
      try {
        parseSettings(next)
        return { errors: [], warnings: warningsOf(draft, originalName) }
      } catch (err) {
        if (!(err instanceof SettingsError)) throw err
        const mine = new RegExp(`^channels\\[${index}\\]\\.?`)
        const errors = err.errors
          .filter((e) => mine.test(e.path))
          .map((e) => ({ ...e, path: e.path.replace(mine, '') }))
        return { errors, warnings: warningsOf(draft, originalName) }
      }
    },

    async saveChannel({ channel, originalName }) {
      const draft = restored(channel, originalName)
      const { next, index } = placeChannel(ctx.settings(), draft, originalName)
      const prefix = new RegExp(`^channels\\[${index}\\]\\.?`)
      withFieldErrors(() => parseSettings(next), prefix)
      const saved = ctx.change((s) => Object.assign(s, next))
      return maskChannel(saved.channels[index]!)
    },

    async deleteChannel({ name }) {
      ctx.channelByName(name)
      ctx.change((s) => removeChannel(s, name))
      return { deleted: name }
    },

    async duplicateChannel({ name, newName }) {
      const source = ctx.channelByName(name)
      const candidate = copyName(ctx.settings(), name, newName)
      const saved = ctx.change((s) => {
        s.channels.push({ ...structuredClone(source), name: candidate })
      })
      return maskChannel(saved.channels.at(-1)!)
    },

    async revealSecret(target) {
      if (target.field !== 'token') ctx.channelByName(target.channel ?? '')
      const value = secretValue(ctx.settings(), target)
      if (value === undefined)
        throw new ApiError(
          target.field === 'headers'
            ? say('api.noHeader', { channel: target.channel ?? '', header: target.header ?? '' })
            : `Channel "${target.channel}" has no ${target.field} number ${target.index ?? 0}.`,
          undefined,
          404,
        )
      return { value }
    },
  }
}
