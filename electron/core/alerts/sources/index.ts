import type { AlertDraft, AlertSource } from '../model'
import { isRecord } from '../normalize'
import { fromAlertmanager } from './alertmanager'
import { SourceError } from './errors'
import { fromGenericJson, type GenericMapping } from './generic'
import { fromGrafana } from './grafana'
import { fromOcp, looksLikeOcp } from './ocp'
import { fromAliyun, looksLikeAliyun } from './aliyun'
import { fromUptimeKuma, looksLikeUptimeKuma } from './uptime-kuma'
import { fromZabbix, looksLikeZabbix } from './zabbix'

export { SourceError } from './errors'
export { fromText, type GenericMapping } from './generic'

/** Which sender a parsed JSON body comes from, by the fields each one always sends. */
export function detectSource(body: unknown): AlertSource {
  if (isRecord(body)) {
    if (Array.isArray(body.alerts)) {
      const grafana =
        'orgId' in body || body.version === '1' || ('title' in body && 'state' in body)
      return grafana ? 'grafana' : 'alertmanager'
    }
    if ('evalMatches' in body || (('ruleName' in body || 'ruleId' in body) && 'state' in body))
      return 'grafana'
  }
  if (looksLikeUptimeKuma(body)) return 'uptime-kuma'
  if (looksLikeAliyun(body)) return 'aliyun'
  if (looksLikeZabbix(body)) return 'zabbix'
  if (looksLikeOcp(body)) return 'ocp'
  return 'generic'
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
  switch (source ?? detectSource(body)) {
    case 'alertmanager':
      return fromAlertmanager(body, now)
    case 'grafana':
      return fromGrafana(body, now)
    case 'ocp':
      return fromOcp(body)
    case 'zabbix':
      return one(body, looksLikeZabbix, fromZabbix, 'Zabbix', 'trigger_name and host_name')
    case 'uptime-kuma':
      return one(body, looksLikeUptimeKuma, fromUptimeKuma, 'Uptime Kuma', 'heartbeat and monitor')
    case 'aliyun':
      return one(
        body,
        looksLikeAliyun,
        fromAliyun,
        'Aliyun CloudMonitor',
        'alertName and alertState',
      )
    case 'generic': {
      // A generic body with no mapping of its own that is plainly one of the known senders (Aliyun
      // posts form fields, which the listener hands over as generic) is read as that sender.
      const known = !mapping.itemsPath && !Object.keys(mapping.fields).length
      if (known && !Array.isArray(body)) {
        const detected = detectSource(body)
        if (detected !== 'generic') return parseAlerts(body, detected, mapping, now)
      }
      return fromGenericJson(body, mapping)
    }
  }
}

export function isSourceError(err: unknown): err is SourceError {
  return err instanceof SourceError
}

function one<T extends Record<string, unknown>>(
  body: unknown,
  is: (o: unknown) => o is T,
  read: (o: T) => AlertDraft,
  name: string,
  fields: string,
): AlertDraft[] {
  const items = Array.isArray(body) ? body : [body]
  return items.map((item, i) => {
    if (!is(item))
      throw new SourceError(
        `${Array.isArray(body) ? `Item ${i}` : 'The body'} is not a ${name} alert: it needs ${fields}.`,
      )
    return read(item)
  })
}
