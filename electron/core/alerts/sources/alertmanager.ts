import { stringMap, type AlertDraft, type AlertStatus } from '../model'
import {
  first,
  formatDuration,
  formatTime,
  isRecord,
  isZeroTime,
  normalizeLevel,
  str,
} from '../normalize'
import { SourceError } from './errors'

/** Template variables from an alert's labels and annotations (the reference's mapping). */
export function varsFromLabels(
  labels: Record<string, string>,
  annotations: Record<string, string>,
): Record<string, string | undefined> {
  return {
    alarm_name: first(labels.alertname, annotations.summary),
    alarm_level: normalizeLevel(first(labels.severity, labels.level, labels.priority)),
    alarm_target: first(
      labels.instance,
      labels.host,
      labels.hostname,
      labels.pod,
      labels.service,
      labels.job,
    ),
    alarm_summary: first(annotations.summary, annotations.message, annotations.title),
    alarm_description: first(annotations.description, annotations.message),
    alarm_threshold: first(annotations.threshold, labels.threshold),
    value: first(annotations.value, labels.value),
    service: first(labels.service, labels.job),
    host_ip: first(labels.host_ip, labels.ip),
  }
}

/**
 * Prometheus Alertmanager webhook (version 4): one request is a group of alerts, firing and
 * resolved mixed. Unknown fields are ignored.
 */
export function fromAlertmanager(body: unknown, now = new Date()): AlertDraft[] {
  if (!isRecord(body) || !Array.isArray(body.alerts)) {
    throw new SourceError('This is not an Alertmanager webhook: it has no "alerts" list.')
  }
  const commonLabels = stringMap(body.commonLabels)
  const commonAnnotations = stringMap(body.commonAnnotations)
  const truncated = Number(body.truncatedAlerts) || 0
  const group = {
    key: str(body.groupKey),
    receiver: str(body.receiver),
    externalURL: str(body.externalURL),
    ...(truncated ? { truncatedAlerts: truncated } : {}),
  }
  return body.alerts.map((a, i): AlertDraft => {
    if (!isRecord(a))
      throw new SourceError(
        `alerts[${i}] is not an object: each alert needs labels and annotations.`,
      )
    const labels = { ...commonLabels, ...stringMap(a.labels) }
    const annotations = { ...commonAnnotations, ...stringMap(a.annotations) }
    const statusText = str(a.status) ?? str(body.status)
    const status: AlertStatus = statusText === 'resolved' ? 'resolved' : 'firing'
    const startsAt = str(a.startsAt)
    const endsAt = str(a.endsAt)
    const ended = status === 'resolved' && !isZeroTime(endsAt) ? new Date(endsAt!) : now
    const vars = {
      ...varsFromLabels(labels, annotations),
      alarm_active_at: formatTime(startsAt),
      alarm_resolved_at: status === 'resolved' ? formatTime(endsAt) : undefined,
      alarm_duration: formatDuration(startsAt, Number.isFinite(ended.getTime()) ? ended : now),
      alarm_url: first(str(a.generatorURL), group.externalURL),
      alarm_id: str(a.fingerprint),
    }
    return {
      source: 'alertmanager',
      status,
      fingerprint: str(a.fingerprint),
      vars: stringMap(vars),
      labels,
      annotations,
      raw: a,
      group,
    }
  })
}
