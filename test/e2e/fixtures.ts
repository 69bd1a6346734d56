import { test as base } from '@playwright/test'
import { startServe } from '../../bench/lib'
import { freePort } from '../helpers/servers'

export interface RelayProcess {
  /** The ui: address (with its token). */
  ui: string
  /** http://127.0.0.1:PORT/alerts */
  alerts: string
  /** The built-in simulator's origin. */
  simulator: string
  dataDir: string
  output(): string
  post(body: unknown): Promise<{ ids: string[] }>
}

/**
 * Every test gets its own `wecom-alert-relay serve` (the built one) with a fresh data folder and
 * its own simulator port, so that parallel tests never share a robot.
 */
export const test = base.extend<{ relay: RelayProcess; gatherSeconds: number }>({
  /**
   * The channel's gather window, as shipped unless a file says otherwise: a file whose subject is
   * the window, not delivery timing, turns it off with `test.use({ gatherSeconds: 0 })` so each
   * alert it posts is not held 1.5 s.
   */
  gatherSeconds: [1.5, { option: true }],
  relay: async ({ gatherSeconds }, use) => {
    const simPort = await freePort()
    const serve = await startServe({
      simulator: { enabled: true, port: simPort, keys: ['relay-demo'] },
      channels: [
        {
          name: 'simulator',
          webhookUrl: `http://127.0.0.1:${simPort}/cgi-bin/webhook/send?key=relay-demo`,
          aggregate: { enabled: false },
          storm: { gatherSeconds },
        },
      ],
      defaultChannels: ['simulator'],
    })
    await use({
      ui: serve.ui,
      alerts: serve.alerts,
      simulator: /simulator: (http:\/\/[^/\s]+)/.exec(serve.output())![1]!,
      dataDir: serve.dataDir,
      output: serve.output,
      post: async (body) => {
        const res = await fetch(serve.alerts, {
          method: 'POST',
          headers: { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        })
        if (res.status !== 202)
          throw new Error(`listener answered ${res.status}: ${await res.text()}`)
        return (await res.json()) as { ids: string[] }
      },
    })
    await serve.stop()
  },
})

export { expect } from '@playwright/test'
