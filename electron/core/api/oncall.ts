import { withoutCredentials } from '../secrets/mask'
import { userInfo } from 'node:os'

import { MuteError } from '../oncall/mutes'
import {
  alertmanagerOf,
  matchersForAlert,
  SilenceError,
  type AlertmanagerTarget,
} from '../oncall/silences'
import { activeView, mutesView, prefillMatchers } from '../oncall/views'
import type { Alert } from '../alerts/model'
import type { Settings } from '../settings/schema'
import { say, type CoreText } from '../text/core-text'
import { ApiError } from './contract'
import type { ApiMethods, ServiceContext } from './context'

type OnCallMethod =
  | 'listActive'
  | 'acknowledge'
  | 'unacknowledge'
  | 'listMutes'
  | 'createMute'
  | 'createMuteFromAlert'
  | 'expireMute'
  | 'silenceUpstream'
  | 'expireSilence'
  | 'silenceTarget'

/** The name put on acknowledgements, mutes and silences: the setting, else the OS user. */
function whoAmI(s: Settings): string {
  if (s.oncall.user) return s.oncall.user
  try {
    return userInfo().username || 'local user'
  } catch {
    return 'local user'
  }
}

/** A mute's or silence's span from its input: an end time, or minutes from its start. */
function span(input: { startsAt?: string; endsAt?: string; forMinutes?: number }): {
  startsAt?: string
  endsAt: string
} {
  const start = input.startsAt ? Date.parse(input.startsAt) : Date.now()
  if (input.endsAt) return { startsAt: input.startsAt, endsAt: input.endsAt }
  if (input.forMinutes)
    return {
      startsAt: input.startsAt,
      endsAt: new Date(start + input.forMinutes * 60_000).toISOString(),
    }
  throw new ApiError(say('oncall.howLong'))
}

/** Runs `fn`, turning the on-call modules' sentences into the API's. */
async function sentences<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    if (err instanceof MuteError || err instanceof SilenceError) throw new ApiError(err.sentence)
    throw err
  }
}

/**
 * Answers only once the change is on disk; else a sentence: what holds now, that a restart would
 * lose it, and what to do (the relay keeps writing it and `/healthz` reports the folder meanwhile).
 */
async function saved(oncall: { flush(): Promise<void> }, holds: CoreText): Promise<void> {
  try {
    await oncall.flush()
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    throw new ApiError(say('oncall.notSaved', { holds, code: e.code ?? e.message }), undefined, 503)
  }
}

const ANNOUNCE = {
  en: (who: string, what: string, note?: string) =>
    `✔ Acknowledged by ${who}: ${what}${note ? ` — ${note}` : ''}`,
  zh: (who: string, what: string, note?: string) =>
    `✔ ${who} 已确认：${what}${note ? ` — ${note}` : ''}`,
}

