import { english } from '../../electron/core/text/core-text'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { registerChannelType } from '../../electron/core/channels/registry'
import { testWebhook } from '../../electron/core/diagnose/connectivity'
import type { ConnectivityInput } from '../../electron/core/diagnose/diagnose-types'
import { parseSettings } from '../../electron/core/settings/settings-store'
import { pigeonType } from '../fixtures/channel-types/pigeon/type'
import { startFakeRobot } from '../helpers/fake-robot'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

// A sixth platform, "Pigeon", lives only in test/fixtures/channel-types/pigeon/ and reaches the
// relay through `registerChannelType`: settings, delivery and the connectivity test take it
// without a line changed elsewhere (docs/ARCHITECTURE.md, "Adding a channel type").

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..')
const FOLDER = join(ROOT, 'test/fixtures/channel-types/pigeon')
const TOKEN = 'pg7Hk2Lm9Qx4Rt6WzA'
const GONE = 'pgGoneGoneGone0001'
const pigeon = 'pigeon' as ConnectivityInput['type']

let forget: () => void
beforeAll(() => {
  forget = registerChannelType(pigeonType)
})
afterAll(() => forget())

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const realAlert = () =>
  JSON.parse(
    readFileSync(new URL('../fixtures/alertmanager-group.json', import.meta.url), 'utf8'),
  ) as unknown

/** The fake platform: `{code: 0}` for a live token, 4040 for a robot that is gone. */
const startPigeon = () =>
  startFakeRobot((req) =>
    req.path.endsWith(`/hook/${GONE}`)
      ? { body: { code: 4040, msg: 'robot not found' } }
      : { body: { code: 0, msg: 'ok' } },
  )

describe('a sixth channel type, registered from its own folder', () => {
  it('is refused by the settings with its own URL check, and accepted with a good URL', () => {
    expect(() =>
      parseSettings({
        channels: [{ name: 'p', type: 'pigeon', webhookUrl: 'https://pigeon.example/nest' }],
      }),
    ).toThrow(/not a Pigeon robot URL: it must end in \/pigeon\/hook\/<token>/)
    const s = parseSettings({
      channels: [
        { name: 'p', type: 'pigeon', webhookUrl: `https://pigeon.example/pigeon/hook/${TOKEN}` },
      ],
    })
    // The type's own defaults: format, per-minute limit and success rule.
    expect(s.channels[0]).toMatchObject({
      type: 'pigeon',
      format: 'markdown',
      throttle: { perMinute: 10 },
      verify: { type: 'json', match: { code: 0 } },
    })
    // A per-minute limit above Pigeon's published one is refused, from its limits table.
    expect(() =>
      parseSettings({
        channels: [
          {
            name: 'p',
            type: 'pigeon',
            webhookUrl: `https://pigeon.example/pigeon/hook/${TOKEN}`,
            throttle: { perMinute: 11 },
          },
        ],
      }),
    ).toThrow(/at most 10 messages a minute/)
  })

  it('delivers a real Alertmanager group through the delivery engine, in its own body', async () => {
    const fake = await startPigeon()
    try {
      t = await startTestRelay({
        channels: [
          {
            name: 'oncall',
            type: 'pigeon' as never,
            webhookUrl: `${fake.origin}/pigeon/hook/${TOKEN}`,
            mentionMobiles: ['13800001111'],
          },
        ],
      })
      const res = await t.post('/alerts', realAlert())
      const { ids } = (await res.json()) as { ids: string[] }
      expect(ids.length).toBeGreaterThan(0)
      await waitFor(
        () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
        20_000,
        'delivered to Pigeon',
      )
      const bodies = fake.received.map(
        (r) => r.json as { title: string; text: string; at: string[] },
      )
      expect(fake.received.every((r) => r.path === `/pigeon/hook/${TOKEN}`)).toBe(true)
      const text = bodies.map((b) => b.text).join('\n')
      expect(text).toContain('DiskFull')
      expect(text).toContain('db-1:9100')
      expect(bodies[0]!.at).toEqual(['13800001111'])
      // The token is in the URL's path: History keeps it masked.
      const entry = JSON.stringify(t.relay.history.get(ids[0]!))
      expect(entry).not.toContain(TOKEN)
      expect(entry).toContain('DiskFull')
    } finally {
      await fake.close()
    }
  })

  it('is diagnosed stage by stage, and a robot that is gone is explained in its words', async () => {
    const fake = await startPigeon()
    try {
      const ok = await testWebhook({ url: `${fake.origin}/pigeon/hook/${TOKEN}`, type: pigeon })
      expect(ok.ok).toBe(true)
      expect(english(ok.stages.find((s) => s.stage === 'url')?.detail)).toMatch(/^Pigeon robot: /)
      expect((fake.received[0]!.json as { title: string }).title).toContain('test')
      // Pasted without a type, the URL says which platform it is.
      const gone = await testWebhook({ url: `${fake.origin}/pigeon/hook/${GONE}` })
      expect(gone.ok).toBe(false)
      expect(gone.type).toBe('pigeon')
      expect(gone.failedStage).toBe('response')
      expect(english(gone.send?.explanation)).toContain('The Pigeon robot is gone')
      expect(JSON.stringify(gone)).not.toContain(GONE)
    } finally {
      await fake.close()
    }
  })

  it('needed nothing outside its folder: the relay never names it, and it imports only channels/ helpers', () => {
    const named: string[] = []
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name)
        if (e.isDirectory()) walk(p)
        else if (/\.(ts|tsx)$/.test(e.name) && /pigeon/i.test(readFileSync(p, 'utf8')))
          named.push(relative(ROOT, p))
      }
    }
    walk(join(ROOT, 'electron'))
    walk(join(ROOT, 'renderer/src'))
    expect(named).toEqual([])
    // What the folder imports from the relay: the channel contracts and helpers a type uses,
    // the field parsers and the core's sentence helper; nothing that would need a change elsewhere
    // to know the type.
    const imports = readdirSync(FOLDER)
      .flatMap((f) => [...readFileSync(join(FOLDER, f), 'utf8').matchAll(/from '([^']+)'/g)])
      .map((m) => m[1]!)
      .filter((s) => s.includes('electron/'))
      .map((s) => s.replace(/^(\.\.\/)+electron\/core\//, ''))
    expect(imports.length).toBeGreaterThan(0)
    for (const s of imports) expect(s).toMatch(/^(channels\/|settings\/fields$|text\/core-text$)/)
  })
})
