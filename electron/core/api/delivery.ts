import type { ApiMethods, ServiceContext } from './context'

/** Delivery: status, pause and resume, and a test alert through the whole path. */
export function deliveryMethods(
  ctx: ServiceContext,
): ApiMethods<'deliveryStatus' | 'pauseDelivery' | 'resumeDelivery' | 'sendTestAlert'> {
  const { relay } = ctx
  return {
    async deliveryStatus() {
      return relay.delivery.status()
    },

    async pauseDelivery({ minutes }) {
      relay.delivery.pause(minutes ? minutes * 60_000 : undefined)
      return relay.delivery.status()
    },

    async resumeDelivery() {
      relay.delivery.resume()
      return relay.delivery.status()
    },

    async sendTestAlert({ channel }) {
      if (channel) ctx.channelByName(channel)
      const ids = await relay.ingest(
        [
          {
            source: 'generic',
            status: 'firing',
            vars: {
              alarm_name: 'Test alert from WeCom Alert Relay',
              alarm_level: 'info',
              alarm_target: 'wecom-alert-relay',
              alarm_summary: 'If you can read this in the group, the channel works.',
              alarm_active_at: new Date().toISOString(),
            },
            labels: { test: 'true' },
            annotations: {},
            fingerprint: `test-${Date.now()}`,
            raw: { test: true },
          },
        ],
        channel ? [channel] : [],
      )
      return { ids }
    },
  }
}