/** On call: what is firing now, acknowledgements, local mutes, silences in Alertmanager. */
export function oncallMethods(ctx: ServiceContext): ApiMethods<OnCallMethod> {
  const { relay } = ctx
  const oncall = relay.oncall
  const entry = (id: string) => relay.history.get(id)
  const alertOr404 = (id: string) => {
    const e = entry(id)
    if (!e) throw new ApiError(say('oncall.noAlert', { id }), undefined, 404)
    return e.alert
  }
  /**
   * The configured Alertmanager, with its credentials. It wins over an alert's `externalURL`,
   * which is often a name only the cluster resolves.
   */
  const configured = (): AlertmanagerTarget | undefined => {
    const am = ctx.settings().oncall.alertmanager
    return am
      ? {
          url: am.url,
          basicAuth: am.basicAuth || undefined,
          bearerToken: am.bearerToken || undefined,
          proxy: am.proxy || undefined,
        }
      : undefined
  }

  /** The Alertmanager a silence of this alert goes to, or the sentence that says why none. */
  const silenceTargetOf = (
    alert: Alert,
  ): { target: AlertmanagerTarget; from: 'settings' | 'alert' } => {
    if (alert.source !== 'alertmanager') throw new ApiError(say('oncall.onlyAlertmanager'))
    const set = configured()
    if (set) return { target: set, from: 'settings' }
    const own = alertmanagerOf(alert)
    if (own) return { target: { url: own }, from: 'alert' }
    throw new ApiError(say('silence.noExternalUrl'))
  }

  return {
    async listActive({ groupBy, expand }) {
      return activeView(oncall, entry, groupBy || 'name', expand)
    },

    async acknowledge({ identities, note, forMinutes }) {
      const s = ctx.settings()
      const ack = oncall.acknowledge(identities, whoAmI(s), note, forMinutes && forMinutes * 60_000)
      if (!ack) throw new ApiError(say('oncall.noneFiring'), undefined, 404)
      await saved(oncall, say('phrase.ackHolds'))
      const done = identities.flatMap((id) => oncall.active.get(id) ?? [])
      const announced: string[] = []
      if (s.oncall.announceAcknowledgements) {
        // Only the channels that actually got the alert hear who took it.
        for (const a of done) {
          const e = entry(a.alertId)
          const what = `${a.name}${a.target ? ` (${a.target})` : ''}`
          for (const ch of a.channels) {
            if (e?.deliveries[ch]?.state !== 'delivered') continue
            const text = ANNOUNCE[s.app.language](ack.by, what, ack.note)
            if (relay.delivery.notice(ch, text, [a.alertId])) announced.push(ch)
          }
        }
      }
      return { acknowledged: done.length, ack, announced: [...new Set(announced)] }
    },

    async unacknowledge({ identities }) {
      const n = identities.filter((id) => oncall.active.get(id)?.ack).length
      oncall.unacknowledge(identities)
      await saved(oncall, say('phrase.ackWithdrawn'))
      return { unacknowledged: n }
    },

    async listMutes() {
      return mutesView(oncall)
    },

    async createMute({ matchers, comment, ...rest }) {
      const s = ctx.settings()
      const mute = await sentences(() =>
        oncall.createMute({ matchers, comment, createdBy: whoAmI(s), ...span(rest) }),
      )
      // Answered once on disk: a mute that vanished in a crash would wake someone up.
      await saved(oncall, say('phrase.muteInEffect'))
      return mute
    },

    async createMuteFromAlert({ alertId, matchers, comment, ...rest }) {
      const alert = alertOr404(alertId)
      const s = ctx.settings()
      const prefilled = prefillMatchers({
        name: alert.vars.alarm_name || alert.labels.alertname || '',
        target: alert.vars.alarm_target || '',
        labels: alert.labels,
      })
      const mute = await sentences(() =>
        oncall.createMute({
          matchers: matchers ?? prefilled,
          comment,
          createdBy: whoAmI(s),
          ...span(rest),
        }),
      )
      await saved(oncall, say('phrase.muteInEffect'))
      return mute
    },

    async expireMute({ id }) {
      if (!oncall.expireMute(id)) throw new ApiError(say('oncall.noMute', { id }), undefined, 404)
      await saved(oncall, say('phrase.muteEnded'))
      return oncall.mutes.get(id)!
    },

    async silenceTarget({ alertId }) {
      const { target, from } = silenceTargetOf(alertOr404(alertId))
      return { address: withoutCredentials(target.url), from }
    },

    async silenceUpstream({ alertId, forMinutes, comment }) {
      const alert = alertOr404(alertId)
      const t = silenceTargetOf(alert).target
      const by = whoAmI(ctx.settings())
      const now = Date.now()
      const endsAt = new Date(now + forMinutes * 60_000).toISOString()
      const created = await sentences(() =>
        relay.silences.create(t, {
          matchers: matchersForAlert(alert),
          endsAt,
          createdBy: by,
          comment,
        }),
      )
      oncall.addSilence({
        id: created.id,
        link: created.link,
        // Kept without user:password@ (oncall.json and the window show it).
        url: withoutCredentials(t.url),
        alertId,
        identity: alert.fingerprint,
        name: alert.vars.alarm_name || alert.labels.alertname || '',
        comment,
        createdBy: by,
        createdAt: new Date(now).toISOString(),
        endsAt,
      })
      await saved(oncall, say('phrase.silenceMade'))
      return oncall.silences().find((x) => x.id === created.id)!
    },

    async expireSilence({ id }) {
      const kept = oncall.silence(id)
      if (!kept) throw new ApiError(say('oncall.noSilence', { id }), undefined, 404)
      const c = configured()
      await sentences(() =>
        relay.silences.expire(
          c && withoutCredentials(c.url) === withoutCredentials(kept.url) ? c : { url: kept.url },
          id,
        ),
      )
      oncall.markSilenceExpired(id)
      await saved(oncall, say('phrase.silenceExpired'))
      return oncall.silences().find((x) => x.id === id)!
    },
  }
}
