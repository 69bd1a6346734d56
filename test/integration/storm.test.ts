import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { finishAlert } from '../../electron/core/alerts/model'
import { parseAlerts } from '../../electron/core/alerts/sources'
import { HistoryStore } from '../../electron/core/history/history-store'
import { createApiService } from '../../electron/core/api/service'
import { realPayloads } from '../fixtures/real/load'
import { startFakeRobot } from '../helpers/fake-robot'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { tempDir } from '../helpers/servers'

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/**
 * 1,000 alerts across 40 names, built from a real Alertmanager payload (the Kubernetes
 * crash-loop alert, `am-k8s-crashloop-pod-critical.json`): each name on its own run of pods,
 * some already resolved, levels varied.
 */
function stormBody(names = 40, alerts = 1000): { body: unknown; names: string[] } {
  const real = realPayloads().find((p) => p.file === 'am-k8s-crashloop-pod-critical.json')!
  const base = (real.body as { alerts: Array<Record<string, unknown>> }).alerts[0]!
  const baseLabels = base.labels as Record<string, string>
  const list = Array.from({ length: names }, (_, n) => `${baseLabels.alertname}${n + 1}`)
  const levels = ['critical', 'warning', 'info']
  const items = Array.from({ length: alerts }, (_, i) => {
    const n = i % names
    const resolved = i % 7 === 0
    return {
      ...base,
      status: resolved ? 'resolved' : 'firing',
      labels: {
        ...baseLabels,
        alertname: list[n]!,
        severity: levels[n % 3]!,
        pod: `api-${Math.floor(i / names) + 1}`,
        instance: `api-${Math.floor(i / names) + 1}`,
      },
      fingerprint: `storm-${i}`,
      ...(resolved ? { endsAt: new Date().toISOString() } : {}),
    }
  })
  return {
    body: { version: '4', status: 'firing', receiver: 'relay', alerts: items },
    names: list,
  }
}

/** The counts a summary line shows (`×25`), summed over the message. */
/** Waits until every one of `ids` is delivered on `oncall`. */
const allDelivered = (ids: string[], timeoutMs = 60_000) =>
  waitFor(
    () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
    timeoutMs,
    'every alert delivered',
  )

const countsIn = (content: string) =>
  [...content.matchAll(/ ×(\d+)[ （]/g)].reduce((n, m) => n + Number(m[1]), 0)

