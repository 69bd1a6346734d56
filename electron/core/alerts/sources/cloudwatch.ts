import { mapLevel } from '../levels'
import { isRecord, str } from '../normalize'
import { draftOf, headline, pick } from './draft'
import { SourceError } from './source-errors'
import { type SenderReader } from './reader'

const rec = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {})

/** An SNS envelope's `Message`: JSON (an alarm, an EventBridge event), or plain text. */
function messageOf(body: Record<string, unknown>): unknown {
  const m = body.Message
  if (typeof m !== 'string') return m
  try {
    return JSON.parse(m) as unknown
  } catch {
    return m
  }
}

const isAlarm = (o: unknown): boolean =>
  isRecord(o) &&
  typeof o.AlarmName === 'string' &&
  ['NewStateValue', 'Trigger', 'AlarmArn', 'AlarmDescription', 'MetricName'].some((k) => k in o)

const isEnvelope = (o: Record<string, unknown>) =>
  typeof o.TopicArn === 'string' || (typeof o.Type === 'string' && 'MessageId' in o)

function score(body: unknown): number {
  if (!isRecord(body)) return 0
  if (isAlarm(body)) return 0.97
  if (isEnvelope(body)) return 0.95
  if (isRecord(body.Message) && typeof body.Message.AlarmName === 'string') return 0.9
  if (isRecord(body.detail) && str(body.source)?.startsWith('aws.') && 'detail-type' in body)
    return 0.9
  return 0
}

/** `arn:aws:cloudwatch:ap-northeast-2:…` → `ap-northeast-2`, for the console link. */
const regionOf = (arn: string | undefined) => arn?.split(':')[3] || undefined

function readAlarm(a: Record<string, unknown>, envelope?: Record<string, unknown>) {
  const trigger = rec(a.Trigger)
  const dims = (Array.isArray(trigger.Dimensions) ? trigger.Dimensions : []).filter(isRecord)
  const labels: Record<string, string> = {}
  for (const d of dims) {
    const k = str(d.name ?? d.Name)
    const v = str(d.value ?? d.Value)
    if (k && v) labels[k] = v
  }
  const state = pick(a, 'NewStateValue')
  const reason = pick(a, 'NewStateReason')
  // "… 1 datapoint [10.03] was greater …": the value the alarm saw.
  const seen = reason?.match(/\[(-?\d+(?:\.\d+)?)/)?.[1]
  const op = pick(trigger, 'ComparisonOperator') ?? pick(a, 'ComparisonOperator')
  const threshold = pick(trigger, 'Threshold') ?? pick(a, 'Threshold')
  const region = regionOf(pick(a, 'AlarmArn'))
  const name = pick(a, 'AlarmName')
  return draftOf({
    source: 'cloudwatch',
    status: state?.toUpperCase() === 'OK' ? 'resolved' : 'firing',
    name,
    fallbackName: 'CloudWatch alarm',
    level: mapLevel(pick(a, 'Priority', 'Severity')),
    target: Object.values(labels).join(', ') || undefined,
    summary: reason,
    description: pick(a, 'AlarmDescription'),
    value: seen,
    threshold: op && threshold ? `${op} ${threshold}` : threshold,
    startedAt: a.StateChangeTime ?? envelope?.Timestamp,
    resolvedAt: a.StateChangeTime ?? envelope?.Timestamp,
    url:
      region && name
        ? `https://console.aws.amazon.com/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(name)}`
        : undefined,
    id: pick(a, 'AlarmArn'),
    statusRaw: state,
    fingerprint: `cloudwatch-${pick(a, 'AlarmArn') ?? name}`,
    labels: {
      ...labels,
      ...(pick(a, 'Region') ? { region: pick(a, 'Region')! } : {}),
      ...(pick(a, 'AWSAccountId') ? { account: pick(a, 'AWSAccountId')! } : {}),
    },
    facts: {
      metric: pick(trigger, 'MetricName') ?? pick(a, 'MetricName'),
      namespace: pick(trigger, 'Namespace') ?? pick(a, 'Namespace'),
      state: pick(a, 'OldStateValue') && state ? `${pick(a, 'OldStateValue')} → ${state}` : state,
    },
    vars: { cloudwatch_topic: envelope ? pick(envelope, 'TopicArn') : undefined },
    raw: envelope ?? a,
  })
}

/** An EventBridge event delivered through SNS (EMR, ECS, Health…): its detail, read plainly. */
function readEvent(e: Record<string, unknown>, envelope?: Record<string, unknown>) {
  const d = rec(e.detail)
  const state = pick(d, 'state', 'status')
  return draftOf({
    source: 'cloudwatch',
    status: /^(ok|resolved|recovered)$/i.test(state ?? '') ? 'resolved' : 'firing',
    name: pick(e, 'detail-type'),
    fallbackName: 'AWS event',
    level: mapLevel(pick(d, 'severity')),
    target: pick(d, 'name', 'clusterId', 'resourceId') ?? str((e.resources as unknown[])?.[0]),
    summary: pick(d, 'message', 'description', 'stateChangeReason'),
    startedAt: e.time ?? envelope?.Timestamp,
    id: pick(e, 'id'),
    statusRaw: state,
    labels: {
      ...(pick(e, 'region') ? { region: pick(e, 'region')! } : {}),
      ...(pick(e, 'account') ? { account: pick(e, 'account')! } : {}),
    },
    facts: { state, type: pick(e, 'source') },
    raw: envelope ?? e,
  })
}

/**
 * AWS CloudWatch: the alarm JSON (`AlarmName`, `NewStateValue` ALARM/OK/INSUFFICIENT_DATA,
 * `NewStateReason`, `StateChangeTime`, `Trigger`), the SNS notification whose `Message` holds it
 * (or an EventBridge event, or plain text). An SNS `SubscriptionConfirmation` never gets here: the
 * listener shows it in the window (sources/subscription.ts).
 */
function read(body: unknown) {
  if (!isRecord(body))
    throw new SourceError('The body is not a CloudWatch alarm: it needs AlarmName.')
  if (isAlarm(body)) return [readAlarm(body)]
  const message = messageOf(body)
  if (isAlarm(message))
    return [readAlarm(message as Record<string, unknown>, isEnvelope(body) ? body : undefined)]
  if (isRecord(message) && isRecord(message.detail)) return [readEvent(message, body)]
  if (isRecord(body.detail)) return [readEvent(body)]
  if (isEnvelope(body)) {
    const text = typeof message === 'string' ? message : JSON.stringify(message)
    return [
      draftOf({
        source: 'cloudwatch',
        status: /^OK\b/.test(pick(body, 'Subject') ?? '') ? 'resolved' : 'firing',
        name: pick(body, 'Subject') ?? headline(text),
        fallbackName: 'SNS notification',
        summary: text,
        startedAt: body.Timestamp,
        id: pick(body, 'MessageId'),
        labels: pick(body, 'TopicArn') ? { topic: pick(body, 'TopicArn')! } : {},
        raw: body,
      }),
    ]
  }
  throw new SourceError('The body is not a CloudWatch alarm: it needs AlarmName.')
}

export const cloudwatch: SenderReader = {
  name: 'cloudwatch',
  needs: 'AlarmName and NewStateValue, or an SNS notification (TopicArn, Message)',
  score,
  read,
}
