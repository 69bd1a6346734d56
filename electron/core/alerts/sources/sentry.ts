import { mapLevel } from '../levels'
import { isRecord, str } from '../normalize'
import { readTags } from '../tags'
import { draftOf, pick } from './draft'
import { SourceError } from './source-errors'
import { type SenderReader } from './reader'

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {})

function score(o: unknown): number {
  if (!isRecord(o)) return 0
  const data = rec(o.data)
  if (typeof o.action === 'string' && (isRecord(data.issue) || isRecord(data.metric_alert)))
    return 0.97
  if (typeof o.action === 'string' && isRecord(data.event)) return 0.95
  if ('culprit' in o && ('project' in o || 'project_name' in o) && 'level' in o) return 0.85
  return 0
}

/** An issue's state in Sentry's words: resolved and ignored (archived) issues need no one now. */
const OVER = /^(resolved|ignored|archived)$/i

/**
 * Sentry: integration-platform issue webhooks (`action` created/resolved/assigned/ignored,
 * `data.issue`), issue alerts (`action: triggered`, `data.event`), metric alerts
 * (`data.metric_alert`, action critical/warning/resolved) and the legacy webhook plugin (`project`,
 * `culprit`, `level`, `url`, `event`).
 */
function read(o: unknown) {
  if (!isRecord(o) || score(o) === 0)
    throw new SourceError(
      'The body is not a Sentry webhook: it needs action and data.issue or data.event.',
    )
  const data = rec(o.data)
  const issue = rec(data.issue)
  const event = rec(isRecord(data.event) ? data.event : o.event)
  const metric = rec(data.metric_alert)
  const project = rec(issue.project)
  const action = pick(o, 'action')
  const status = pick(issue, 'status')
  const resolved =
    OVER.test(action ?? '') || OVER.test(status ?? '') || pick(metric, 'status') === '0'
      ? true
      : false
  const tags = readTags(event.tags)
  const id = pick(issue, 'id') ?? pick(event, 'issue_id') ?? pick(o, 'id')
  return [
    draftOf({
      source: 'sentry',
      status: resolved && action !== 'triggered' ? 'resolved' : 'firing',
      name:
        pick(issue, 'title') ??
        pick(metric, 'title') ??
        pick(data, 'description_title') ??
        pick(event, 'title') ??
        pick(o, 'message'),
      fallbackName: 'Sentry issue',
      level: mapLevel(
        pick(issue, 'level') ??
          pick(event, 'level') ??
          pick(o, 'level') ??
          (action === 'critical' || action === 'warning' ? action : undefined),
      ),
      target:
        pick(project, 'slug', 'name') ??
        pick(o, 'project_slug', 'project_name', 'project') ??
        tags.server_name,
      summary: pick(issue, 'culprit') ?? pick(event, 'culprit') ?? pick(o, 'culprit'),
      description:
        pick(rec(issue.metadata), 'value') ??
        pick(data, 'description_text') ??
        pick(rec(event.logentry), 'formatted') ??
        pick(o, 'message'),
      startedAt: issue.firstSeen ?? event.datetime ?? event.timestamp ?? metric.date_started,
      resolvedAt: issue.lastSeen ?? metric.date_closed,
      url:
        pick(issue, 'permalink', 'web_url') ??
        pick(event, 'web_url', 'issue_url') ??
        pick(data, 'web_url') ??
        pick(o, 'url'),
      id: pick(issue, 'shortId') ?? id,
      statusRaw: action,
      fingerprint: id ? `sentry-${id}` : undefined,
      labels: {
        ...tags,
        ...(pick(event, 'environment') ? { environment: pick(event, 'environment')! } : {}),
      },
      facts: {
        type: pick(rec(issue.metadata), 'type') ?? pick(issue, 'type'),
        state: status,
        data: str(issue.count) ? `${str(issue.count)} events` : undefined,
      },
      vars: { sentry_action: action },
      raw: o,
    }),
  ]
}

export const sentry: SenderReader = {
  name: 'sentry',
  needs: 'action with data.issue, data.event or data.metric_alert',
  score,
  read,
}
