import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { confBackend } from '../../../electron/core/settings/conf-backend'
import { SettingsError } from '../../../electron/core/settings/settings-errors'
import { DEFAULT_CHANNEL, settingsSchema } from '../../../electron/core/settings/schema'
import { openSettings, parseSettings } from '../../../electron/core/settings/settings-store'
import {
  ALERT_MARKDOWN_EN,
  DEFAULT_MARKDOWN_EN,
  ALERT_TEXT_EN,
} from '../../../electron/core/templates/defaults'

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'relay-settings-')), 'config.json')

const designExample = {
  listener: { host: '127.0.0.1', port: 8760, token: '' },
  channels: [
    {
      name: 'oncall',
      type: 'wecom',
      enabled: true,
      webhookUrl:
        'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sif8c2f1',
      extraWebhookUrls: [],
      signatureKey: '',
      mentionMobiles: ['13800001111'],
      proxy: 'http:10.0.0.1:3128',
      format: 'markdown',
      template: DEFAULT_MARKDOWN_EN,
      sendResolved: true,
      aggregate: { enabled: true, windowSeconds: 600 },
      throttle: { perMinute: 20, perHour: 0, perDay: 0 },
      verify: { type: 'json', match: { errcode: 0 } },
    },
  ],
  routes: [{ match: { alarm_level: 'critical' }, channels: ['oncall'] }],
  defaultChannels: ['oncall'],
}

describe('settings schema', () => {
  it('reads the example file of the design and normalises the legacy proxy', () => {
    const s = parseSettings(designExample)
    expect(s.channels[0]!.proxy).toBe('http://10.0.0.1:3128')
    expect(s.routes[0]).toEqual({
      match: { alarm_level: 'critical' },
      matchers: [],
      channels: ['oncall'],
      continue: false,
    })
  })

  it('fills missing keys with defaults: a fresh file is a working relay with the simulator channel', () => {
    const s = parseSettings({})
    expect(s.listener).toEqual({
      host: '127.0.0.1',
      port: 8760,
      token: '',
      maxBodyBytes: 1048576,
      maxAlertsPerRequest: 1000,
    })
    expect(s.history).toEqual({ maxAlerts: 50000, maxAgeDays: 30 })
    expect(s.channels).toHaveLength(1)
    expect(s.channels[0]).toMatchObject({
      ...DEFAULT_CHANNEL,
      format: 'markdown',
      // The neutral default (the seed's OCP template is the preset for OCP alerts).
      template: ALERT_MARKDOWN_EN,
      language: 'en',
      mentionUserIds: [],
      aggregate: { enabled: true, windowSeconds: 600 },
    })
    expect(s.defaultChannels).toEqual(['simulator'])
    expect(
      parseSettings({
        channels: [{ name: 'x', webhookUrl: DEFAULT_CHANNEL.webhookUrl, format: 'text' }],
        defaultChannels: [],
      }).channels[0]!.template,
    ).toBe(ALERT_TEXT_EN)
  })

  it('names the path of an unknown key', () => {
    const bad = structuredClone(designExample) as Record<string, unknown>
    ;(bad.channels as Array<Record<string, unknown>>)[0]!.webhookURL = 'x'
    expect(() => parseSettings(bad)).toThrow(/channels\[0\]: Unknown key "webhookURL"/)
  })

  it('lists every invalid field with its path, in sentences', () => {
    try {
      parseSettings({
        listener: { host: '0.0.0.0', port: 70000 },
        channels: [
          {
            name: 'a',
            webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send',
            mentionMobiles: 'bob',
            format: 'html',
            throttle: { perMinute: 30 },
          },
          { name: 'a', webhookUrl: DEFAULT_CHANNEL.webhookUrl, enabled: 'yes' },
        ],
        defaultChannels: ['nope'],
      })
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(SettingsError)
      const byPath = Object.fromEntries(
        (err as SettingsError).errors.map((e) => [e.path, e.message]),
      )
      expect(byPath['listener.port']).toContain('at most 65535')
      expect(byPath['channels[0].webhookUrl']).toContain('no key parameter')
      expect(byPath['channels[0].mentionMobiles']).toContain('"bob" is not a mobile number')
      expect(byPath['channels[0].format']).toContain('"text", "markdown" or "markdown_v2"')
      expect(byPath['channels[0].throttle.perMinute']).toContain('at most 20 messages a minute')
      expect(byPath['channels[1].enabled']).toContain('true or false')
      for (const e of (err as SettingsError).errors) expect(e.message).toMatch(/^["A-Z].*[.!?]$/)
    }
  })

  it('requires a token when the listener is reachable from other machines', () => {
    expect(() => parseSettings({ listener: { host: '0.0.0.0' } })).toThrow(
      /listener.token: .*set a token/,
    )
    expect(
      parseSettings({ listener: { host: '0.0.0.0', token: 's3cret-token' } }).listener.host,
    ).toBe('0.0.0.0')
  })

  it('checks that routes and default channels name existing channels', () => {
    expect(() => parseSettings({ routes: [{ channels: ['ghost'] }] })).toThrow(
      /routes\[0\].channels\[0\]: No channel is called "ghost"/,
    )
  })

  it('never throws anything but a SettingsError, whatever the input (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = settingsSchema.safeParse(value)
        if (!r.success) expect(() => parseSettings(value)).toThrow(SettingsError)
      }),
      { numRuns: 300 },
    )
  })
})

