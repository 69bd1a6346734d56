import { stringMap, type AlertDraft } from '../model'
import { isRecord, normalizeLevel, str } from '../normalize'
import { SourceError } from './errors'

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
const RESOLVED = /^(resolved|recovered|inactive|ok|closed|恢复|已恢复)$/i

export function looksLikeOcp(body: unknown): boolean {
  const items = Array.isArray(body) ? body : [body]
  return (
    items.length > 0 &&
    items.every(isRecord) &&
    items.some((o) => Object.keys(o).some((k) => k.startsWith('alarm_')))
  )
}

/** OCP-style `alarm_*` objects, one or an array: the variables arrive already named. */
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
    vars.alarm_level = normalizeLevel(vars.alarm_level)
    const status =
      RESOLVED.test(vars.alarm_status ?? '') || !!vars.alarm_resolved_at ? 'resolved' : 'firing'
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
