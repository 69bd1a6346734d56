import { describe, expect, it } from 'vitest'
import { uiLink } from '../../../electron/core/messages/ui-links'
import { filtersFromQuery, toQuery } from '../../../renderer/src/pages/history/history-model'

describe('a storm summary links to History filtered to the storm', () => {
  it('the link’s query becomes the page’s filters: the channel, from the storm’s start', () => {
    const start = '2026-11-28T12:06:48.000Z'
    const link = uiLink('http://ops-pc:8761/', 'history', undefined, {
      channel: 'oncall',
      from: start,
    })!
    const query = new URLSearchParams(new URL(link).hash.split('?')[1])
    const filters = filtersFromQuery(query)
    expect(filters.channel).toBe('oncall')
    expect(toQuery(filters)).toEqual({ channel: 'oncall', from: start })
  })

  it('ignores what the page does not offer', () => {
    const f = filtersFromQuery(new URLSearchParams('status=bogus&outcome=nope&from=yesterday&x=1'))
    expect(toQuery(f)).toEqual({})
  })
})
