import { mapLevel, PAGERDUTY_URGENCY } from '../levels'
import { isRecord } from '../normalize'
import { draftOf, pick } from './draft'
import { SourceError } from './errors'
import { type SenderReader } from './reader'

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {})

function score(o: unknown): number {
  if (!isRecord(o) || !isRecord(o.event)) return 0
  const e = o.event
  return typeof e.event_type === 'string' &&
    /^(incident|service)\./.test(e.event_type) &&
    'data' in e
    ? 0.97
    : 0
}

/**
 * PagerDuty v3 webhooks: `event.event_type` incident.triggered/acknowledged/resolved/…,
 * `event.data` the incident (title, status, urgency, priority, service, html_url).
 */
function read(o: unknown) {
  if (!isRecord(o) || score(o) === 0)
    throw new SourceError('The body is not a PagerDuty v3 webhook: it needs event.event_type.')
  const e = rec(o.event)
  const d = rec(e.data)
  const type = pick(e, 'event_type')
  const status = pick(d, 'status')
  const resolved = status === 'resolved' || type === 'incident.resolved'
  const priority = pick(rec(d.priority), 'summary', 'name')
  const urgency = pick(d, 'urgency')
  const assignees = (Array.isArray(d.assignees) ? d.assignees : [])
    .map((a) => pick(rec(a), 'summary'))
    .filter(Boolean)
  return [
    draftOf({
      source: 'pagerduty',
      status: resolved ? 'resolved' : 'firing',
      name: pick(d, 'title', 'summary'),
      fallbackName: 'PagerDuty incident',
      level: priority
        ? mapLevel(priority)
        : urgency
          ? mapLevel(urgency, PAGERDUTY_URGENCY)
          : undefined,
      target: pick(rec(d.service), 'summary', 'name'),
      summary: type
        ? `${type.replace(/^incident\./, 'Incident ')}${pick(d, 'number') ? ` #${pick(d, 'number')}` : ''}`
        : undefined,
      startedAt: d.created_at ?? e.occurred_at,
      resolvedAt: e.occurred_at,
      url: pick(d, 'html_url'),
      id: pick(d, 'id'),
      statusRaw: status,
      fingerprint: pick(d, 'id') ? `pagerduty-${pick(d, 'id')}` : undefined,
      labels: {
        ...(urgency ? { urgency } : {}),
        ...(priority ? { priority } : {}),
        ...(assignees.length ? { assignees: assignees.join(', ') } : {}),
        ...(pick(rec(d.escalation_policy), 'summary')
          ? { escalation_policy: pick(rec(d.escalation_policy), 'summary')! }
          : {}),
      },
      facts: { state: status },
      vars: { pagerduty_event_type: type, pagerduty_agent: pick(rec(e.agent), 'summary') },
      raw: o,
    }),
  ]
}

export const pagerduty: SenderReader = {
  name: 'pagerduty',
  needs: 'event.event_type and event.data (a v3 webhook)',
  score,
  read,
}
