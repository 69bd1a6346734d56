import { mapLevel, PAGERDUTY_URGENCY } from '../levels'
import { isRecord } from '../normalize'
import { draftOf, pick } from './draft'
import { SourceError } from './source-errors'
import { type SenderReader } from './reader'

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {})

/** v1 and v2 webhooks: `messages[]`, each with its event (`type` in v1) and the incident. */
const legacyMessages = (o: Record<string, unknown>) =>
  (Array.isArray(o.messages) ? o.messages : []).filter(
    (m): m is Record<string, unknown> =>
      isRecord(m) &&
      /^incident\./.test(pick(m, 'event', 'type') ?? '') &&
      (isRecord(m.incident) || isRecord(rec(m.data).incident)),
  )

function score(o: unknown): number {
  if (!isRecord(o)) return 0
  if (!isRecord(o.event)) return legacyMessages(o).length ? 0.95 : 0
  const e = o.event
  return typeof e.event_type === 'string' &&
    /^(incident|service)\./.test(e.event_type) &&
    'data' in e
    ? 0.97
    : 0
}

/**
 * PagerDuty v3 webhooks: `event.event_type` incident.triggered/acknowledged/resolved/…,
 * `event.data` the incident (title, status, urgency, priority, service, html_url). The older v2
 * (`messages[].event`, `.incident`) and v1 (`messages[].type`, `.data.incident`) webhooks carry
 * one incident per message in much the same words.
 */
function read(o: unknown) {
  if (!isRecord(o) || score(o) === 0)
    throw new SourceError(
      'The body is not a PagerDuty webhook: it needs event.event_type (v3) or messages[].incident (v1, v2).',
    )
  if (!isRecord(o.event))
    return legacyMessages(o).map((m) => {
      const d = isRecord(m.incident) ? m.incident : rec(rec(m.data).incident)
      const assigned = Array.isArray(d.assignments) ? d.assignments : d.assigned_to
      return incident(o, d, {
        type: pick(m, 'event', 'type'),
        at: m.created_on,
        assignees: (Array.isArray(assigned) ? assigned : []).map(
          (a) => pick(rec(rec(a).assignee), 'summary') ?? pick(rec(rec(a).object), 'name'),
        ),
        agent: pick(rec(rec((m.log_entries as unknown[] | undefined)?.[0]).agent), 'summary'),
      })
    })
  const e = rec(o.event)
  const d = rec(e.data)
  return [
    incident(o, d, {
      type: pick(e, 'event_type'),
      at: e.occurred_at,
      assignees: (Array.isArray(d.assignees) ? d.assignees : []).map((a) =>
        pick(rec(a), 'summary'),
      ),
      agent: pick(rec(e.agent), 'summary'),
    }),
  ]
}

/** One incident, from any webhook version: `type` its event, `at` when it happened. */
function incident(
  o: Record<string, unknown>,
  d: Record<string, unknown>,
  ev: { type?: string; at: unknown; assignees: Array<string | undefined>; agent?: string },
) {
  const { type } = ev
  const status = pick(d, 'status')
  const resolved = status === 'resolved' || /^incident\.resolved?$/.test(type ?? '')
  const priority = pick(rec(d.priority), 'summary', 'name')
  const urgency = pick(d, 'urgency')
  const assignees = ev.assignees.filter(Boolean)
  const number = pick(d, 'number', 'incident_number')
  return draftOf({
    source: 'pagerduty',
    status: resolved ? 'resolved' : 'firing',
    name:
      pick(d, 'title', 'summary') ?? pick(rec(d.trigger_summary_data), 'subject', 'description'),
    fallbackName: 'PagerDuty incident',
    level: priority
      ? mapLevel(priority)
      : urgency
        ? mapLevel(urgency, PAGERDUTY_URGENCY)
        : undefined,
    target: pick(rec(d.service), 'summary', 'name'),
    summary: type
      ? `${type.replace(/^incident\./, 'Incident ')}${number ? ` #${number}` : ''}`
      : undefined,
    startedAt: d.created_at ?? d.created_on ?? ev.at,
    resolvedAt: ev.at,
    url: pick(d, 'html_url'),
    id: pick(d, 'id'),
    statusRaw: status,
    fingerprint: pick(d, 'id') ? `pagerduty-${pick(d, 'id')}` : undefined,
    labels: {
      ...(urgency ? { urgency } : {}),
      ...(priority ? { priority } : {}),
      ...(assignees.length ? { assignees: assignees.join(', ') } : {}),
      ...(pick(rec(d.escalation_policy), 'summary', 'name')
        ? { escalation_policy: pick(rec(d.escalation_policy), 'summary', 'name')! }
        : {}),
    },
    facts: { state: status },
    vars: { pagerduty_event_type: type, pagerduty_agent: ev.agent },
    raw: o,
  })
}

export const pagerduty: SenderReader = {
  name: 'pagerduty',
  needs: 'event.event_type and event.data (v3), or messages[] with an incident (v1, v2)',
  score,
  read,
}
