import { english } from '../../electron/core/text/core-text'
import { afterEach, describe, expect, it } from 'vitest'
import { WeComSender } from '../../electron/core/channels/wecom/sender'
import { testWebhook } from '../../electron/core/diagnose/connectivity'
import { PROXY_MODES as MODES, startBadProxy, type BadProxy } from '../corpus/proxies'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

// Nothing listens here: the proxy never lets the request get that far.
const ROBOT = 'https://127.0.0.1:9/cgi-bin/webhook/send?key=hostile-proxy-key-0001'

let proxies: BadProxy[] = []
let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
  await Promise.all(proxies.map((p) => p.close()))
  proxies = []
})

describe('an https robot behind a proxy that misbehaves at CONNECT', () => {
  it.each(MODES)(
    'a %s proxy: the send ends within its timeout with a retryable sentence, after one CONNECT',
    async (mode) => {
      const proxy = await startBadProxy(mode)
      proxies.push(proxy)
      const sender = new WeComSender()
      try {
        const r = await sender.send(
          { url: ROBOT, proxy: proxy.url, timeoutMs: 1000 },
          { msgtype: 'text', text: { content: 'x' } },
        )
        expect(r).toMatchObject({ ok: false, outcome: 'retryable' })
        expect(english(r.explanation)).toMatch(/proxy/)
        expect(proxy.connections).toBe(1)
      } finally {
        await sender.close()
      }
    },
  )

  it.each(MODES)(
    'a %s proxy in the relay: attempts are recorded and retried with backoff, deleting the channel stops them, and a stop is quick',
    async (mode) => {
      const proxy = await startBadProxy(mode)
      proxies.push(proxy)
      t = await startTestRelay({
        channels: [
          // No gather windows: the first attempt, and the alert after the deletion, go at once.
          {
            name: 'oncall',
            webhookUrl: ROBOT,
            proxy: proxy.url,
            timeoutSeconds: 1,
            storm: { gatherSeconds: 0 },
          },
          { name: 'spare', storm: { gatherSeconds: 0 } },
        ],
        delivery: { backoff: () => 200 },
      })
      const [id] = (
        (await (await t.post('/alerts', { title: 'BehindProxy' })).json()) as {
          ids: string[]
        }
      ).ids
      const attempts = () => t!.relay.history.get(id!)?.attempts.length ?? 0
      await waitFor(() => attempts() >= 2, 10_000, 'two recorded attempts')
      expect(t.relay.history.get(id!)!.deliveries.oncall).toMatchObject({ state: 'pending' })
      // One connection per attempt, not a storm (a few more for an attempt starting right now).
      expect(proxy.connections).toBeLessThanOrEqual(attempts() + 2)

      t.relay.settings.update((s) => {
        s.channels = s.channels.filter((c) => c.name !== 'oncall')
        s.defaultChannels = ['spare']
      })
      // Whatever attempt was in flight ends within its timeout; then the delivery fails, saying
      // why, and is never tried again.
      await waitFor(
        () => t!.relay.history.get(id!)?.deliveries.oncall?.state === 'failed',
        5_000,
        'the delivery to the deleted channel failed',
      )
      const failed = t.relay.history.get(id!)!.deliveries.oncall!
      expect(failed.reason).toMatchObject({ code: 'reason.channelDeleted' })
      expect(english(failed.reason)).toMatch(/^The channel "oncall" was deleted before/)
      const after = proxy.connections
      const tried = attempts()
      expect(t.relay.delivery.status().channels.map((c) => c.channel)).toEqual(['spare'])
      // An alert after it goes out on the channel that is left: by then a retry of the deleted
      // channel (200 ms backoff) would have reached the proxy.
      const [next] = (
        (await (await t.post('/alerts', { title: 'AfterDelete' })).json()) as { ids: string[] }
      ).ids
      await waitFor(
        () => t!.relay.history.get(next!)?.deliveries.spare?.state === 'delivered',
        5_000,
        'the alert after it delivered on the spare channel',
      )
      expect({ connections: proxy.connections, attempts: attempts() }).toEqual({
        connections: after,
        attempts: tried,
      })
    },
    15_000,
  )

  it('a stop while a send waits on a silent proxy with a long timeout ends within a few seconds', async () => {
    const proxy = await startBadProxy('silent')
    proxies.push(proxy)
    t = await startTestRelay({
      // No gather window: the stop is under test, and the test's time limit is its assertion.
      channels: [
        {
          name: 'oncall',
          webhookUrl: ROBOT,
          proxy: proxy.url,
          timeoutSeconds: 120,
          storm: { gatherSeconds: 0 },
        },
      ],
    })
    await t.post('/alerts', { title: 'StopWhileStuck' })
    await waitFor(() => proxy.connections >= 1, 5_000, 'the CONNECT')
    const relay = t
    t = undefined
    // The test's own 5 s limit is the assertion: before, the stop waited on the proxy for 120 s.
    await relay.close()
    expect(proxy.connections).toBe(1)
  }, 5_000)

  it.each(MODES)(
    'the connectivity test through a %s proxy fails its proxy stage within the timeout',
    async (mode) => {
      const proxy = await startBadProxy(mode)
      proxies.push(proxy)
      const r = await testWebhook({ url: ROBOT, proxy: proxy.url, format: 'text', timeoutMs: 1000 })
      expect(r.ok).toBe(false)
      expect(r.stages.find((s) => s.stage === 'proxy')).toMatchObject({ status: 'failed' })
    },
    5_000,
  )
})
