import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { WeComSender, buildMessages } from '../electron/core/channels/wecom/sender'
import { oneChannel } from '../test/helpers/cli'
import { startSimulator, type Simulator } from '../electron/core/simulator/simulator-server'
import { DEFAULT_MARKDOWN_EN } from '../electron/core/templates/defaults'
import { renderTemplate } from '../electron/core/templates/render'
import { figure, startServe, type ScenarioResult } from './lib'

const token = (i: number) => `Storm-${String(i).padStart(4, '0')}-q`

/** Names across the storm (#17: 1,000 alerts across 40 names); the token is the alert's target. */
const NAMES = 40

function alert(i: number) {
  const level = ['critical', 'warning', 'info'][(i % NAMES) % 3]!
  return {
    status: 'firing',
    labels: {
      alertname: `NodeFilesystemFillingUp${i % NAMES}`,
      severity: level,
      instance: token(i),
      job: 'node',
    },
    annotations: {
      summary: `Filesystem /data on node-${i % 50} is filling up`,
      description: `Only ${i % 10}% left`,
    },
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph',
    fingerprint: `storm${i}`,
  }
}

/** Posts `n` alerts spread evenly over `seconds`, in Alertmanager groups of 10. */
async function postStorm(
  url: string | ((alerts: object[]) => Promise<void>),
  n: number,
  seconds: number,
): Promise<void> {
  const groups = Math.ceil(n / 10)
  const started = Date.now()
  const posts: Promise<unknown>[] = []
  for (let g = 0; g < groups; g++) {
    const due = started + (g * seconds * 1000) / groups
    await new Promise((r) => setTimeout(r, Math.max(0, due - Date.now())))
    const alerts = Array.from({ length: Math.min(10, n - g * 10) }, (_, j) => alert(g * 10 + j))
    posts.push(
      typeof url === 'string'
        ? fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ version: '4', status: 'firing', receiver: 'relay', alerts }),
          }).then((r) => {
            if (r.status !== 202) throw new Error(`listener answered ${r.status}`)
          })
        : url(alerts),
    )
  }
  await Promise.all(posts)
}

interface Tally {
  seconds: number
  messages: number
  rejected45009: number
  lost: number
  duplicated: number
}

/** Storm summaries name alerts without delivering them: the per-alert tally leaves them out. */
const isSummary = (content: string) => content.includes('Alert storm')

function tally(sim: Simulator, n: number, startedAt: number): Tally {
  const seen = new Map<number, number>()
  let last = startedAt
  for (const m of sim.rules.messages) {
    if (isSummary(m.content)) continue
    for (const match of m.content.matchAll(/Storm-(\d{4})-q/g)) {
      const i = Number(match[1])
      seen.set(i, (seen.get(i) ?? 0) + 1)
    }
    last = Math.max(last, Date.parse(m.receivedAt))
  }
  return {
    seconds: (last - startedAt) / 1000,
    messages: sim.rules.messages.length,
    rejected45009: sim.rules.stats()['45009'] ?? 0,
    lost: n - seen.size,
    duplicated: [...seen.values()].filter((c) => c > 1).length,
  }
}

/**
 * When every alert was first accounted for, from the relay's own history: the earliest successful
 * attempt that carried it, a storm summary (which lists the alerts it names or counts) or a
 * per-alert message.
 */
function accountedFromHistory(
  dataDir: string,
  startedAt: number,
  lastPostAt: number,
): { seconds: number; afterLastPost: number; summaries: number } {
  const dir = join(dataDir, 'history')
  const first = new Map<string, number>()
  const alerts = new Set<string>()
  let summaries = 0
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue
      const r = JSON.parse(line) as {
        t: string
        alert?: { id: string }
        alertIds?: string[]
        kind?: string
        outcome?: string
        at?: string
      }
      if (r.t === 'alert' && r.alert) alerts.add(r.alert.id)
      if (r.t !== 'attempt' || r.outcome !== 'success' || r.kind === 'mention') continue
      if (r.kind === 'summary') summaries++
      const at = Date.parse(r.at!)
      for (const id of r.alertIds ?? []) if (!(first.get(id)! <= at)) first.set(id, at)
    }
  }
  const missing = [...alerts].filter((id) => !first.has(id)).length
  const last = missing ? NaN : Math.max(...first.values())
  return {
    seconds: (last - startedAt) / 1000,
    afterLastPost: (last - lastPostAt) / 1000,
    summaries,
  }
}