describe('openSettings', () => {
  it('creates the file with defaults, readable by the owner only', () => {
    const path = tempFile()
    const { store, warnings } = openSettings(path, confBackend)
    expect(warnings).toEqual([])
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(store.get())))
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('moves a corrupt file aside and starts with defaults and a warning', () => {
    const path = tempFile()
    writeFileSync(path, '{"channels": [ oops')
    const { store, warnings } = openSettings(path, confBackend)
    expect(warnings[0]?.text).toMatch(/could not be read .* kept as .*config\.corrupt-.*\.json/)
    expect(store.get().channels[0]!.name).toBe('simulator')
    const aside = readdirSync(join(path, '..')).find((f) => f.startsWith('config.corrupt-'))!
    expect(readFileSync(join(path, '..', aside), 'utf8')).toBe('{"channels": [ oops')
  })

  it('moves aside a file that is JSON but invalid, naming the field', () => {
    const path = tempFile()
    writeFileSync(path, JSON.stringify({ listener: { port: 'eighty' } }))
    expect(openSettings(path, confBackend).warnings[0]?.text).toContain('listener.port')
  })

  it('stamps an unversioned (hand-written) file with its version, without nagging', () => {
    const path = tempFile()
    writeFileSync(path, JSON.stringify(designExample))
    const { store, warnings } = openSettings(path, confBackend)
    expect(warnings).toEqual([])
    expect(store.get().schemaVersion).toBe(1)
    expect(JSON.parse(readFileSync(path, 'utf8')).schemaVersion).toBe(1)
  })

  it('refuses a file from a newer version without destroying it', () => {
    const path = tempFile()
    writeFileSync(path, JSON.stringify({ schemaVersion: 99 }))
    const { warnings } = openSettings(path, confBackend)
    expect(warnings[0]?.text).toContain('newer version')
  })

  it('saves nothing half-way: an invalid update leaves memory and file unchanged', () => {
    const path = tempFile()
    const { store } = openSettings(path, confBackend)
    const before = readFileSync(path, 'utf8')
    expect(() =>
      store.update((s) => {
        s.listener.port = 9999
        s.channels[0]!.webhookUrl = 'not a url'
      }),
    ).toThrow(SettingsError)
    expect(store.get().listener.port).toBe(8760)
    expect(readFileSync(path, 'utf8')).toBe(before)
    store.update((s) => {
      s.listener.port = 9999
    })
    expect(JSON.parse(readFileSync(path, 'utf8')).listener.port).toBe(9999)
    // A second open reads what the first wrote.
    expect(openSettings(path, confBackend).store.get().listener.port).toBe(9999)
  })
})
