import { channelFacts } from '../channels/catalog'
import { testWebhook } from '../diagnose/connectivity'
import { testCurl } from '../diagnose/test-request'
import type { ConnectivityInput } from '../diagnose/diagnose-types'
import { restoreChannelSecrets, unmatchedMasksSentence } from '../settings/masking'
import type { ApiMethods, ServiceContext } from './context'
import { say } from '../text/core-text'
import { ApiError, type ApiParsed } from './contract'

/** Diagnosis: test a robot, show the equivalent curl line, and the built-in simulator's group. */
export function diagnoseMethods(
  ctx: ServiceContext,
): ApiMethods<'testWebhook' | 'revealCurl' | 'simulatorMessages' | 'clearSimulator'> {
  const { relay } = ctx

  /** A pasted URL and typed fields win over the chosen channel's. */
  function connectivityInput(
    t: ApiParsed<'revealCurl'> & { mentionMobiles?: string },
  ): ConnectivityInput {
    const c = t.channel ? ctx.channelByName(t.channel) : undefined
    // A form filled from the (masked) channel list sends masks back: they mean the kept values.
    const typed: Record<string, unknown> = {
      name: t.channel,
      webhookUrl: t.url,
      proxy: t.proxy,
      signatureKey: t.signatureKey,
    }
    const unmatched = restoreChannelSecrets(typed, ctx.settings(), t.channel)
    if (unmatched.length) throw new ApiError(unmatchedMasksSentence(unmatched))
    t = {
      ...t,
      url: typed.webhookUrl as string | undefined,
      proxy: typed.proxy as string | undefined,
      signatureKey: typed.signatureKey as string | undefined,
    }
    // HTTP and script channels have no robot URL: the test's first stage says how to test them.
    const endpoint = c && channelFacts(c.type).capabilities.endpoint
    const channelUrl =
      endpoint === 'url'
        ? c?.url
        : endpoint === 'command'
          ? `script:${c?.command[0] ?? ''}`
          : c?.webhookUrl
    const url = t.url ?? channelUrl
    if (!url) throw new ApiError(say('api.pickRobot'))
    return {
      url,
      // A pasted URL speaks for itself; a chosen channel brings its type.
      type: t.url ? undefined : c?.type,
      proxy: t.proxy ?? c?.proxy,
      signatureKey: t.signatureKey ?? c?.signatureKey,
      format: t.format ?? c?.format,
      message: t.message,
      language: t.language,
      mentionMobiles: t.mentionMobiles ?? c?.mentionMobiles,
      mentionUserIds: c?.mentionUserIds,
      verify: c?.verify,
      timeoutMs: (c?.timeoutSeconds ?? 10) * 1000,
    }
  }

  return {
    async testWebhook({ runId, dryRun, ...target }) {
      return testWebhook(
        { ...connectivityInput(target), dryRun },
        (stage) => relay.events.publish({ type: 'connectivity.stage', runId, stage }),
        relay.sender,
      )
    },

    async revealCurl(target) {
      return { curl: testCurl(connectivityInput(target), true) }
    },

    async simulatorMessages() {
      return {
        running: !!relay.simulator,
        origin: relay.simulator?.origin,
        messages: relay.simulator?.rules.messages.slice(-200) ?? [],
      }
    },

    async clearSimulator() {
      relay.simulator?.rules.clear()
      return { cleared: !!relay.simulator }
    },
  }
}
