import { mapLevel } from '../levels'
import { capValue, stringMap, VALUE_LIMIT, type AlertDraft, type AlertStatus } from '../model'
import { first, formatDuration, formatTime, isRecord, isZeroTime, str } from '../normalize'
import { SourceError } from './source-errors'

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
  let key: string | undefined
  for (const k of K8S_OBJECTS)
    if (labels[k]) {
      key = k
      break
    }
  const k8s = key
    ? `${labels.namespace && key !== 'node' ? `${labels.namespace}/` : ''}${labels[key]}`
    : undefined
  const instance = first2(labels.instance, labels.host) ?? first2(labels.hostname, undefined)
  if (k8s && (!instance || instanceIsExporter(labels))) return k8s
  return (
    first2(instance, k8s) ??
    first2(labels.service, labels.namespace) ??
    first2(labels.job, undefined)
  )
}

/** `first` for two candidates, without an array per call: ingest asks this a dozen times per alert. */
function first2(a: string | undefined, b: string | undefined): string | undefined {
  if (a !== undefined && a.trim() !== '') return a
  if (b !== undefined && b.trim() !== '') return b
  return undefined
}

/** Sets `key` when there is a value, capped: the draft's variables are built in one object. */
function put(vars: Record<string, string>, key: string, value: string | undefined): void {
  if (value !== undefined) vars[key] = value.length > VALUE_LIMIT ? capValue(value) : value
}

/** Template variables from an alert's labels and annotations (the reference's mapping). */
export function varsFromLabels(
  labels: Record<string, string>,
  annotations: Record<string, string>,
  vars: Record<string, string> = {},
): Record<string, string> {
  const level = mapLevel(
    first2(labels.severity, labels.level) ?? first2(labels.priority, undefined),
  )
  const summary =
    first2(annotations.summary, labels.summary) ?? first2(annotations.message, annotations.title)
  put(vars, 'alarm_name', first2(labels.alertname, summary))
  put(vars, 'alarm_level', level.level)
  put(vars, 'alarm_level_raw', level.raw)
  put(vars, 'alarm_target', targetFromLabels(labels))
  put(vars, 'alarm_summary', summary)
  put(
    vars,
    'alarm_description',
    first2(annotations.description, labels.description) ??
      first2(annotations.message !== summary ? annotations.message : undefined, undefined),
  )
  put(vars, 'alarm_threshold', first2(annotations.threshold, labels.threshold))
  put(vars, 'value', first2(annotations.value, labels.value))
  put(vars, 'service', first2(labels.service, labels.job))
  put(vars, 'host_ip', first2(labels.host_ip, labels.ip))
  put(vars, 'alarm_runbook_url', first2(annotations.runbook_url, annotations.runbook))
  put(vars, 'fact_namespace', labels.namespace)
  return vars
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
    // One object, in the order templates list them; values are strings and capped as they go in.
    const vars = varsFromLabels(labels, annotations)
    put(vars, 'alarm_active_at', formatTime(startsAt))
    put(vars, 'alarm_active_raw', isZeroTime(startsAt) ? undefined : startsAt)
    put(vars, 'alarm_resolved_at', status === 'resolved' ? formatTime(endsAt) : undefined)
    put(
      vars,
      'alarm_resolved_raw',
      status === 'resolved' && !isZeroTime(endsAt) ? endsAt : undefined,
    )
    put(
      vars,
      'alarm_duration',
      formatDuration(startsAt, Number.isFinite(ended.getTime()) ? ended : now),
    )
    put(vars, 'alarm_url', first(str(a.generatorURL), group.externalURL))
    put(vars, 'alarm_id', str(a.fingerprint))
    return {
      source: 'alertmanager',
      status,
      fingerprint: str(a.fingerprint),
      vars,
      labels,
      annotations,
      raw: a,
      group,
    }
  })
}
