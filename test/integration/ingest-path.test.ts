import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

// A real Alertmanager webhook (firing and resolved in one group); its source is in SOURCES.md.
const grouped = () =>
  JSON.parse(
    readFileSync(
      new URL('../fixtures/real/am-grouped-firing-and-resolved.json', import.meta.url),
      'utf8',
    ),
  ) as { alerts: Array<{ status: string; labels: Record<string, string> }> }

/** The same group, each alert made distinct by a label, so that no two are repeats. */
const distinct = (n: number) => {
  const g = grouped()
  const firing = g.alerts.find((a) => a.status === 'firing')!
  return {
    ...g,
    status: 'firing',
    alerts: Array.from({ length: n }, (_, i) => ({
      ...firing,
      labels: { ...firing.labels, instance: `ingest-${i}:9100` },
      fingerprint: `ingest-path-${i}`,
    })),
  }
}

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('the ingest path: 202 after the durable append, the rest folded in per group commit', () => {
  it('an alert is on the Now list as soon as its sender has the 202, and is then delivered', async () => {
    t = await startTestRelay()
    const body = distinct(3)
    const res = await t.post('/alerts/alertmanager', body)
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    // No wait: the fold runs before the relay serves anything else.
    const firing = t.relay.oncall.active.list().map((a) => a.target)
    expect(firing).toEqual(
      expect.arrayContaining(['ingest-0:9100', 'ingest-1:9100', 'ingest-2:9100']),
    )
    await waitFor(
      () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
      10_000,
      'all three delivered',
    )
  })

  it('many senders at once: every 202 is for a stored alert, all are on the Now list, none is sent twice', async () => {
    t = await startTestRelay({ channels: [{ name: 'oncall', aggregate: { enabled: false } }] })
    const senders = 40
    const answers = await Promise.all(
      Array.from({ length: senders }, (_, i) => {
        const b = distinct(1)
        b.alerts[0]!.labels.instance = `burst-${i}:9100`
        b.alerts[0]!.fingerprint = `burst-${i}`
        return t!.post('/alerts/alertmanager', b)
      }),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(senders).fill(202))
    const ids = (
      await Promise.all(answers.map((r) => r.json() as Promise<{ ids: string[] }>))
    ).flatMap((a) => a.ids)
    expect(new Set(ids).size).toBe(senders)
    for (const id of ids) expect(t.relay.history.get(id)).toBeDefined()
    expect(t.relay.oncall.active.list().filter((a) => a.target.startsWith('burst-'))).toHaveLength(
      senders,
    )
    // Digests may carry several; what matters is that each alert is delivered exactly once.
    await waitFor(
      () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
      20_000,
      'all delivered',
    )
    // A burst of 40 starts a storm: its summaries name targets too; each detail goes once.
    const sent = t.sim.rules.messages
      .map((m) => m.content)
      .filter((c) => !/Alert storm/.test(c))
      .join('\n')
    for (let i = 0; i < senders; i++)
      expect(sent.split(`burst-${i}:9100`).length - 1, `burst-${i}`).toBe(1)
  })

  it('a window or tray listener that throws on the announcement does not keep answered alerts off the queue', async () => {
    t = await startTestRelay()
    t.relay.events.on('event', (e) => {
      if (e.type === 'alert.received') throw new Error('a broken listener')
    })
    const res = await t.post('/alerts/alertmanager', distinct(2))
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    await waitFor(
      () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
      10_000,
      'both delivered despite the listener',
    )
  })
})
