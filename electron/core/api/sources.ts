import { finishAlert } from '../alerts/model'
import { scoreSources, parseAlerts, isSourceError } from '../alerts/sources'
import { fromMapping } from '../alerts/sources/mapped'
import { composeNext } from '../messages/compose'
import { bodyContent } from '../channels/wecom/body'
import { defaultTemplate } from '../templates/defaults'
import type { ApiMethods, ServiceContext } from './context'
import { asWritten, say } from '../text/core-text'
import { ApiError, type SenderReading } from './contract'

/** Senders: how a body reads (for the source-mapping page), and the subscription requests. */
export function sourceMethods(
  ctx: ServiceContext,
): ApiMethods<'readSenderBody' | 'subscriptionRequests'> {
  return {
    async readSenderBody({ json, alertId, mapping, language = 'en' }): Promise<SenderReading> {
      let body: unknown
      if (alertId) {
        const entry = ctx.relay.history.get(alertId)
        if (!entry) throw new ApiError(say('sources.alertGone', { id: alertId }))
        try {
          body = JSON.parse(entry.alert.raw)
        } catch {
          throw new ApiError(say('sources.storedCut', { id: alertId }))
        }
      } else if (json !== undefined) {
        try {
          body = JSON.parse(json.replace(/^\uFEFF/, ''))
        } catch (err) {
          return {
            body: undefined,
            scores: [],
            alerts: [],
            error: say('sources.notJson', { why: (err as Error).message }),
          }
        }
      } else throw new ApiError(say('sources.pasteBody'))
      const settings = ctx.settings()
      try {
        const drafts = mapping
          ? fromMapping(body, mapping)
          : parseAlerts(body, undefined, settings.sources.generic)
        const alerts = drafts.map((d) => finishAlert(d))
        const first = alerts[0]
        const preview = first
          ? bodyContent(
              composeNext(
                [{ alert: first, repeats: 0 }],
                { format: 'markdown', template: defaultTemplate('markdown', language), language },
                { timeZone: settings.app.timeZone },
              ).messages[0]!.body,
            )
          : undefined
        return {
          body,
          scores: mapping ? [] : scoreSources(body),
          alerts: alerts.map(({ source, status, vars, labels }) => ({
            source,
            status,
            vars,
            labels,
          })),
          preview,
        }
      } catch (err) {
        if (!isSourceError(err)) throw err
        return { body, scores: scoreSources(body), alerts: [], error: asWritten(err.message) }
      }
    },

    async subscriptionRequests() {
      return ctx.relay.subscriptions.list()
    },
  }
}
