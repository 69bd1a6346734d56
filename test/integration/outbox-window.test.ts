import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { finishAlert, type Alert } from '../../electron/core/alerts/model'
import { parseAlerts } from '../../electron/core/alerts/sources'
import { HistoryStore } from '../../electron/core/history/history-store'
import { Listener } from '../../electron/core/ingest/listener'
import { realPayloads } from '../fixtures/real/load'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { tempDir } from '../helpers/servers'

/**
 * A channel's backlog far larger than the alerts it holds in memory (`outboxWindow`): the rest is
 * read from the history's outbox as the queue drains. Every alert must still be delivered once, in
 * the order it was stored, and everything that counts the backlog must count what waits on disk.
 */

let t: TestRelay | undefined
afterEach(async () => {
  vi.restoreAllMocks()
  await t?.close()
  t = undefined
})

/**
 * `n` firing alerts built from a real Alertmanager payload (the Kubernetes crash-loop alert,
 * `am-k8s-crashloop-pod-critical.json`), each on its own pod `<prefix>-<k>` (its target), so
 * a message names which alerts it carries.
 */
function crashLoops(prefix: string, n: number, names = 1) {
  const real = realPayloads().find((p) => p.file === 'am-k8s-crashloop-pod-critical.json')!
  const base = (real.body as { alerts: Array<Record<string, unknown>> }).alerts[0]!
  const labels = base.labels as Record<string, string>
  return {
    version: '4',
    status: 'firing',
    receiver: 'relay',
    alerts: Array.from({ length: n }, (_, k) => ({
      ...base,
      labels: {
        ...labels,
        alertname: `${labels.alertname}${(k % names) + 1}`,
        team: `team-${(k % 3) + 1}`,
        pod: `${prefix}-${k + 1}`,
        instance: `${prefix}-${k + 1}`,
      },
      fingerprint: `${prefix}-${k + 1}`,
    })),
  }
}

/** A data folder whose history holds `n` alerts still pending on `oncall`, as a stopped relay leaves it. */
async function backlogFolder(n: number, names = 1): Promise<{ dir: string; alerts: Alert[] }> {
  const dir = tempDir('relay-outbox-window-')
  const store = await HistoryStore.open({ dir: join(dir, 'history') })
  const at = new Date(Date.now() - 60_000)
  const alerts = parseAlerts(
    crashLoops('node', n, names),
    'alertmanager',
    { itemsPath: '', fields: {} },
    at,
  ).map((d) => finishAlert(d, at))
  await store.addAlerts(alerts.map((alert) => ({ alert, targets: ['oncall'], skipped: [] })))
  await store.close()
  return { dir, alerts }
}

/** The targets (`node-7`, `live-3`…) each message names, in the order the robot received them. */
const targetsIn = (contents: readonly string[]) =>
  contents.flatMap((c) => [...c.matchAll(/\b((?:node|early|late)-\d+)\b/g)].map((m) => m[1]!))

/** The counts a storm summary line shows (`×25`), summed over the message. */
const countsIn = (content: string) =>
  [...content.matchAll(/ ×(\d+)[ （]/g)].reduce((n, m) => n + Number(m[1]), 0)

const delivered = (t: TestRelay, ids: readonly string[]) =>
  ids.filter((id) => t.relay.history.get(id)?.deliveries.oncall?.state === 'delivered').length

