import { mapLevel } from '../levels'
import { isRecord, str } from '../normalize'
import { readTags } from '../tags'
import { draftOf, pick } from './draft'
import { SourceError } from './source-errors'
import { type SenderReader } from './reader'

const MARKS = [
  'monitor_id',
  'alert_transition',
  'alert_id',
  'alert_type',
  'alert_query',
  'alert_metric',
  'alert_status',
  'alert_priority',
  'event_msg',
  'event_title',
]

function score(o: unknown): number {
  if (!isRecord(o)) return 0
  const marks = MARKS.filter((k) => k in o).length
  if (marks >= 2 || (marks === 1 && ('query' in o || 'title' in o))) return 0.9
  // Datadog's default payload: $EVENT_MSG, $LAST_UPDATED, $EVENT_TYPE, $EVENT_TITLE, $ORG_*.
  if ('body' in o && 'last_updated' in o && 'event_type' in o && 'title' in o) return 0.8
  return 0
}

/** `error`/`warning`/`info` alert types, and a recovery's `success`. */
const TYPE_LEVEL: Record<string, string> = { error: 'critical', warning: 'warning', info: 'info' }

/**
 * Datadog webhooks: the payload is a template each integration writes with Datadog's variables
 * (`$EVENT_TITLE`, `$ALERT_TRANSITION`, `$ALERT_TYPE`, `$PRIORITY`, `$HOSTNAME`, `$TAGS`, …); these
 * are the names the default template and the common ones give them.
 */
function read(o: unknown) {
  if (!isRecord(o) || score(o) === 0)
    throw new SourceError(
      'The body is not a Datadog webhook: it needs monitor_id or alert_transition and a title.',
    )
  const transition = pick(o, 'alert_transition', 'transition')
  const type = pick(o, 'alert_type')
  const title = pick(o, 'title', 'alert_title', 'event_title')
  const resolved =
    /^recovered$/i.test(transition ?? '') ||
    type === 'success' ||
    /^\[(Recovered|Resolved)\]/i.test(title ?? '')
  const tags = readTags(o.tags)
  const scopes = (Array.isArray(o.scopes) ? o.scopes : []).map(str).filter(Boolean)
  return [
    draftOf({
      source: 'datadog',
      status: resolved ? 'resolved' : 'firing',
      name: title?.replace(/^\[(Triggered|Recovered|Resolved|Warn|Re-Triggered)[^\]]*\]\s*/i, ''),
      fallbackName: 'Datadog alert',
      level: mapLevel(
        pick(o, 'priority', 'alert_priority') ?? (type ? TYPE_LEVEL[type] : undefined),
      ),
      target: pick(o, 'hostname', 'host') ?? tags.host ?? (scopes.join(', ') || undefined),
      summary: pick(o, 'message', 'event_msg', 'body', 'description'),
      startedAt: o.date ?? o.last_updated ?? o.alert_cycle_key_time,
      resolvedAt: o.last_updated ?? o.date,
      url: pick(o, 'link', 'url', 'alert_url', 'snapshot'),
      id: pick(o, 'alert_id', 'id', 'monitor_id'),
      statusRaw: transition ?? type,
      fingerprint: pick(o, 'alert_id', 'monitor_id')
        ? `datadog-${pick(o, 'alert_id', 'monitor_id')}-${pick(o, 'hostname') ?? scopes.join(',')}`
        : undefined,
      labels: tags,
      facts: {
        condition: pick(o, 'query', 'alert_query'),
        metric: pick(o, 'alert_metric'),
        type: pick(o, 'type', 'event_type'),
        current: pick(o, 'value', 'alert_value'),
      },
      raw: o,
    }),
  ]
}

export const datadog: SenderReader = {
  name: 'datadog',
  needs: 'monitor_id or alert_transition, and a title',
  score,
  read,
}
