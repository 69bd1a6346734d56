import type { AlertDraft, AlertSource } from '../model'
import { isRecord } from '../normalize'
import { fromAlertmanager } from './alertmanager'
import { SourceError } from './errors'
import { fromGenericJson, type GenericMapping } from './generic'
import { fromGrafana } from './grafana'
import { fromOcp, looksLikeOcp } from './ocp'

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
    case 'generic':
      return fromGenericJson(body, mapping)
  }
}

export function isSourceError(err: unknown): err is SourceError {
  return err instanceof SourceError
}
