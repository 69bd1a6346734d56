import type { ReceivedMessage } from '../../electron/core/simulator/robot'
import { realPayloads } from '../fixtures/real/load'

/**
 * A storm the way Alertmanager delivers one (#23): many groups, a request every 100 ms over three
 * seconds, 300 alerts under 12 names. Shared by the storm-burst tests and `npm run bench -- storm-burst`.
 */

export const NAMES = 12
export const TOTAL = 300
export const REQUESTS = 30
const LEVELS = ['critical', 'critical', 'critical', 'warning', 'warning', 'warning', 'warning']

/**
 * The burst's requests, built from a real Alertmanager payload (the Kubernetes crash-loop alert,
 * `am-k8s-crashloop-pod-critical.json`, or another real alert for its size): alert `i` is name `i % 12` on target `etcd-NN` (zero
 * padded, 25 per name), names 1–3 critical, 4–7 warning, the rest info, every 7th resolved. Each
 * request is one Alertmanager group of 10 alerts.
 */
export function burst(
  tag = 'burst',
  fixture = 'am-k8s-crashloop-pod-critical.json',
): { requests: unknown[]; names: string[]; critical: string[] } {
  const real = realPayloads().find((p) => p.file === fixture)!
  const base = (real.body as { alerts: Array<Record<string, unknown>> }).alerts[0]!
  const baseLabels = base.labels as Record<string, string>
  const names = Array.from({ length: NAMES }, (_, n) => `${baseLabels.alertname}${n + 1}`)
  const alerts = Array.from({ length: TOTAL }, (_, i) => {
    const n = i % NAMES
    const resolved = i % 7 === 0
    const target = `etcd-${String(Math.floor(i / NAMES) + 1).padStart(2, '0')}`
    return {
      ...base,
      status: resolved ? 'resolved' : 'firing',
      labels: {
        ...baseLabels,
        alertname: names[n]!,
        severity: LEVELS[n] ?? 'info',
        pod: target,
        instance: target,
      },
      fingerprint: `${tag}-${i}`,
      ...(resolved ? { endsAt: new Date().toISOString() } : {}),
    }
  })
  const per = TOTAL / REQUESTS
  const requests = Array.from({ length: REQUESTS }, (_, r) => ({
    version: '4',
    status: 'firing',
    receiver: 'relay',
    groupKey: `{}:{burst="${r}"}`,
    alerts: alerts.slice(r * per, (r + 1) * per),
  }))
  return { requests, names, critical: names.filter((_, n) => LEVELS[n] === 'critical') }
}

/** Posts each request 100 ms after the previous one; returns when the first and last went. */
export async function postBurst(
  post: (body: unknown) => Promise<Response>,
  requests: unknown[],
): Promise<{ first: number; last: number }> {
  const first = Date.now()
  let last = first
  for (let r = 0; r < requests.length; r++) {
    const due = first + r * 100
    if (due > Date.now()) await new Promise((ok) => setTimeout(ok, due - Date.now()))
    last = Date.now()
    const res = await post(requests[r])
    if (res.status !== 202) throw new Error(`The listener answered ${res.status}.`)
  }
  return { first, last }
}

export const receivedAt = (m: ReceivedMessage) => Date.parse(m.receivedAt)
/** The names of `list` a message names. */
export const namesIn = (m: ReceivedMessage, list: readonly string[]) =>
  list.filter((n) => new RegExp(`\\b${n}\\b`).test(m.content))
export const isPing = (m: ReceivedMessage) => m.msgtype === 'text' && m.mentionedMobiles.length > 0
/** The message that states the burst's total and names all its names. */
export const completeSummary = (m: ReceivedMessage, names: readonly string[]) =>
  new RegExp(`\\b${TOTAL} alerts\\b`).test(m.content) && namesIn(m, names).length === NAMES
