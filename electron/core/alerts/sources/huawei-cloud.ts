import { HUAWEI_LEVELS, mapLevel } from '../levels'
import { isRecord, str } from '../normalize'
import { isTrueFlag } from '../recovery'
import { readTags } from '../tags'
import { draftOf, pick } from './draft'
import { SourceError } from './source-errors'
import { type SenderReader } from './reader'

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {})

/** The alarm inside an SMN notification (`message` is a JSON string) or the body itself. */
function unwrap(body: unknown): Record<string, unknown> | undefined {
  if (!isRecord(body)) return undefined
  const message = body.message ?? body.Message
  if (typeof message === 'string' && (body.topic_urn || body.type || body.message_id)) {
    try {
      const inner = JSON.parse(message) as unknown
      if (isRecord(inner)) return unwrap(inner)
    } catch {
      return undefined
    }
  }
  if (str(body.version) === 'v1' && isRecord(body.data)) return { ...body.data, ...body }
  return body
}

function score(body: unknown): number {
  if (!isRecord(body)) return 0
  if (typeof body.topic_urn === 'string' && /^urn:smn:/.test(body.topic_urn)) return 0.97
  const o = unwrap(body)
  if (!o) return 0
  if (str(o.message_type) === 'alarm' || isRecord(o.template_variable)) return 0.97
  if (typeof o.AlarmRuleName === 'string' && ('IsAlarm' in o || 'AlarmLevel' in o)) return 0.95
  const ns = str(o.namespace)
  if (typeof o.alarm_name === 'string' && ns && /^(SYS|AGT|SRE)\.[A-Z]/.test(ns)) return 0.95
  if (typeof o.alarm_id === 'string' && /^al\d{10,}/.test(o.alarm_id)) return 0.9
  return 0
}

/**
 * Huawei Cloud Eye (CES) alarms as SMN delivers them: the flat JSON message (`alarm_name`,
 * `alarm_status` alarm/ok, `namespace` SYS.*, `metric_name`, `time` in ms, `template_variable`
 * with `AlarmLevel`, `ResourceName`, `CurrentData`, `IsAlarm`), inside an SMN envelope or not,
 * and the newer `{version: "v1", data: {...}}` form.
 */
function read(body: unknown) {
  const o = unwrap(body)
  if (!o) throw new SourceError('The body is not a Huawei Cloud Eye alarm: it needs alarm_name.')
  const tv = { ...rec(o.template_variable), ...o }
  const isAlarm = tv.IsAlarm
  const statusWord = pick(o, 'alarm_status')?.toLowerCase()
  const resolved =
    isAlarm !== undefined ? !isTrueFlag(isAlarm) : statusWord === 'ok' || statusWord === 'resolved'
  const points = Array.isArray(o.alarmValue) ? o.alarmValue.filter(isRecord) : []
  const lastPoint = points[points.length - 1]
  const unit = pick(tv, 'Unit', 'unit') ?? ''
  const current =
    pick(tv, 'CurrentData') ?? (lastPoint ? `${str(lastPoint.value)}${unit}` : undefined)
  const op = pick(tv, 'ComparisonOperator', 'comparison_operator')
  const limit = pick(tv, 'Value') ?? (str(o.value) ? `${str(o.value)}${unit}` : undefined)
  const filter = pick(tv, 'Filter', 'filter')
  const resource = pick(tv, 'ResourceName', 'resource_name')
  const resourceId = pick(tv, 'ResourceId', 'resource_id')
  const dimension = readTags(pick(o, 'dimension'))
  return [
    draftOf({
      source: 'huawei-cloud',
      status: resolved ? 'resolved' : 'firing',
      name: pick(tv, 'AlarmRuleName', 'alarm_name', 'alarm_rule_name'),
      fallbackName: 'Cloud Eye alarm',
      level: mapLevel(pick(tv, 'AlarmLevel', 'alarm_level'), HUAWEI_LEVELS),
      target: resource
        ? resourceId && !resource.includes(resourceId)
          ? `${resource} (${resourceId})`
          : resource
        : (resourceId ?? Object.values(dimension).join(', ')),
      summary: pick(o, 'sms_content', 'alarm_content'),
      description: pick(tv, 'AlarmDesc', 'alarm_desc'),
      value: current,
      threshold: op && limit ? `${op} ${limit}` : undefined,
      startedAt: o.time ?? lastPoint?.time ?? tv.AlarmTime,
      resolvedAt: o.time ?? tv.AlarmTime,
      id: pick(tv, 'alarm_id', 'AlarmId'),
      statusRaw: statusWord ?? (resolved ? 'ok' : 'alarm'),
      fingerprint: pick(tv, 'alarm_id', 'AlarmId')
        ? `huawei-${pick(tv, 'alarm_id', 'AlarmId')}-${resourceId ?? ''}`
        : undefined,
      labels: {
        ...dimension,
        ...(pick(tv, 'Region', 'region') ? { region: pick(tv, 'Region', 'region')! } : {}),
      },
      facts: {
        metric: pick(tv, 'MetricName', 'metric_name'),
        namespace: pick(tv, 'Namespace', 'namespace'),
        condition: [filter, op, limit].filter(Boolean).join(' ') || undefined,
      },
      vars: { huawei_namespace: pick(o, 'namespace'), huawei_metric: pick(o, 'metric_name') },
      raw: o,
    }),
  ]
}

export const huaweiCloud: SenderReader = {
  name: 'huawei-cloud',
  needs: 'alarm_name with a SYS.* namespace, or an SMN message holding one',
  score,
  read,
}
