import { mapLevel, OCP_LEVELS } from '../levels'
import { stringMap, type AlertDraft } from '../model'
import { formatTime, isRecord, str } from '../normalize'
import { SourceError } from './source-errors'

/** OCP's context variables: kept as template variables, not labels. */
const CONTEXT = new Set([
  'service',
  'app_type',
  'app_cluster',
  'ob_cluster_group',
  'ob_cluster',
  'ob_cluster_id',
  'ob_tenant',
  'host_ip',
  'value',
])
/** OCP's cleared words (`已消除`), and the English ones of other senders that copy OCP's fields. */
const RESOLVED = /^(已消除|已恢复|恢复|已解决|resolved|recovered|inactive|ok|closed|cleared)$/i
/** `告警中` and friends: still firing, whatever `alarm_resolved_at` says. */
const FIRING = /^(告警中|未消除|active|firing|alerting|triggered|pending)$/i

/** OCP's own context names: a body with `alarm_*` keys and one of these is OCP's. */
const OCP_MARKS =
  /^(ob_cluster|ob_cluster_id|ob_cluster_group|ob_tenant|app_type|app_cluster|alarm_scope|alarm_target|alarm_summary|alarm_active_at|alarm_resolved_at)$/

/**
 * How much a body looks like OCP's: `alarm_*` keys alone are weak (Huawei Cloud Eye and others
 * use them too), OCP's context names and its Chinese words make it strong.
 */
export function ocpScore(body: unknown): number {
  if (!looksLikeOcp(body)) return 0
  const items = (Array.isArray(body) ? body : [body]) as Record<string, unknown>[]
  const strong = items.every(
    (o) =>
      Object.keys(o).some((k) => OCP_MARKS.test(k)) ||
      Object.hasOwn(
        OCP_LEVELS,
        String(o.alarm_level ?? '')
          .trim()
          .toLowerCase(),
      ) ||
      /^(告警中|已消除)$/.test(String(o.alarm_status ?? '').trim()),
  )
  if (strong) return 0.9
  // Only `alarm_*` names: OCP's if it names the alarm, never on the prefix alone.
  return items.every((o) => typeof o.alarm_name === 'string') ? 0.55 : 0.3
}

export function looksLikeOcp(body: unknown): boolean {
  const items = Array.isArray(body) ? body : [body]
  return (
    items.length > 0 &&
    items.every(isRecord) &&
    items.some((o) => Object.keys(o).some((k) => k.startsWith('alarm_')))
  )
}

/**
 * OCP-style `alarm_*` objects, one or an array: the variables arrive already named. OCP's times
 * carry no offset: they are read in the relay's display time zone (the user's setting, default
 * the machine's), which is OCP's own when both run in one place.
 */
export function fromOcp(body: unknown): AlertDraft[] {
  const items = Array.isArray(body) ? body : [body]
  if (!items.length || !looksLikeOcp(body)) {
    throw new SourceError(
      'This is not an OCP alert: send an object (or array of objects) with alarm_* fields such as alarm_name.',
    )
  }
  return items.map((item, i): AlertDraft => {
    if (!isRecord(item)) throw new SourceError(`Item ${i} is not an object.`)
    const vars: Record<string, string | undefined> = {}
    const labels: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(item)) {
      if (k.startsWith('alarm_') || CONTEXT.has(k))
        vars[k] = str(v) ?? (v === null || v === undefined ? undefined : JSON.stringify(v))
      else if (k !== 'labels' && k !== 'annotations') labels[k] = v
    }
    const level = mapLevel(vars.alarm_level, OCP_LEVELS)
    vars.alarm_level = level.level
    vars.alarm_level_raw = level.raw
    const statusWord = vars.alarm_status?.trim() ?? ''
    const status = RESOLVED.test(statusWord)
      ? 'resolved'
      : FIRING.test(statusWord)
        ? 'firing'
        : vars.alarm_resolved_at
          ? 'resolved'
          : 'firing'
    vars.alarm_status_raw = statusWord || undefined
    for (const t of ['alarm_active_at', 'alarm_updated_at', 'alarm_resolved_at'] as const) {
      if (vars[t]) {
        vars[t.replace('_at', '_raw')] = vars[t]
        vars[t] = formatTime(vars[t])
      }
    }
    return {
      source: 'ocp',
      status,
      vars: stringMap(vars),
      labels: { ...stringMap(labels), ...stringMap(item.labels) },
      annotations: stringMap(item.annotations),
      raw: item,
    }
  })
}
