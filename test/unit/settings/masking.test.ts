import { describe, expect, it } from 'vitest'
import {
  maskChannel,
  maskSettings,
  restoreChannelSecrets,
  restoreSettingsSecrets,
  unmatchedMasksSentence,
} from '../../../electron/core/settings/masking'
import { parseSettings } from '../../../electron/core/settings/settings-store'

const url = (key: string) => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`
const A = 'aaaa1111-2222-3333-4444-55556666zzzz'
const B = 'bbbb1111-2222-3333-4444-55556666yyyy'
// Same first and last four characters as A: the same mask, another key.
const A2 = 'aaaa9999-8888-7777-6666-55554444zzzz'

const settings = (channels: Array<{ name: string; key: string; extra?: string[] }>) =>
  parseSettings({
    listener: { token: 'listener-token-0123456789' },
    channels: channels.map((c) => ({
      name: c.name,
      webhookUrl: url(c.key),
      extraWebhookUrls: (c.extra ?? []).map(url),
      signatureKey: `SEC-${c.key}`,
      proxy: `http://ops:pw-${c.name}-secret@127.0.0.1:3128`,
    })),
    defaultChannels: [channels[0]!.name],
  })

describe('masking and restoring secrets', () => {
  it('masks every secret of the settings', () => {
    const s = settings([{ name: 'a', key: A, extra: [B] }])
    const text = JSON.stringify(maskSettings(s))
    for (const secret of [A, B, `SEC-${A}`, 'pw-a-secret', 'listener-token-0123456789'])
      expect(text).not.toContain(secret)
    expect(maskChannel(s.channels[0]!).webhookUrl).toBe(url('aaaa…zzzz'))
  })

  it('a masked URL whose host alone was edited keeps its key; another path or key is refused', () => {
    const kept = settings([{ name: 'a', key: A }])
    const masked = maskChannel(kept.channels[0]!).webhookUrl
    const draft: Record<string, unknown> = {
      ...maskChannel(kept.channels[0]!),
      webhookUrl: masked.replace('https://qyapi.weixin.qq.com', 'http://gateway.example:8080'),
    }
    expect(restoreChannelSecrets(draft, kept, 'a')).toEqual([])
    expect(draft.webhookUrl).toBe(`http://gateway.example:8080/cgi-bin/webhook/send?key=${A}`)
    // The key is only ever this channel's own, and only with its path unchanged.
    const otherPath: Record<string, unknown> = {
      ...maskChannel(kept.channels[0]!),
      webhookUrl: masked.replace('https://qyapi.weixin.qq.com/cgi-bin', 'http://gateway.example/x'),
    }
    expect(restoreChannelSecrets(otherPath, kept, 'a')).toEqual(['webhookUrl'])
    const otherChannel: Record<string, unknown> = {
      ...draft,
      name: 'b',
      webhookUrl: draft.webhookUrl,
    }
    otherChannel.webhookUrl = masked.replace('https://qyapi.weixin.qq.com', 'http://gw.example')
    expect(restoreChannelSecrets(otherChannel, kept)).toEqual(['webhookUrl'])
  })

  it('a mask sent back is the kept value: same channel, renamed channel, moved extra URL', () => {
    const kept = settings([{ name: 'a', key: A, extra: [B] }])
    const masked = maskChannel(kept.channels[0]!) as unknown as Record<string, unknown>
    const draft = {
      ...masked,
      name: 'renamed',
      extraWebhookUrls: ['https://x/new', url('bbbb…yyyy')],
    }
    expect(restoreChannelSecrets(draft, kept, 'a')).toEqual([])
    expect(draft).toMatchObject({
      webhookUrl: url(A),
      extraWebhookUrls: ['https://x/new', url(B)],
      signatureKey: `SEC-${A}`,
      proxy: 'http://ops:pw-a-secret@127.0.0.1:3128',
    })
  })

  it('refuses a mask that matches none, or two kept secrets of another channel', () => {
    const kept = settings([
      { name: 'a', key: A },
      { name: 'b', key: A2 },
    ])
    const edited = { name: 'new', webhookUrl: url('aaaa…zzzz'), signatureKey: 'SEC-…nope' }
    expect(restoreChannelSecrets(edited, kept)).toEqual(['webhookUrl', 'signatureKey'])
    // Its own channel's value wins over the look-alike.
    const own = { name: 'b', webhookUrl: url('aaaa…zzzz') }
    expect(restoreChannelSecrets(own, kept, 'b')).toEqual([])
    expect(own.webhookUrl).toBe(url(A2))
  })

  it('an import names every field it cannot match, and a plain value passes untouched', () => {
    // The proxy's mask hides its whole password, so it never matches another channel's proxy.
    const exported = JSON.parse(
      JSON.stringify(maskSettings(settings([{ name: 'a', key: A }]))),
    ) as Record<string, unknown>
    ;(exported.channels as Array<Record<string, unknown>>).push({
      name: 'plain',
      webhookUrl: url(B),
    })
    const fresh = settings([{ name: 'other', key: B }])
    const unmatched = restoreSettingsSecrets(exported, fresh)
    expect(unmatched).toEqual([
      'channels[0].webhookUrl',
      'channels[0].signatureKey',
      'channels[0].proxy',
    ])
    // Both installs hold the same listener token: its mask is matched.
    expect((exported.listener as { token: string }).token).toBe('listener-token-0123456789')
    expect(unmatchedMasksSentence(unmatched).text).toBe(
      'The masked secrets in channels[0].webhookUrl, channels[0].signatureKey and channels[0].proxy match none this relay keeps: type the real values, or import an export made with secrets.',
    )
    expect((exported.channels as Array<{ webhookUrl: string }>)[1]!.webhookUrl).toBe(url(B))
  })
})

describe('the Alertmanager target of the on-call settings', () => {
  const withAm = () =>
    parseSettings({
      oncall: {
        alertmanager: {
          url: 'http://127.0.0.1:9093',
          basicAuth: 'ops:am-basic-secret-123',
          bearerToken: 'am-bearer-token-0123456789',
          proxy: 'http://ops:am-proxy-secret@127.0.0.1:3128',
        },
      },
    })

  it('masks basic auth, bearer token and proxy password, and restores them when sent back', () => {
    const s = withAm()
    const masked = maskSettings(s)
    const text = JSON.stringify(masked)
    for (const secret of ['am-basic-secret-123', 'am-bearer-token-0123456789', 'am-proxy-secret'])
      expect(text).not.toContain(secret)
    const draft = JSON.parse(text) as Record<string, unknown>
    expect(restoreSettingsSecrets(draft, s)).toEqual([])
    expect((draft.oncall as { alertmanager: unknown }).alertmanager).toEqual(s.oncall.alertmanager)
  })

  it('a mask that matches nothing kept is named, never stored', () => {
    const s = withAm()
    const draft = JSON.parse(JSON.stringify(maskSettings(s))) as {
      oncall: { alertmanager: { bearerToken: string } }
    }
    draft.oncall.alertmanager.bearerToken = 'zzzz…zzzz'
    expect(restoreSettingsSecrets(draft, s)).toEqual(['oncall.alertmanager.bearerToken'])
  })
})