describe('storms: every alert accounted for in the first message, details after', () => {
  it('1,000 alerts across 40 names: the first message names all 40 and counts 1,000; zero 45009, zero lost', async () => {
    t = await startTestRelay({
      sim: { rateLimit: 20, windowMs: 1500, keep: 10_000 },
      delivery: { windowMs: 1500, backoff: () => 50 },
      settings: { app: { linkBaseUrl: 'http://ops-pc:8761' } },
    })
    const { body, names } = stormBody()
    const res = await t.post('/alerts', body)
    expect(res.status).toBe(202)
    const ids = ((await res.json()) as { ids: string[] }).ids
    expect(ids).toHaveLength(1000)
    await allDelivered(ids)
    const messages = t.sim.rules.messages
    const first = messages[0]!.content
    expect(first).toContain('Alert storm: 1000 alerts in 40 groups')
    for (const name of names) expect(first).toMatch(new RegExp(`\\*\\*${name}\\*\\*`))
    expect(countsIn(first)).toBe(1000)
    // Targets fold into runs, most severe first, and the summary links to this storm's history.
    expect(first).toMatch(/api-1…api-25/)
    expect(first.indexOf('[Critical]')).toBeLessThan(first.indexOf('[Warning]'))
    expect(first).toMatch(
      /\[History of this storm\]\(http:\/\/ops-pc:8761\/#\/history\?channel=oncall&from=/,
    )
    // Then the details: every alert in exactly one per-alert message, none refused, none lost.
    expect(t.sim.rules.stats()['45009']).toBeUndefined()
    const details = messages.slice(1).filter((m) => !m.content.includes('Alert storm'))
    for (let pod = 1; pod <= 25; pod++)
      for (const name of names.slice(0, 3)) {
        const needle = new RegExp(`${name}\\b[^\\n]*api-${pod}\\b`)
        expect(details.filter((m) => needle.test(m.content)).length, `${name} api-${pod}`).toBe(1)
      }
    const attempt = t.relay.history.get(ids[0]!)!.attempts.find((a) => a.kind === 'summary')
    expect(attempt?.alertIds).toHaveLength(1000)
  })

  it('"summary only during storms": the summary accounts for every alert in the history, no details follow', async () => {
    t = await startTestRelay({
      channels: [{ name: 'oncall', storm: { threshold: 50, details: false, groupBy: '' } }],
      sim: { rateLimit: 20, windowMs: 1500, keep: 10_000 },
      delivery: { windowMs: 1500, backoff: () => 50 },
    })
    const { body } = stormBody(12, 300)
    const ids = ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
    await waitFor(
      () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
      30_000,
      'every alert accounted for',
    )
    const messages = t.sim.rules.messages
    expect(messages[0]!.content).toContain('held back during the storm')
    expect(countsIn(messages[0]!.content)).toBe(300)
    const d = t.relay.history.get(ids[299]!)!.deliveries.oncall!
    expect(d).toMatchObject({ via: 'summary' })
    // Written with its code, which the window translates by.
    expect(d.reason).toMatchObject({
      code: 'reason.stormSummary',
      params: { count: '300' },
    })
    // Once quiet, the storm is over: one closing message restates it with how many resolved.
    await waitFor(() => messages.length >= 2, 10_000, 'the closing message')
    expect(messages).toHaveLength(2)
    expect(messages[1]!.content).toContain('Alert storm over: 300 alerts in 12 groups, 43 resolved')
    expect(countsIn(messages[1]!.content)).toBe(300)
    // The storm is over: a lone alert later goes out as itself.
    const { body: one } = stormBody(1, 1)
    const alone = one as { alerts: Array<{ fingerprint: string }> }
    alone.alerts[0]!.fingerprint = 'after-the-storm'
    const [late] = ((await (await t.post('/alerts', alone)).json()) as { ids: string[] }).ids
    await waitFor(
      () => t!.relay.history.get(late!)?.deliveries.oncall?.state === 'delivered',
      10_000,
      'the lone alert delivered',
    )
    expect(t.relay.history.get(late!)!.deliveries.oncall!.via).toBe('alone')
    expect(t.sim.rules.messages).toHaveLength(3)
  })

  it('"summary only": a failed summary sent again counts its alerts once in the next update\'s total', async () => {
    t = await startTestRelay({
      channels: [
        {
          name: 'oncall',
          mentionUserIds: ['zhangsan'],
          storm: { threshold: 50, details: false, groupBy: '' },
        },
      ],
      sim: { rateLimit: 20, windowMs: 1500, keep: 10_000 },
      delivery: { windowMs: 1500, backoff: () => 50 },
    })
    // The first summary fails (HTTP 502); the one sent again is held at the robot long enough for
    // a second wave to arrive while the storm goes on.
    t.sim.faults.add({ fault: { kind: 'status', status: 502 }, times: 1 })
    t.sim.faults.add({ fault: { kind: 'delay', ms: 3000 }, times: 1 })
    const { body } = stormBody(12, 300)
    const first = ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
    await waitFor(() => t!.sim.faults.list().length === 0, 30_000, 'the summary sent again')
    const { body: more } = stormBody(12, 60)
    const wave = more as { alerts: Array<{ fingerprint: string }> }
    for (const a of wave.alerts) a.fingerprint = `second-wave-${a.fingerprint}`
    const second = ((await (await t.post('/alerts', wave)).json()) as { ids: string[] }).ids
    const ids = [...first, ...second]
    expect(new Set(ids).size).toBe(360)
    await waitFor(
      () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
      30_000,
      'every alert accounted for',
    )
    expect(t.sim.rules.stats()['502']).toBeUndefined()
    const [again, update, ...rest] = t.sim.rules.messages
    // Nothing but the storm's close after the update.
    expect(rest.every((m) => m.content.includes('Alert storm over: 360 alerts'))).toBe(true)
    // The summary sent again is still the storm's first, of its 300 alerts, and rings the people on
    // call; the update (no new alert name) does not ring them again, and restates the whole storm.
    expect(again!.content).toContain('Alert storm: 300 alerts in 12 groups')
    expect(countsIn(again!.content)).toBe(300)
    expect(again!.content).toContain('<@zhangsan>')
    expect(update!.content).not.toContain('<@zhangsan>')
    expect(update!.content).toContain('Alert storm continues: 360 alerts in 12 groups (60 new)')
    expect(countsIn(update!.content)).toBe(360)
  })

  it('the first summary @mentions the people on call (inline, and the mobiles in the follow-up)', async () => {
    t = await startTestRelay({
      channels: [
        {
          name: 'oncall',
          format: 'markdown',
          mentionMobiles: ['13800001111'],
          mentionUserIds: ['zhangsan'],
          storm: { threshold: 50, details: false, groupBy: '' },
        },
      ],
      sim: { rateLimit: 20, windowMs: 1500, keep: 10_000 },
      delivery: { windowMs: 1500, backoff: () => 50 },
    })
    const { body } = stormBody(12, 300)
    const ids = ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
    await waitFor(() => t!.sim.rules.messages.length >= 2, 30_000, 'the summary and its mention')
    const [summary, mention] = t.sim.rules.messages
    expect(summary!.content).toContain('Alert storm: 300 alerts in 12 groups')
    expect(summary!.content).toContain('<@zhangsan>')
    expect(mention).toMatchObject({ msgtype: 'text', mentionedMobiles: ['13800001111'] })
    // The ping counts what still fires: 43 of the 300 are resolved.
    expect(mention!.content).toBe('257 alerts above need attention.')
    await waitFor(
      () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
      30_000,
      'every alert accounted for',
    )
  })

  it('a DingTalk robot in Chinese: the same summary in its own body and words, within its limits', async () => {
    const windowMs = 1500
    t = await startTestRelay({
      sim: { windowMs, rateLimit: 20, keep: 10_000 },
      keys: ['ding-storm-0001'],
      channels: [
        {
          name: 'oncall',
          type: 'dingtalk',
          language: 'zh',
          webhookUrl: 'http://127.0.0.1:9/robot/send?access_token=ding-storm-0001',
        },
      ],
      delivery: { windowMs, backoff: () => 50 },
    })
    t.relay.settings.update((s) => {
      s.channels[0]!.webhookUrl = t!.sim.dingtalkUrl('ding-storm-0001')
    })
    const { body, names } = stormBody()
    const ids = ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
    await allDelivered(ids)
    const [first, ...rest] = t.sim.rules.messages
    expect(first!.title).toBe('告警风暴：1000 条告警，40 组')
    expect(first!.content).toContain('告警风暴：1000 条告警，40 组')
    for (const name of names) expect(first!.content).toContain(`**${name}**`)
    expect(countsIn(first!.content)).toBe(1000)
    expect(rest.length).toBeGreaterThan(0)
    expect(t.sim.rules.stats()['130101']).toBeUndefined()
  })

  it('a Feishu/Lark bot with a threshold: the summary card first, within both of its windows', async () => {
    const windowMs = 6000
    t = await startTestRelay({
      sim: { windowMs, keep: 10_000 },
      keys: ['feishu-storm-0001'],
      channels: [
        {
          name: 'oncall',
          type: 'feishu',
          webhookUrl: 'http://127.0.0.1:9/open-apis/bot/v2/hook/feishu-storm-0001',
          // 100 a minute carry 1,000 alerts in full blocks (no storm by the automatic rule): the
          // channel asks for a summary beyond 500 waiting.
          storm: { threshold: 500, groupBy: '', details: true },
        },
      ],
      delivery: { windowMs, backoff: () => 50 },
    })
    t.relay.settings.update((s) => {
      s.channels[0]!.webhookUrl = t!.sim.feishuUrl('feishu-storm-0001')
    })
    const { body, names } = stormBody()
    const ids = ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
    await allDelivered(ids)
    const [first] = t.sim.rules.messages
    expect(first).toMatchObject({
      platform: 'feishu',
      title: 'Alert storm: 1000 alerts in 40 groups',
    })
    for (const name of names) expect(first!.content).toContain(name)
    expect(t.sim.rules.stats()['9499']).toBeUndefined()
    expect(t.sim.rules.stats()['11232']).toBeUndefined()
  })

  it('an HTTP channel with a threshold: the summary is one request, then one request per alert', async () => {
    const fake = await startFakeRobot(() => ({ status: 200, body: { ok: true } }))
    try {
      t = await startTestRelay({
        channels: [
          {
            name: 'oncall',
            type: 'http',
            webhookUrl: '',
            url: `${fake.origin}/hook`,
            body: '{"name": "${alarm_name}"}',
            storm: { threshold: 20, groupBy: '', details: true },
          },
        ],
      })
      await t.relay.delivery.pause(60_000)
      const { body } = stormBody(5, 30)
      const ids = ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
      t.relay.delivery.resume()
      await allDelivered(ids, 20_000)
      const names = fake.received.map((r) => (r.json as { name: string }).name)
      expect(names[0]).toBe('Alert storm: 30 alerts in 5 groups')
      expect(names).toHaveLength(31)
    } finally {
      await fake.close()
    }
  })

  it('the studio previews a pasted storm, and says so when the paste cannot be read', async () => {
    t = await startTestRelay({})
    const service = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const { body } = stormBody(40, 1000)
    const template = t.relay.settings.get().channels[0]!.template
    const pasted = await service.previewStorm({
      template,
      format: 'markdown',
      sample: { kind: 'payload', json: JSON.stringify(body) },
      mode: 'paste',
      count: 1000,
      names: 40,
      storm: { threshold: 'auto', groupBy: '', details: true, gatherSeconds: 1.5 },
      arrivalSeconds: 0,
      sharedRobot: false,
    })
    // All at once, held by the gather window (1.5 s) like the channel's first message.
    expect(pasted.messages[0]).toMatchObject({ kind: 'summary', atMs: 1500, alerts: 1000 })
    expect(pasted.messages[0]!.content).toContain('Alert storm: 1000 alerts in 40 groups')
    expect(pasted.sampleError).toBeUndefined()
    const broken = await service.previewStorm({
      template,
      format: 'markdown',
      sample: { kind: 'payload', json: '{"alerts": [' },
      mode: 'paste',
      count: 1000,
      names: 40,
      storm: { threshold: 'auto', groupBy: '', details: true, gatherSeconds: 1.5 },
      arrivalSeconds: 0,
      sharedRobot: false,
    })
    expect(broken.sampleError).toMatch(/could not be read/)
  })

  it('a backlog one message carries in full is no storm', async () => {
    t = await startTestRelay({
      sim: { rateLimit: 20, windowMs: 1500 },
      delivery: { windowMs: 1500, backoff: () => 50 },
    })
    const { body } = stormBody(2, 2)
    const ids = ((await (await t.post('/alerts', body)).json()) as { ids: string[] }).ids
    await waitFor(
      () => ids.every((id) => t!.relay.history.get(id)?.deliveries.oncall?.state === 'delivered'),
      10_000,
      'delivered',
    )
    expect(t.sim.rules.messages.some((m) => m.content.includes('Alert storm'))).toBe(false)
  })
})

describe('a storm left waiting by a stopped relay', () => {
  it('is queued again in pages after a restart while the listener answers; the first summary counts all of it, and an alert received meanwhile is delivered too', async () => {
    // 1,200 alerts stored and still pending (the relay stopped before sending them): more than
    // two pages of the outbox.
    const dataDir = tempDir('relay-backlog-')
    const store = await HistoryStore.open({ dir: join(dataDir, 'history') })
    const { body } = stormBody(12, 1200)
    const at = new Date(Date.now() - 60_000)
    const backlog = parseAlerts(body, 'alertmanager', { itemsPath: '', fields: {} }, at).map((d) =>
      finishAlert(d, at),
    )
    await store.addAlerts(backlog.map((alert) => ({ alert, targets: ['oncall'], skipped: [] })))
    await store.close()
    t = await startTestRelay({
      dataDir,
      channels: [{ name: 'oncall', storm: { threshold: 50, details: false, groupBy: '' } }],
      sim: { rateLimit: 20, windowMs: 1500, keep: 10_000 },
      delivery: { windowMs: 1500, backoff: () => 50 },
    })
    const { body: one } = stormBody(1, 1)
    const fresh = one as { alerts: Array<{ fingerprint: string }> }
    fresh.alerts[0]!.fingerprint = 'received-while-queueing'
    const res = await t.post('/alerts', fresh)
    expect(res.status).toBe(202)
    const [late] = ((await res.json()) as { ids: string[] }).ids
    await allDelivered([...backlog.map((a) => a.id), late!], 30_000)
    // Judged on the whole backlog, not on its first page.
    expect(countsIn(t.sim.rules.messages[0]!.content)).toBeGreaterThanOrEqual(1200)
    // Each summary restates the whole picture: the latest names the backlog and the late alert,
    // each once (nothing folded into itself, nothing queued twice).
    expect(t.relay.history.get(late!)!.deliveries.oncall!.via).toBe('summary')
    expect(Math.max(...t.sim.rules.messages.map((m) => countsIn(m.content)))).toBe(1201)
  })
})
