import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import {
  weComFormat,
  type ChannelFormat,
  type ChannelType,
} from '../../electron/core/channels/type-names'
import { defaultTemplate } from '../../electron/core/templates/defaults'
import { realPayloads } from '../fixtures/real/load'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

/**
 * The studio's preview is the message: for every real payload, each channel type and format gets
 * from the robot (the simulator) byte for byte the body the template preview showed for that alert.
 */

// The default templates, with the start as a time instead of "for 3m 12s": a duration grows
// between the send and the preview, everything else must not differ by a byte.
const template = (format: 'text' | 'markdown') =>
  defaultTemplate(format, 'en').replace('${alarm_started_text}', '${alarm_active_at}')

interface Case {
  name: string
  type: ChannelType
  format: ChannelFormat
  token: string
  mentionMobiles?: string[]
  mentionUserIds?: string[]
  /** A signing bot: the body also gets `timestamp` and `sign` when it is sent. */
  signatureKey?: string
}
const CASES: Case[] = [
  {
    name: 'ding-md',
    type: 'dingtalk',
    format: 'markdown',
    token: 'ding-md-0001',
    mentionMobiles: ['13800001111'],
  },
  {
    name: 'ding-text',
    type: 'dingtalk',
    format: 'text',
    token: 'ding-text-0001',
    mentionMobiles: ['@all'],
  },
  {
    name: 'lark-text',
    type: 'feishu',
    format: 'text',
    token: 'lark-text-0001',
    mentionUserIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs'],
  },
  {
    name: 'lark-post',
    type: 'feishu',
    format: 'post',
    token: 'lark-post-0001',
    mentionUserIds: ['ou_7d8a6e6df7621556ce0d21922b676706ccs'],
  },
  {
    name: 'lark-card',
    type: 'feishu',
    format: 'interactive',
    token: 'lark-card-0001',
    mentionUserIds: ['@all'],
  },
  {
    name: 'lark-signed',
    type: 'feishu',
    format: 'interactive',
    token: 'lark-signed-0001',
    signatureKey: 'lark-secret-0123456789',
  },
  {
    name: 'wecom-md',
    type: 'wecom',
    format: 'markdown',
    token: 'wecom-md-0001',
    mentionUserIds: ['zhangsan'],
  },
]

let t: TestRelay
beforeAll(async () => {
  const windowMs = 400
  t = await startTestRelay({
    sim: {
      windowMs,
      keepRaw: true,
      signatureSecrets: Object.fromEntries(
        CASES.filter((c) => c.signatureKey).map((c) => [c.token, c.signatureKey!]),
      ),
    },
    keys: CASES.map((c) => c.token),
    channels: CASES.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format,
      language: 'en' as const,
      template: template(weComFormat(c.format) === 'text' ? 'text' : 'markdown'),
      mentionMobiles: c.mentionMobiles ?? [],
      mentionUserIds: c.mentionUserIds ?? [],
      signatureKey: c.signatureKey ?? '',
      keys: [c.token],
      // The body is under test, not its timing: no gather window (storm-burst.test.ts has it).
      storm: { gatherSeconds: 0 },
      // Valid for the type until the simulator's port is known (below).
      ...(c.type === 'dingtalk'
        ? { webhookUrl: `http://127.0.0.1:9/robot/send?access_token=${c.token}` }
        : c.type === 'feishu'
          ? { webhookUrl: `http://127.0.0.1:9/open-apis/bot/v2/hook/${c.token}` }
          : {}),
    })),
    // With the window's address set, messages end with "acknowledge · mute" links: compared too.
    settings: {
      defaultChannels: CASES.map((c) => c.name),
      app: { linkBaseUrl: 'http://ops-pc:8761' },
    },
    delivery: { windowMs, backoff: () => 50 },
  })
  // The simulator's port is known only now: point each channel at its own robot path.
  t.relay.settings.update((s) => {
    for (const ch of s.channels) {
      const c = CASES.find((x) => x.name === ch.name)
      if (!c) continue
      ch.webhookUrl =
        c.type === 'dingtalk'
          ? t.sim.dingtalkUrl(c.token)
          : c.type === 'feishu'
            ? t.sim.feishuUrl(c.token)
            : t.sim.webhookUrl(c.token)
    }
  })
})
afterAll(() => t?.close())

describe('what the studio previews is what the robot receives', () => {
  it('for every real payload, in DingTalk Markdown and text, Feishu text, post and card, and WeCom', async () => {
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const seen = new Map<string, number>()
    const fresh = (token: string) => {
      const all = t.sim.rules.messages.filter((m) => m.key === token)
      const out = all.slice(seen.get(token) ?? 0)
      seen.set(token, all.length)
      return out
    }
    let compared = 0
    for (const p of realPayloads()) {
      const res = await t.post('/alerts', p.text, { headers: { 'content-type': p.contentType } })
      expect(res.status, p.file).toBeLessThan(300)
      const ids = ((await res.json()) as { ids: string[] }).ids
      const final = (id: string, ch: string) =>
        !['pending', undefined].includes(t.relay.history.get(id)?.deliveries[ch]?.state)
      await waitFor(
        () => ids.every((id) => CASES.every((c) => final(id, c.name))),
        30_000,
        `${p.file} settled`,
      ).catch((e: Error) => {
        throw new Error(
          // Which channel is stuck, and why.
          `${e.message}: ${JSON.stringify(ids.map((id) => t.relay.history.get(id)?.deliveries))}`,
        )
      })
      for (const c of CASES) {
        const got = fresh(c.token)
        // A payload of several alerts may go as a digest: the preview is of one alert.
        if (ids.length !== 1) continue
        const d = t.relay.history.get(ids[0]!)!.deliveries[c.name]!
        if (d.state !== 'delivered') continue
        const preview = await api.previewTemplate({
          template: template(weComFormat(c.format) === 'text' ? 'text' : 'markdown'),
          format: weComFormat(c.format),
          sample: { kind: 'alert', id: ids[0]! },
          language: 'en',
          type: c.type,
          channelFormat: c.format,
          mentionMobiles: c.mentionMobiles ?? [],
          mentionUserIds: c.mentionUserIds ?? [],
        })
        if (c.type === 'wecom') {
          // WeCom: the bubbles, the alert message then the mention follow-up when one is needed.
          expect(
            got.map((m) => m.content),
            `${p.file} ${c.name}`,
          ).toEqual(preview.messages.map((m) => m.content))
        } else {
          expect(got, `${p.file} ${c.name}`).toHaveLength(1)
          expect(got[0]!.signed).toBe(!!c.signatureKey)
          // A signed Feishu body leads with the signature fields, then the previewed body as is.
          const raw = c.signatureKey
            ? got[0]!.raw!.replace(/^\{"timestamp":"\d+","sign":"[A-Za-z0-9+/=]+",/, '{')
            : got[0]!.raw
          expect(raw, `${p.file} ${c.name}`).toBe(preview.body!.json)
          expect(Buffer.byteLength(raw!)).toBe(preview.body!.bytes)
        }
        compared++
      }
    }
    // The action links were there to compare, in each type's own link form.
    const last = (token: string) => t.sim.rules.messages.filter((m) => m.key === token).at(-1)!.raw!
    expect(last('ding-md-0001')).toContain('](http://ops-pc:8761/')
    expect(last('lark-post-0001')).toContain('"tag":"a"')
    expect(last('lark-post-0001')).toContain('"href":"http://ops-pc:8761/')
    // Nearly every payload is one alert; every one of those was compared on every channel.
    expect(compared).toBeGreaterThanOrEqual(30 * CASES.length)
  }, 240_000)
})
