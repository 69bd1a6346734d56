import { ALIYUN_LEVELS, mapLevel } from '../levels'
import { stringMap, type AlertDraft } from '../model'
import { first, formatTime, isRecord, str } from '../normalize'

/** Aliyun CloudMonitor's alert callback (form-encoded or JSON): `alertName`, `alertState`, … */
export function looksLikeAliyun(o: unknown): o is Record<string, unknown> {
  return isRecord(o) && 'alertState' in o && ('alertName' in o || 'metricName' in o)
}

/** `\u4f7f\u7528\u7387` left escaped by some senders (a form field holding JSON text). */
const unescapeUnicode = (s: string | undefined) =>
  s?.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))

/** `i-bp1…` from `{userId=…, instanceId=i-bp1…}` or its JSON form. */
function instanceId(dimensions: string | undefined): string | undefined {
  return dimensions ? /instanceId["']?\s*[:=]\s*["']?([\w.-]+)/.exec(dimensions)?.[1] : undefined
}

/**
 * Aliyun CloudMonitor threshold alerts: ALERT fires, OK resolves (INSUFFICIENT_DATA fires as a
 * warning); `triggerLevel` CRITICAL / WARN / INFO. The metric, the condition and the current value
 * are the facts the reader needs.
 */
export function fromAliyun(o: Record<string, unknown>): AlertDraft {
  const state = str(o.alertState)?.toUpperCase()
  const status = state === 'OK' ? 'resolved' : 'firing'
  const level = mapLevel(
    first(
      str(o.triggerLevel),
      str(o.level),
      state === 'INSUFFICIENT_DATA' ? 'warn' : undefined,
      str(o.preTriggerLevel) !== 'null' ? str(o.preTriggerLevel) : undefined,
    ),
    ALIYUN_LEVELS,
  )
  const metric = unescapeUnicode(first(str(o.metricName), str(o.rawMetricName)))
  const instance = unescapeUnicode(str(o.instanceName))
  const id = instanceId(str(o.dimensions))
  const ts = str(o.timestamp)
  const at = formatTime(ts)
  return {
    source: 'aliyun',
    status,
    vars: stringMap({
      alarm_name:
        unescapeUnicode(first(str(o.preName), str(o.alertName), str(o.ruleName))) ??
        'CloudMonitor alert',
      alarm_level: level.level,
      alarm_level_raw: level.raw,
      alarm_target: first(
        instance && id && !instance.includes(id) ? `${instance} (${id})` : instance,
        id,
      ),
      alarm_active_at: status === 'firing' ? at : undefined,
      alarm_active_raw: status === 'firing' ? ts : undefined,
      alarm_resolved_at: status === 'resolved' ? at : undefined,
      alarm_resolved_raw: status === 'resolved' ? ts : undefined,
      alarm_threshold: str(o.expression),
      alarm_id: str(o.ruleId),
      alarm_status_raw: str(o.alertState),
      value: str(o.curValue),
      fact_metric: metric,
      fact_condition: str(o.expression),
      fact_current: str(o.curValue),
      fact_lasted: str(o.lastTime),
      fact_namespace: str(o.namespace),
    }),
    labels: stringMap({ regionId: o.regionId, namespace: o.namespace }),
    annotations: {},
    raw: o,
  }
}
