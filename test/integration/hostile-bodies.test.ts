import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { emptyObjects } from '../corpus/requests'
import { startTestRelay, type TestRelay } from '../helpers/relay'

let t: TestRelay
beforeAll(async () => {
  t = await startTestRelay()
})
afterAll(() => t.close())

describe('bodies that cost more to read than they are worth', () => {
  it('four 1 MiB lists of {} in parallel are refused by their count, and /healthz answers meanwhile', async () => {
    const body = emptyObjects(1024 * 1024)
    const order: string[] = []
    const posts = Array.from({ length: 4 }, async (_, i) => {
      const res = await t.post('/alerts', body, {
        headers: { 'content-type': 'application/json' },
      })
      order.push(`post-${i}`)
      return { status: res.status, error: ((await res.json()) as { error: string }).error }
    })
    const health = fetch(`${t.origin}/healthz`).then((r) => {
      order.push('healthz')
      return r.status
    })
    const answers = await Promise.all(posts)
    expect(await health).toBe(200)
    for (const a of answers) {
      expect(a.status).toBe(413)
      expect(a.error).toBe(
        'The request holds 349525 alerts, more than the 1000 allowed at once: send them in smaller batches.',
      )
    }
    expect(order).toHaveLength(5)
    expect(t.relay.history.size).toBe(0)
    // Before, each refusal normalised all 349,524 items first (seconds of blocked event loop each).
  }, 15_000)

  it('a list over the cap is refused by its count before any item is read: a bad item 1,001 does not matter', async () => {
    const alerts = Array.from({ length: 1001 }, (_, i) => (i === 1000 ? 42 : { title: `T${i}` }))
    const res = await t.post('/alerts', alerts)
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: string }).error).toContain('1001 alerts')
  })
})
