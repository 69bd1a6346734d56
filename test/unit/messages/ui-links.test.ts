import { describe, expect, it } from 'vitest'
import { uiLink } from '../../../electron/core/messages/ui-links'

describe('uiLink', () => {
  it('gives nothing when the window is not reachable from where messages are read', () => {
    expect(uiLink('', 'now', 'abc')).toBeUndefined()
  })

  it('builds a hash route under the base, with the id encoded and empty query values left out', () => {
    expect(uiLink('http://ops-pc:8761/', 'now', 'a/b c', { action: 'ack', note: '' })).toBe(
      'http://ops-pc:8761/#/now/a%2Fb%20c?action=ack',
    )
    expect(uiLink('https://relay.example/ui', 'history', undefined, { storm: '42' })).toBe(
      'https://relay.example/ui/#/history?storm=42',
    )
  })
})