/**
 * The storm: `n` distinct alerts within 10 s to one robot at WeCom's real limit (20 per 60 s),
 * through the relay, and through the naive strategy of the tools it replaces (one message per
 * alert, sent at once), in the same run.
 */
export async function storm(
  opts: { alerts?: number; timeoutMs?: number } = {},
): Promise<ScenarioResult> {
  const n = opts.alerts ?? 1000
  const timeoutMs = opts.timeoutMs ?? 300_000
  const notes: string[] = []
  let lastPostAt = 0

  // The relay.
  const sim = await startSimulator({
    port: 0,
    keys: ['storm-robot'],
    rateLimit: 20,
    windowMs: 60_000,
    keep: 100_000,
  })
  const relay = await startServe(oneChannel(sim.webhookUrl('storm-robot')))
  const started = Date.now()
  await postStorm(relay.alerts, n, 10)
  lastPostAt = Date.now()
  const deadline = started + timeoutMs
  while (Date.now() < deadline && tally(sim, n, started).lost > 0)
    await new Promise((r) => setTimeout(r, 250))
  const r = tally(sim, n, started)
  // Read before the stop: stopping a bench relay removes its data folder.
  const accounted = accountedFromHistory(relay.dataDir, started, lastPostAt)
  await relay.stop()
  await sim.close()

  // The naive strategy, against a fresh robot.
  const naiveSim = await startSimulator({
    port: 0,
    keys: ['naive-robot'],
    rateLimit: 20,
    windowMs: 60_000,
    keep: 100_000,
  })
  const sender = new WeComSender()
  const naiveStarted = Date.now()
  await postStorm(
    async (alerts) => {
      await Promise.all(
        alerts.map((a) => {
          const content = renderTemplate(
            DEFAULT_MARKDOWN_EN,
            {
              vars: {
                alarm_name: `${(a as ReturnType<typeof alert>).labels.alertname} ${(a as ReturnType<typeof alert>).labels.instance}`,
              },
              labels: {},
              annotations: {},
            },
            'markdown',
          )
          return sender.send(
            { url: naiveSim.webhookUrl('naive-robot') },
            buildMessages({ format: 'markdown', content })[0]!.body,
          )
        }),
      )
    },
    n,
    10,
  )
  const naive = tally(naiveSim, n, naiveStarted)
  await sender.close()
  await naiveSim.close()

  if (r.lost) notes.push(`${r.lost} alerts had not arrived after ${timeoutMs / 1000} s.`)
  notes.push(
    `Naive: one message per alert, sent at once, as the tools the relay replaces do; what WeCom rejects with 45009 is lost. Queuing those naively at 20/min instead would take ${Math.ceil(n / 20)} minutes.`,
  )
  return {
    scenario: 'storm',
    description: `${n} distinct alerts across ${NAMES} names within 10 s to one robot at 20 messages/min`,
    figures: [
      figure(
        'time until the last per-alert block reached the robot',
        r.seconds,
        's',
        undefined,
        'target: under 180 s',
      ),
      figure(
        'time until every alert is accounted for (named or counted in a summary)',
        accounted.seconds,
        's',
        undefined,
        `${accounted.afterLastPost.toFixed(1)} s after the last post (target: within 5 s); ${accounted.summaries} summaries`,
      ),
      figure('messages used', r.messages, 'messages', {
        value: naive.messages + naive.rejected45009,
        name: 'naive, attempted',
      }),
      figure('errcode 45009 answers', r.rejected45009, 'answers', {
        value: naive.rejected45009,
        name: 'naive',
      }),
      figure('alerts lost', r.lost, 'alerts', { value: naive.lost, name: 'naive' }),
      figure('alerts duplicated', r.duplicated, 'alerts', {
        value: naive.duplicated,
        name: 'naive',
      }),
    ],
    notes,
  }
}
