import { mapLevel } from '../levels'
import { isRecord, str } from '../normalize'
import { draftOf, pick } from './draft'
import { SourceError } from './source-errors'
import { type SenderReader } from './reader'

const list = (v: unknown) =>
  (Array.isArray(v) ? v : [])
    .map((x) => (isRecord(x) ? str(x.name) : str(x)))
    .filter(Boolean) as string[]

function score(o: unknown): number {
  if (!isRecord(o)) return 0
  if (typeof o.issueUrl === 'string') return 0.95
  if ('alertConditionNames' in o || 'alertPolicyNames' in o || 'impactedEntities' in o) return 0.9
  if (
    typeof o.condition_name === 'string' &&
    ('current_state' in o || 'incident_id' in o || 'policy_name' in o || 'incident_url' in o)
  )
    return 0.9
  return 0
}

/**
 * New Relic: workflow webhooks (the default payload: `title`, `priority`, `state`
 * ACTIVATED/CREATED/CLOSED, `issueUrl`, `alertConditionNames`, `impactedEntities`, times in ms)
 * and the legacy alert channel (`condition_name`, `current_state` open/acknowledged/closed).
 */
function read(o: unknown) {
  if (!isRecord(o) || score(o) === 0)
    throw new SourceError(
      'The body is not a New Relic webhook: it needs issueUrl or condition_name.',
    )
  const state = pick(o, 'state', 'current_state')
  const resolved = /^(closed|resolved)$/i.test(state ?? '')
  const conditions = list(o.alertConditionNames)
  const policies = list(o.alertPolicyNames)
  const entities = [...list(o.impactedEntities), ...list(o.targets)]
  const title = pick(o, 'title')
  return [
    draftOf({
      source: 'newrelic',
      status: resolved ? 'resolved' : 'firing',
      name: conditions[0] ?? pick(o, 'condition_name') ?? title,
      fallbackName: 'New Relic issue',
      level: mapLevel(pick(o, 'priority', 'severity')),
      target: entities.join(', ') || undefined,
      summary: title ?? pick(o, 'details'),
      description: title ? pick(o, 'details') : undefined,
      startedAt: o.createdAt ?? o.timestamp,
      resolvedAt: o.closedAt ?? o.updatedAt ?? o.timestamp,
      url: pick(o, 'issueUrl', 'incident_url'),
      id: pick(o, 'id', 'incident_id'),
      statusRaw: state,
      fingerprint: pick(o, 'id', 'incident_id')
        ? `newrelic-${pick(o, 'id', 'incident_id')}`
        : undefined,
      labels: {
        ...(policies.length || pick(o, 'policy_name')
          ? { policy: policies.join(', ') || pick(o, 'policy_name')! }
          : {}),
        ...(pick(o, 'workflowName') ? { workflow: pick(o, 'workflowName')! } : {}),
        ...(pick(o, 'owner') ? { owner: pick(o, 'owner')! } : {}),
      },
      facts: { state, condition: conditions.length > 1 ? conditions.join(', ') : undefined },
      raw: o,
    }),
  ]
}

export const newrelic: SenderReader = {
  name: 'newrelic',
  needs: 'issueUrl (workflows) or condition_name and current_state (alert channels)',
  score,
  read,
}