describe('a backlog larger than the window a channel holds in memory', () => {
  it('deleted while most of it waits on disk: every waiting alert fails, saying the channel was deleted, and nothing is sent', async () => {
    const { dir, alerts } = await backlogFolder(300)
    writeFileSync(
      join(dir, 'delivery-state.json'),
      JSON.stringify({ version: 1, robots: {}, pausedUntil: Number.MAX_SAFE_INTEGER }),
    )
    t = await startTestRelay({
      dataDir: dir,
      channels: [{ name: 'oncall' }, { name: 'spare' }],
      delivery: { outboxWindow: 40 },
    })
    await waitFor(() => t!.relay.delivery.status().backlog === 300, 10_000, 'the outbox read')
    t.relay.settings.update((s) => {
      s.channels = s.channels.filter((c) => c.name !== 'oncall')
      s.defaultChannels = ['spare']
    })
    const ids = alerts.map((a) => a.id)
    const reasons = () =>
      ids
        .map((id) => t!.relay.history.get(id)?.deliveries.oncall)
        .filter((d) => d?.state === 'failed')
    await waitFor(() => reasons().length === 300, 20_000, 'every waiting alert failed')
    // The 40 in memory and the 260 read from disk alike: the reason a person reads in History.
    expect(reasons().map((d) => d!.reason)).toEqual(
      ids.map(() => expect.objectContaining({ code: 'reason.channelDeleted' })),
    )
    expect(t.relay.delivery.status().backlog).toBe(0)
    t.relay.delivery.resume()
    expect(t.sim.rules.messages).toHaveLength(0)
  }, 60_000)

  it('starts listening before it reads the outbox or the alerts delivered before the start, then delivers every alert waiting', async () => {
    const { dir, alerts } = await backlogFolder(300)
    // The order of the start's steps: with 100,000 alerts waiting, those reads held the listener
    // for about 400 ms.
    const steps: string[] = []
    const listen = Listener.prototype.start
    vi.spyOn(Listener.prototype, 'start').mockImplementation(async function (this: Listener, ...a) {
      await listen.apply(this, a)
      steps.push('listening')
    })
    for (const [method, step] of [
      ['pendingOf', 'outbox'],
      ['deliveredSince', 'delivered'],
    ] as const) {
      const read = HistoryStore.prototype[method] as (...a: unknown[]) => unknown
      vi.spyOn(HistoryStore.prototype, method).mockImplementation(function (
        this: HistoryStore,
        ...a: unknown[]
      ) {
        steps.push(step)
        return read.apply(this, a)
      } as never)
    }
    t = await startTestRelay({ dataDir: dir, delivery: { outboxWindow: 40 } })
    const ids = alerts.map((a) => a.id)
    await waitFor(() => delivered(t!, ids) === 300, 30_000, 'every alert delivered')
    expect(steps.slice(0, 3)).toEqual(['listening', 'delivered', 'outbox'])
  }, 60_000)

  it('is counted whole while paused, then delivered once each, in stored order, across a restart, with arrivals joining the end', async () => {
    const { dir, alerts } = await backlogFolder(300)
    // Paused across the restart (as a person leaves it), so the count is read before any send.
    writeFileSync(
      join(dir, 'delivery-state.json'),
      JSON.stringify({ version: 1, robots: {}, pausedUntil: Number.MAX_SAFE_INTEGER }),
    )
    const log = vi.spyOn(console, 'log')
    // Five sends a window: below what automatic storm mode needs, so every alert goes in a digest.
    const opts = {
      dataDir: dir,
      channels: [{ name: 'oncall', throttle: { perMinute: 5 } }],
      sim: { rateLimit: 5, windowMs: 300, keep: 10_000 },
      delivery: { windowMs: 300, backoff: () => 50, outboxWindow: 40 },
    }
    t = await startTestRelay(opts)
    const requeued = () => log.mock.calls.flat().join('\n')
    await waitFor(() => requeued().includes('re-queued'), 10_000, 'the outbox read')
    // Only the window was read into memory; the rest is counted on disk.
    expect(requeued()).toMatch(
      /re-queued 40 pending delivery\(ies\).*; 260 more wait in the outbox/,
    )
    expect(t.relay.delivery.status().backlog).toBe(300)
    // Alerts received while the backlog waits on disk wait there too, behind it, and are counted.
    const early = await t.post('/alerts', crashLoops('early', 10))
    expect(early.status).toBe(202)
    const earlyIds = ((await early.json()) as { ids: string[] }).ids
    expect(t.relay.delivery.status().backlog).toBe(310)
    expect(t.relay.delivery.status().channels[0]!.backlog).toBe(310)

    t.relay.delivery.resume()
    const ids = alerts.map((a) => a.id)
    await waitFor(() => delivered(t!, ids) >= 120, 30_000, 'a part of the backlog delivered')
    // Read once the relay has stopped: a send it finishes while stopping is counted too.
    await t.relay.close()
    const before = t.sim.rules.messages.map((m) => m.content)
    await t.sim.close()
    t = undefined
    const done = await HistoryStore.open({ dir: join(dir, 'history') })
    const left = ids.filter((id) => done.get(id)?.deliveries.oncall?.state === 'pending').length
    await done.close()
    expect(left).toBeGreaterThan(40)

    t = await startTestRelay(opts)
    const late = await t.post('/alerts', crashLoops('late', 10))
    expect(late.status).toBe(202)
    const lateIds = ((await late.json()) as { ids: string[] }).ids
    await waitFor(
      () => delivered(t!, [...ids, ...earlyIds, ...lateIds]) === 320,
      60_000,
      'every alert delivered',
    )
    const seen = targetsIn([...before, ...t.sim.rules.messages.map((m) => m.content)])
    const expected = [
      ...Array.from({ length: 300 }, (_, k) => `node-${k + 1}`),
      ...Array.from({ length: 10 }, (_, k) => `early-${k + 1}`),
      ...Array.from({ length: 10 }, (_, k) => `late-${k + 1}`),
    ]
    // Once each (paging neither drops nor repeats one), in the order they were stored.
    expect(seen).toEqual(expected)
  }, 120_000)

  it.each([
    ['the alert name', '', 6],
    ['a label the brief does not carry', 'team', 3],
  ])(
    "a storm's summaries grouped by %s count what waits on disk: each states the whole backlog, none counts an alert twice",
    async (_, groupBy, groups) => {
      const { dir, alerts } = await backlogFolder(300, 6)
      t = await startTestRelay({
        dataDir: dir,
        channels: [{ name: 'oncall', storm: { threshold: 50, details: false, groupBy } }],
        sim: { rateLimit: 20, windowMs: 1500, keep: 10_000 },
        delivery: { windowMs: 1500, backoff: () => 50, outboxWindow: 40 },
      })
      await waitFor(() => t!.relay.delivery.status().backlog > 0, 10_000, 'the backlog queued')
      expect(t.relay.delivery.status().backlog).toBeLessThanOrEqual(300)
      const ids = alerts.map((a) => a.id)
      await waitFor(() => delivered(t!, ids) === 300, 60_000, 'every alert delivered')
      const summaries = t.sim.rules.messages
        .map((m) => m.content)
        .filter((c) => c.includes('Alert storm'))
      // "Summary only": the alerts leave with summaries, 40 at most each (the window), so there are
      // several; every one restates the whole storm, the 260 on disk included.
      expect(summaries.length).toBeGreaterThan(1)
      for (const s of summaries) expect(countsIn(s)).toBe(300)
      expect(summaries[0]).toContain(`300 alerts in ${groups} groups`)
      // Each alert is on a pod of its own: every line names 3 pods and counts the rest, those
      // waiting on disk included (the first summary saw 40 in memory and 260 on disk).
      const lines = summaries[0]!.split('\n').filter((l) => / ×\d+/.test(l))
      expect(lines).toHaveLength(groups)
      for (const l of lines) {
        const [, n, more] =
          / ×(\d+)[^\n]*: node-\d+, node-\d+, node-\d+ \+(\d+) more$/.exec(l) ?? []
        expect(Number(more), l).toBe(Number(n) - 3)
      }
      for (const id of ids) expect(t.relay.history.get(id)!.deliveries.oncall!.via).toBe('summary')
    },
    120_000,
  )
})
