import { mapLevel } from '../levels'
import { isRecord, str } from '../normalize'
import { readTags } from '../tags'
import { draftOf, itemsOf, pick } from './draft'
import { SourceError } from './source-errors'
import { listScore, type SenderReader } from './reader'

function score(o: unknown): number {
  if (!isRecord(o)) return 0
  if (isRecord(o.alarmPolicyInfo) || isRecord(o.alarmObjInfo)) return 0.97
  return 'alarmStatus' in o && 'alarmType' in o ? 0.8 : 0
}

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {})

/**
 * Tencent Cloud Monitor callbacks (metric and event kinds): `alarmStatus` 1 alarmed / 0 resolved
 * (documented), the object in `alarmObjInfo.dimensions`, the rule in `alarmPolicyInfo.conditions`,
 * `firstOccurTime` / `recoverTime` as Beijing wall times (`recoverTime` "0" while firing).
 */
function readOne(o: unknown) {
  if (!isRecord(o)) throw new SourceError('The body is not a Tencent Cloud Monitor callback.')
  const obj = rec(o.alarmObjInfo)
  const dims = rec(obj.dimensions)
  const detail = rec(dims.objDetail)
  const policy = rec(o.alarmPolicyInfo)
  const cond = rec(policy.conditions)
  const statusWord = str(o.alarmStatus)?.trim()
  const resolved = statusWord === '0'
  const unit = pick(cond, 'unit', 'calcUnit') ?? ''
  const metric = pick(cond, 'metricShowName', 'metricName')
  const event = pick(cond, 'eventShowName', 'eventName')
  const calc = pick(cond, 'calcType')
  const threshold = pick(cond, 'calcValue')
  const current = pick(cond, 'currentValue')
  const device = pick(dims, 'deviceName')
  const instance = pick(dims, 'unInstanceId', 'uInstanceId', 'instanceid', 'InstanceId')
  const extra = readTags(o.additionalMsg)
  const seconds = Number(str(o.durationTime))
  return draftOf({
    source: 'tencent-cloud',
    status: resolved ? 'resolved' : 'firing',
    name: event ?? metric,
    fallbackName: 'Tencent Cloud Monitor alarm',
    level: mapLevel(pick(o, 'alarmLevel')),
    target: first(
      device && instance ? `${device} (${instance})` : undefined,
      pick(dims, 'objName'),
      instance,
      pick(detail, 'deviceLanIp'),
      pick(dims, 'objId'),
    ),
    summary:
      metric && calc && threshold
        ? `${metric.trim()} ${calc} ${threshold}${unit}${current ? ` (${current}${unit})` : ''}`
        : event,
    value: current ? `${current}${unit}` : undefined,
    threshold: calc && threshold ? `${calc} ${threshold}${unit}` : undefined,
    startedAt: o.firstOccurTime,
    resolvedAt: o.recoverTime,
    id: pick(o, 'sessionId'),
    statusRaw: statusWord === '0' ? '0 (resolved)' : statusWord === '1' ? '1 (alarm)' : statusWord,
    labels: {
      ...extra,
      ...(pick(obj, 'region') ? { region: pick(obj, 'region')! } : {}),
      ...(pick(policy, 'policyName') ? { policy: pick(policy, 'policyName')! } : {}),
    },
    facts: {
      metric: metric?.trim(),
      namespace: pick(obj, 'namespace'),
      type: pick(policy, 'policyTypeCName', 'policyTypeEname') ?? pick(o, 'alarmType'),
      lasted: Number.isFinite(seconds) && seconds > 0 ? `${seconds}s` : undefined,
    },
    vars: { tencent_policy: pick(policy, 'policyName'), tencent_alarm_type: pick(o, 'alarmType') },
    raw: o,
  })
}

function first(...v: Array<string | undefined>) {
  return v.find((s) => s !== undefined && s.trim() !== '')
}

export const tencentCloud: SenderReader = {
  name: 'tencent-cloud',
  needs: 'alarmStatus, alarmObjInfo and alarmPolicyInfo',
  score: (body) => listScore(body, score),
  read: (body) => itemsOf(body).map(readOne),
}
