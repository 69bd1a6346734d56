import { fileStamp, type ApiMethods, type ServiceContext } from './context'
import { say } from '../text/core-text'
import { ApiError } from './contract'
import { historyRow } from '../history/row'

const DAY_MS = 24 * 3_600_000

/** History: query, chart, one alert, resend, export. */
export function historyMethods(
  ctx: ServiceContext,
): ApiMethods<
  'queryHistory' | 'historyRows' | 'historyChart' | 'getAlert' | 'resendAlert' | 'exportHistory'
> {
  const { relay } = ctx
  return {
    async queryHistory(q) {
      if (q.text) await relay.history.searchable()
      return relay.history.query(q)
    },

    async historyRows(q) {
      if (q.text) await relay.history.searchable()
      const { items, total } = relay.history.query(q)
      return { items: items.map(historyRow), total }
    },

    async historyChart({ from, to, buckets, ...filters }) {
      const end = to ? Date.parse(to) : Date.now()
      const start = from ? Date.parse(from) : end - DAY_MS
      if (start > end)
        throw new ApiError(say('api.chartOrder', { from: from ?? '', to: to ?? 'now' }))
      if (filters.text) await relay.history.searchable()
      return { buckets: relay.history.chart(start, end, buckets, filters) }
    },

    async getAlert({ id }) {
      return relay.history.get(id) ?? null
    },

    async resendAlert({ id, channels }) {
      const entry = relay.history.get(id)
      if (!entry) throw new ApiError(say('api.alertGone', { id }), undefined, 404)
      const settings = ctx.settings()
      // By default: the channels it went to that still exist, else the default channels.
      const known = Object.keys(entry.deliveries).filter((c) =>
        settings.channels.some((x) => x.name === c),
      )
      const targets = channels ?? (known.length ? known : settings.defaultChannels)
      for (const c of targets) ctx.channelByName(c)
      if (!targets.length) throw new ApiError(say('api.noResendTarget'))
      await relay.delivery.resend(id, targets)
      return { queued: targets }
    },

    async exportHistory({ format, query }) {
      if (query.text) await relay.history.searchable()
      return {
        filename: `wecom-alert-relay-history-${fileStamp()}.${format}`,
        content: relay.history.export(format, query, relay.secrets()),
      }
    },
  }
}
