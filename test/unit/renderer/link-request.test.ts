import { describe, expect, it } from 'vitest'
import { actionLinks } from '../../../electron/core/messages/action-links'
import type { Notice } from '../../../electron/core/shell/notify-model'
import { noticeRoute } from '../../../electron/core/shell/notify-urgency'
import { linkRequest } from '../../../renderer/src/pages/now/link-request'

/** What the window reads from an address, as the router splits it (`#/now/ID?query`). */
function read(url: string) {
  const hash = new URL(url, 'http://ops-pc:8761').hash.replace(/^#\/?/, '')
  const [path, query] = hash.split('?')
  const [, id] = path!.split('/')
  return linkRequest(id ? decodeURIComponent(id) : undefined, new URLSearchParams(query ?? ''))
}

const notice = (ids: string[]): Notice => ({
  title: 't',
  body: 'b',
  alertId: ids.at(-1)!,
  alertIds: ids,
  levels: ['critical'],
})

describe('the Now page reads the links messages and notifications write', () => {
  it('a message link: the alert and the action it names', () => {
    const text = actionLinks([{ id: 'a1', status: 'firing' }], 'text', 'http://ops-pc:8761')
    const [ack, mute] = [...text.matchAll(/http\S+/g)].map((m) => m[0])
    expect(read(ack!)).toEqual({ alertIds: ['a1'], action: 'ack' })
    expect(read(mute!)).toEqual({ alertIds: ['a1'], action: 'mute' })
  })

  it("a digest's link: its firing alerts, no action named", () => {
    const text = actionLinks(
      [
        { id: 'a1', status: 'firing' },
        { id: 'a2', status: 'resolved' },
        { id: 'a3', status: 'firing' },
      ],
      'text',
      'http://ops-pc:8761',
    )
    expect(read(/http\S+/.exec(text)![0])).toEqual({ alertIds: ['a1', 'a3'] })
  })

  it("a notification's click: its alert, or a summary's alerts, or past twenty the page itself", () => {
    expect(read(noticeRoute(notice(['a1'])))).toEqual({ alertIds: ['a1'] })
    expect(read(noticeRoute(notice(['a1', 'a2'])))).toEqual({ alertIds: ['a1', 'a2'] })
    const many = Array.from({ length: 21 }, (_, i) => `a${i}`)
    expect(read(noticeRoute(notice(many)))).toBeUndefined()
    // Anything else in the query is not an action.
    expect(read('#/now/a1?action=delete')).toEqual({ alertIds: ['a1'] })
  })
})
