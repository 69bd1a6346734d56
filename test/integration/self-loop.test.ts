import { english } from '../../electron/core/text/core-text'
import { networkInterfaces } from 'node:os'
import { afterEach, describe, expect, it } from 'vitest'
import { SettingsError } from '../../electron/core/settings/settings-errors'
import { parseSettings } from '../../electron/core/settings/settings-store'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const withWebhook = (webhookUrl: string, host = '127.0.0.1') => ({
  listener: { host, port: 8760, token: host === '127.0.0.1' ? '' : 'a-long-enough-token-0001' },
  channels: [{ name: 'loop', webhookUrl }],
})

const refusal = (input: unknown) => {
  try {
    parseSettings(input)
  } catch (err) {
    if (err instanceof SettingsError) return err.errors
    throw err
  }
  return []
}

describe("a webhook that points at the relay's own listener", () => {
  it.each([
    'http://127.0.0.1:8760/alerts?key=x',
    'http://localhost:8760/alerts?key=x',
    'http://[::1]:8760/alerts?key=x',
    'http://0.0.0.0:8760/alerts/generic?key=x',
    'http://127.0.0.2:8760/cgi-bin/webhook/send?key=x',
    'http://[::ffff:127.0.0.1]:8760/alerts?key=x',
    'http://[::ffff:7f00:1]:8760/alerts?key=x',
    'http://2130706433:8760/alerts?key=x',
  ])('%s is refused when saved, with a sentence', (url) => {
    expect(refusal(withWebhook(url))).toEqual([
      {
        path: 'channels[0].webhookUrl',
        message: expect.stringMatching(
          /^The webhook URL points at this relay's own alert listener .+: .+\.$/,
        ),
      },
    ])
  })

  it("on 0.0.0.0, any of this machine's addresses is the listener", () => {
    const own = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)
    const addresses = ['127.0.0.1', ...(own ? [own.address] : [])]
    for (const a of addresses)
      expect(refusal(withWebhook(`http://${a}:8760/alerts?key=x`, '0.0.0.0'))).toHaveLength(1)
  })

  it('another port, or the simulator, is fine', () => {
    expect(refusal(withWebhook('http://127.0.0.1:8762/cgi-bin/webhook/send?key=x'))).toEqual([])
  })

  it('at run time, the port the listener really got (chosen at start, or --listen) is refused when saved', async () => {
    t = await startTestRelay()
    const origin = t.origin
    // The settings say port 0; the listener got another one.
    expect(t.relay.settings.get().listener.port).toBe(0)
    const port = new URL(origin).port
    for (const url of [
      `${origin}/alerts?key=loop`,
      `http://localhost:${port}/alerts?key=loop`,
      `http://[::ffff:127.0.0.1]:${port}/alerts?key=loop`,
    ]) {
      expect(() =>
        t!.relay.settings.update((s) => {
          s.channels = [{ ...s.channels[0]!, webhookUrl: url }]
        }),
      ).toThrow(
        `The webhook URL points at this relay's own alert listener (port ${port}): every message would come back as a new alert and loop, so use the robot's URL from WeCom.`,
      )
    }
  })

  it("a relay whose webhook points at another relay's listener is refused at the first hop: one refused send", async () => {
    const other = await startTestRelay()
    try {
      t = await startTestRelay({ delivery: { backoff: () => 50 } })
      t.relay.settings.update((s) => {
        s.channels = [{ ...s.channels[0]!, webhookUrl: `${other.origin}/alerts?key=loop` }]
      })
      const res = await t.post('/alerts', { title: 'LoopMe' })
      const [id] = ((await res.json()) as { ids: string[] }).ids
      await waitFor(
        () => t!.relay.history.get(id!)?.deliveries.oncall?.state === 'failed',
        10_000,
        'the refused delivery',
      )
      const record = t.relay.history.get(id!)!
      expect(english(record.deliveries.oncall!.reason)).toMatch(/relay/)
      // Before, every relayed message came back as a new alert, at the robot rate, forever.
      expect(other.relay.history.size).toBe(0)
    } finally {
      await other.close()
    }
  })
})
