import { mapLevel } from '../levels'
import { stringMap, type AlertDraft, type AlertStatus } from '../model'
import { first, formatDuration, formatTime, isRecord, isZeroTime, str } from '../normalize'
import { SourceError } from './errors'

/** Kubernetes object labels, most specific first: what an alert on a cluster is about. */
const K8S_OBJECTS = [
  'pod',
  'deployment',
  'statefulset',
  'daemonset',
  'replicaset',
  'job_name',
  'cronjob',
  'persistentvolumeclaim',
  'horizontalpodautoscaler',
  'node',
] as const

/**
 * True when `instance` names the exporter that reported the metric rather than the thing that is
 * broken: kube-state-metrics and friends report on every object in the cluster.
 */
function instanceIsExporter(labels: Record<string, string>): boolean {
  const who = [labels.job, labels.service, labels.app_kubernetes_io_name, labels.container]
    .filter(Boolean)
    .join(' ')
  return /kube-state-metrics|kube_state_metrics|kubelet|cadvisor|apiserver/i.test(who)
}

/** The alert's target: the Kubernetes object when there is one and `instance` is an exporter. */
export function targetFromLabels(labels: Record<string, string>): string | undefined {
  const key = K8S_OBJECTS.find((k) => labels[k])
  const k8s = key
    ? `${labels.namespace && key !== 'node' ? `${labels.namespace}/` : ''}${labels[key]}`
    : undefined
  const instance = first(labels.instance, labels.host, labels.hostname)
  if (k8s && (!instance || instanceIsExporter(labels))) return k8s
  return first(instance, k8s, labels.service, labels.namespace, labels.job)
}

/** Template variables from an alert's labels and annotations (the reference's mapping). */
export function varsFromLabels(
  labels: Record<string, string>,
  annotations: Record<string, string>,
): Record<string, string | undefined> {
  const level = mapLevel(first(labels.severity, labels.level, labels.priority))
  const summary = first(annotations.summary, labels.summary, annotations.message, annotations.title)
  return {
    alarm_name: first(labels.alertname, summary),
    alarm_level: level.level,
    alarm_level_raw: level.raw,
    alarm_target: targetFromLabels(labels),
    alarm_summary: summary,
    alarm_description: first(
      annotations.description,
      labels.description,
      annotations.message !== summary ? annotations.message : undefined,
    ),
    alarm_threshold: first(annotations.threshold, labels.threshold),
    value: first(annotations.value, labels.value),
    service: first(labels.service, labels.job),
    host_ip: first(labels.host_ip, labels.ip),
    alarm_runbook_url: first(annotations.runbook_url, annotations.runbook),
    fact_namespace: labels.namespace,
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
    const labels = stringMap(a.labels, commonLabels)
    const annotations = stringMap(a.annotations, commonAnnotations)
    const statusText = str(a.status) ?? str(body.status)
    const status: AlertStatus = statusText === 'resolved' ? 'resolved' : 'firing'
    const startsAt = str(a.startsAt)
    const endsAt = str(a.endsAt)
    const ended = status === 'resolved' && !isZeroTime(endsAt) ? new Date(endsAt!) : now
    const vars = {
      ...varsFromLabels(labels, annotations),
      alarm_active_at: formatTime(startsAt),
      alarm_active_raw: isZeroTime(startsAt) ? undefined : startsAt,
      alarm_resolved_at: status === 'resolved' ? formatTime(endsAt) : undefined,
      alarm_resolved_raw: status === 'resolved' && !isZeroTime(endsAt) ? endsAt : undefined,
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
