import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { confBackend } from '../../../electron/core/settings/conf-backend'
import type { SecretBox } from '../../../electron/core/settings/secret-box'
import { openSettings } from '../../../electron/core/settings/settings-store'
import { tempDir } from '../../helpers/servers'

// The core's side of secrets at rest, with a box that is not Electron: which values are sealed,
// and that a box failing mid-save loses nothing.

const URL_A =
  'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sif8c2f1'

/** Reversible and visibly not the plain text; `fail` makes sealing throw. */
function testBox(over: Partial<SecretBox> = {}): SecretBox {
  return {
    available: true,
    seal: (plain) => Buffer.from([...plain].reverse().join('')).toString('base64'),
    open: (sealed) => [...Buffer.from(sealed, 'base64').toString()].reverse().join(''),
    ...over,
  }
}

function writeFile(dir: string, doc: object): string {
  const path = join(dir, 'config.json')
  writeFileSync(path, JSON.stringify(doc))
  return path
}

afterEach(() => vi.restoreAllMocks())

describe('the secret box in the settings store', () => {
  it('seals only the secret fields; names, routes, labels and empty values stay readable', () => {
    const path = writeFile(tempDir('relay-box-'), {
      channels: [{ name: 'oncall', webhookUrl: URL_A, signatureKey: '', proxy: '' }],
      routes: [{ match: { alarm_level: 'critical' }, channels: ['oncall'] }],
      defaultChannels: ['oncall'],
    })
    const { store, warnings } = openSettings(path, confBackend, testBox())
    expect(warnings).toEqual([])
    expect(store.get().channels[0]!.webhookUrl).toBe(URL_A)
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      channels: Array<Record<string, unknown>>
      routes: unknown[]
      listener: { token: unknown }
    }
    expect(file.channels[0]).toMatchObject({
      name: 'oncall',
      webhookUrl: { $enc: expect.any(String) as string },
      signatureKey: '',
      proxy: '',
    })
    expect(file.routes).toMatchObject([
      { match: { alarm_level: 'critical' }, channels: ['oncall'] },
    ])
    expect(file.listener.token).toBe('')
  })

  it('reads a sealed file back through the same box, and re-saves it sealed', () => {
    const dir = tempDir('relay-box-')
    const path = writeFile(dir, {
      channels: [{ name: 'oncall', webhookUrl: URL_A }],
      defaultChannels: ['oncall'],
    })
    openSettings(path, confBackend, testBox())
    const sealed = readFileSync(path, 'utf8')
    const { store, warnings } = openSettings(path, confBackend, testBox())
    expect(warnings).toEqual([])
    expect(store.get().channels[0]!.webhookUrl).toBe(URL_A)
    store.update((s) => void (s.app.language = 'zh'))
    expect(readFileSync(path, 'utf8')).not.toContain('693a91f6')
    expect(sealed).not.toContain('693a91f6')
  })

  it('saves plain (owner-only) rather than losing a change when the key store refuses', () => {
    const path = writeFile(tempDir('relay-box-'), {
      channels: [{ name: 'oncall', webhookUrl: URL_A }],
      defaultChannels: ['oncall'],
    })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const box = testBox({
      seal: () => {
        throw new Error('Error while encrypting the text provided to safeStorage.encryptString.')
      },
    })
    const { store } = openSettings(path, confBackend, box)
    store.update((s) => void (s.app.language = 'zh'))
    const file = JSON.parse(readFileSync(path, 'utf8')) as {
      app: { language: string }
      channels: Array<{ webhookUrl: unknown }>
    }
    expect(file.app.language).toBe('zh')
    expect(file.channels[0]!.webhookUrl).toBe(URL_A)
    expect(warn).toHaveBeenCalled()
    expect(String(warn.mock.calls[0]![0])).not.toContain('693a91f6')
  })
})
