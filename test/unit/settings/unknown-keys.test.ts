import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { confBackend } from '../../../electron/core/settings/conf-backend'
import { openSettings } from '../../../electron/core/settings/settings-store'
import { TYPO_CONFIGS } from '../../corpus/settings-files'

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'relay-typo-')), 'config.json')
const url = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=typo-test-key-0001'

describe('a settings file with an unknown key (a typo)', () => {
  it('keeps the channels, names the key with its path and suggests the right one', () => {
    const path = tempFile()
    const original = JSON.stringify({
      channels: [{ name: 'oncall', webhookUrl: url, mentionMobile: ['13800001111'] }],
      defaultChannels: ['oncall'],
    })
    writeFileSync(path, original)
    const { store, warnings } = openSettings(path, confBackend)
    const s = store.get()
    // Before, the whole file was set aside and alerts went to the built-in simulator.
    expect(s.channels.map((c) => c.name)).toEqual(['oncall'])
    expect(s.defaultChannels).toEqual(['oncall'])
    expect(s.channels[0]!.webhookUrl).toBe(url)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]?.text).toMatch(
      /^The settings file has an unknown key channels\[0\]\.mentionMobile \(did you mean mentionMobiles\?\), which was ignored: .+\.$/,
    )
    // Nothing the person wrote is lost: a copy of the file as it was is kept.
    const copies = readdirSync(dirname(path)).filter((f) => f !== 'config.json')
    expect(copies).toHaveLength(1)
    expect(readFileSync(join(dirname(path), copies[0]!), 'utf8')).toBe(original)
    expect(warnings[0]?.text).toContain(copies[0])
    // Said by its code: the window words it in its language.
    expect(warnings[0]).toMatchObject({
      code: 'start.unknownKeySuggestCopy',
      params: { at: 'channels[0].mentionMobile', suggestion: 'mentionMobiles' },
    })
  })

  it.each(TYPO_CONFIGS)('$name', ({ config, key, suggestion }) => {
    const path = tempFile()
    writeFileSync(path, JSON.stringify(config))
    const { store, warnings } = openSettings(path, confBackend)
    expect(store.get().channels.map((c) => c.name)).not.toContain('simulator')
    expect(warnings.map((w) => w.text).join(' ')).toContain(`unknown key ${key}`)
    if (suggestion)
      expect(warnings.map((w) => w.text).join(' ')).toContain(`did you mean ${suggestion}?`)
  })

  it('a route that no longer validates (a lookahead RE2 cannot run) is dropped alone, with a warning', () => {
    const path = tempFile()
    writeFileSync(
      path,
      JSON.stringify({
        channels: [
          { name: 'oncall', webhookUrl: url },
          { name: 'db', webhookUrl: url },
        ],
        routes: [
          { matchers: ['alarm_name=~"(?!Test).*"'], channels: ['oncall'] },
          { matchers: ['labels.team=db'], channels: ['db'] },
        ],
        defaultChannels: ['oncall'],
      }),
    )
    const { store, warnings } = openSettings(path, confBackend)
    expect(store.get().channels.map((c) => c.name)).toEqual(['oncall', 'db'])
    expect(store.get().routes).toHaveLength(1)
    expect(store.get().routes[0]!.channels).toEqual(['db'])
    expect(warnings.map((w) => w.text)).toEqual([
      expect.stringMatching(
        /^The settings file's route routes\[0\] was ignored \(routes\[0\]\.matchers\[0\]: The regular expression .+ cannot be used .+\); the other routes and every channel were kept: .+\.$/,
      ),
    ])
  })

  it('a file that really is corrupt is still set aside, with a warning', () => {
    const path = tempFile()
    writeFileSync(path, JSON.stringify({ channels: [{ name: 'oncall', webhookUrl: 'nope' }] }))
    const { store, warnings } = openSettings(path, confBackend)
    expect(store.get().channels.map((c) => c.name)).toEqual(['simulator'])
    expect(warnings[0]?.text).toMatch(/could not be read .*webhook URL/)
  })
})
