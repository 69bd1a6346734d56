import type { AlertDraft, AlertSource } from '../model'
import { SOURCE_LABELS } from '../source-names'
import { isRecord } from '../normalize'
import { fromAlertmanager } from './alertmanager'
import { fromAliyun, looksLikeAliyun } from './aliyun'
import { cloudwatch } from './cloudwatch'
import { datadog } from './datadog'
import { SourceError } from './source-errors'
import { fromGenericJson, type GenericMapping } from './generic'
import { fromGrafana } from './grafana'
import { hertzbeat } from './hertzbeat'
import { huaweiCloud } from './huawei-cloud'
import { newrelic } from './newrelic'
import { nightingale } from './nightingale'
import { fromOcp, ocpScore } from './ocp'
import { pagerduty } from './pagerduty'
import { listScore, type SenderReader } from './reader'
import { sentry } from './sentry'
import { skywalking } from './skywalking'
import { tencentCloud } from './tencent-cloud'
import { fromUptimeKuma, looksLikeUptimeKuma } from './uptime-kuma'
import { fromZabbix, zabbixScore } from './zabbix'

export { SourceError } from './source-errors'
export { fromText, type GenericMapping } from './generic'
export type { SenderReader } from './reader'

const isAlertList = (b: unknown): b is Record<string, unknown> & { alerts: unknown[] } =>
  isRecord(b) && Array.isArray(b.alerts)

const grafanaScore = (b: unknown): number => {
  if (!isRecord(b)) return 0
  if (isAlertList(b))
    return 'orgId' in b || b.version === '1' || ('title' in b && 'state' in b) ? 0.95 : 0
  if ('evalMatches' in b) return 0.95
  return ('ruleName' in b || 'ruleId' in b) && 'state' in b && !('alarmMessage' in b) ? 0.9 : 0
}

const alertmanagerScore = (b: unknown): number => {
  if (!isAlertList(b)) return 0
  return 'receiver' in b || 'groupKey' in b || b.version === '4' ? 0.9 : 0.6
}

/** A reader from one of the first readers' single-item functions: one object or a list of them. */
function oneEach<T extends Record<string, unknown>>(
  name: AlertSource,
  is: (o: unknown) => o is T,
  readItem: (o: T) => AlertDraft,
  label: string,
  needs: string,
  score: (o: unknown) => number = (o) => (is(o) ? 0.9 : 0),
): SenderReader {
  return {
    name,
    needs,
    score: (body) => listScore(body, score),
    read: (body) => {
      const items = Array.isArray(body) ? body : [body]
      return items.map((item, i) => {
        if (!is(item))
          throw new SourceError(
            `${Array.isArray(body) ? `Item ${i}` : 'The body'} is not a ${label} alert: it needs ${needs}.`,
          )
        return readItem(item)
      })
    },
  }
}

const isAnyRecord = (o: unknown): o is Record<string, unknown> => isRecord(o)

/** Every sender's reader. Detection asks each how much a body looks like its sender's. */
export const READERS: readonly SenderReader[] = [
  {
    name: 'alertmanager',
    needs: 'an alerts list',
    score: alertmanagerScore,
    read: (b, now) => fromAlertmanager(b, now),
  },
  {
    name: 'grafana',
    needs: 'alerts or evalMatches',
    score: grafanaScore,
    read: (b, now) => fromGrafana(b, now),
  },
  {
    name: 'ocp',
    needs: 'alarm_* fields such as alarm_name',
    score: (b) => ocpScore(b),
    read: (b) => fromOcp(b),
  },
  oneEach('zabbix', isAnyRecord, fromZabbix, 'Zabbix', 'trigger_name and host_name', zabbixScore),
  oneEach(
    'uptime-kuma',
    looksLikeUptimeKuma,
    fromUptimeKuma,
    'Uptime Kuma',
    'heartbeat and monitor',
  ),
  oneEach('aliyun', looksLikeAliyun, fromAliyun, 'Aliyun CloudMonitor', 'alertName and alertState'),
  nightingale,
  skywalking,
  tencentCloud,
  huaweiCloud,
  cloudwatch,
  sentry,
  pagerduty,
  newrelic,
  datadog,
  hertzbeat,
]

const BY_NAME = new Map(READERS.map((r) => [r.name, r]))

/** Each reader's score for a body, best first (the window shows why a body read as it did). */
export function scoreSources(body: unknown): Array<{ source: AlertSource; score: number }> {
  return READERS.map((r) => ({ source: r.name, score: r.score(body) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
}

/**
 * Which sender a parsed JSON body comes from, by its whole shape: every reader scores the body
 * and the best score of at least 0.5 wins; none: the generic reader. No single key decides.
 */
export function detectSource(body: unknown): AlertSource {
  let best: SenderReader | undefined
  let bestScore = 0.5
  for (const r of READERS) {
    const s = r.score(body)
    if (s > bestScore || (s === bestScore && !best && s >= 0.5)) {
      best = r
      bestScore = s
    }
  }
  return best?.name ?? 'generic'
}

/** Parsed JSON → alert drafts, detecting the source unless one is forced. Throws SourceError for a body that cannot be alerts. */
export function parseAlerts(
  body: unknown,
  source: AlertSource | undefined,
  mapping: GenericMapping,
  now = new Date(),
): AlertDraft[] {
  if (body === null || typeof body !== 'object') {
    throw new SourceError(
      `The body is a JSON ${body === null ? 'null' : typeof body}, not an alert: send a JSON object or array of objects.`,
    )
  }
  const chosen = source ?? detectSource(body)
  if (chosen === 'generic') {
    // A generic body with no mapping of its own that is plainly one of the known senders (Aliyun
    // posts form fields, which the listener hands over as generic) is read as that sender.
    const known = !mapping.itemsPath && !Object.keys(mapping.fields).length
    if (known && !Array.isArray(body)) {
      const detected = detectSource(body)
      if (detected !== 'generic') return parseAlerts(body, detected, mapping, now)
    }
    return fromGenericJson(body, mapping)
  }
  const reader = BY_NAME.get(chosen)!
  // A forced reader refuses a body that is plainly not its sender's, with what it needs.
  if (source && reader.score(body) === 0 && chosen !== 'alertmanager' && chosen !== 'grafana')
    throw new SourceError(
      `The body is not a ${SOURCE_LABELS[chosen]} alert: it needs ${reader.needs}.`,
    )
  return reader.read(body, now)
}

export function isSourceError(err: unknown): err is SourceError {
  return err instanceof SourceError
}
