/**
 * The variables a template can use: the OCP `alarm_*` names (so OCP templates work unchanged),
 * OCP's context names, and the relay's own. `labels.X` and `annotations.X` reach any label.
 */
export interface VariableInfo {
  name: string
  group: 'alert' | 'context' | 'relay'
  en: string
  zh: string
}

export const VARIABLES: readonly VariableInfo[] = [
  {
    name: 'alarm_name',
    group: 'alert',
    en: 'Alert name (Alertmanager: labels.alertname)',
    zh: '告警名称',
  },
  {
    name: 'alarm_level',
    group: 'alert',
    en: 'Level: down, critical, warning, caution, info',
    zh: '告警级别',
  },
  {
    name: 'alarm_target',
    group: 'alert',
    en: 'Alert object: instance, host, pod or service',
    zh: '告警对象',
  },
  { name: 'alarm_summary', group: 'alert', en: 'One-line summary', zh: '告警概要' },
  { name: 'alarm_description', group: 'alert', en: 'Full description', zh: '告警详情' },
  { name: 'alarm_status', group: 'alert', en: 'firing or resolved', zh: '告警状态' },
  { name: 'alarm_active_at', group: 'alert', en: 'When the alert started', zh: '告警产生时间' },
  {
    name: 'alarm_updated_at',
    group: 'alert',
    en: 'When the alert last changed',
    zh: '告警更新时间',
  },
  {
    name: 'alarm_resolved_at',
    group: 'alert',
    en: 'When the alert resolved (empty while firing)',
    zh: '告警恢复时间',
  },
  { name: 'alarm_duration', group: 'alert', en: 'How long it has been firing', zh: '告警持续时间' },
  {
    name: 'alarm_url',
    group: 'alert',
    en: 'Link to the alert (generatorURL, panel or OCP page)',
    zh: '告警链接',
  },
  { name: 'alarm_id', group: 'alert', en: 'Identifier given by the source', zh: '告警 ID' },
  { name: 'alarm_scope', group: 'alert', en: 'Scope (OCP)', zh: '告警范围' },
  { name: 'alarm_type', group: 'alert', en: 'Type (OCP)', zh: '告警类型' },
  { name: 'alarm_threshold', group: 'alert', en: 'Threshold that was crossed', zh: '告警阈值' },
  { name: 'value', group: 'alert', en: 'Current value', zh: '当前值' },
  {
    name: 'alarm_last_interval',
    group: 'alert',
    en: 'Interval since the previous notification (OCP)',
    zh: '上次通知间隔',
  },
  {
    name: 'alarm_evaluation_interval',
    group: 'alert',
    en: 'Evaluation interval (OCP)',
    zh: '检测周期',
  },
  {
    name: 'alarm_status_title',
    group: 'relay',
    en: 'Status for a title: 🔥 FIRING or ✅ RESOLVED, in the channel language',
    zh: '标题用状态：🔥 告警 / ✅ 已恢复',
  },
  {
    name: 'alarm_status_text',
    group: 'relay',
    en: 'Status word in the channel language',
    zh: '状态文字',
  },
  {
    name: 'alarm_level_text',
    group: 'relay',
    en: "Level word in the channel language, with the sender's own word when it differs",
    zh: '级别文字（附来源原始级别）',
  },
  {
    name: 'alarm_level_color',
    group: 'relay',
    en: 'Font colour for the level: warning, comment or info',
    zh: '级别字体颜色',
  },
  { name: 'alarm_level_raw', group: 'alert', en: "The sender's own level word", zh: '原始级别' },
  {
    name: 'alarm_started_text',
    group: 'relay',
    en: 'Start time in your time zone, with how long it has lasted',
    zh: '开始时间与持续时长',
  },
  {
    name: 'alarm_facts',
    group: 'relay',
    en: "The sender's key facts: metric, condition, current value, data, host IP…",
    zh: '关键信息：指标、条件、当前值等',
  },
  {
    name: 'alarm_labels',
    group: 'relay',
    en: 'The labels that matter, on one line',
    zh: '主要标签（一行）',
  },
  { name: 'alarm_silence_url', group: 'alert', en: 'Silence link (Grafana)', zh: '静默链接' },
  { name: 'alarm_dashboard_url', group: 'alert', en: 'Dashboard link (Grafana)', zh: '仪表盘链接' },
  { name: 'alarm_panel_url', group: 'alert', en: 'Panel link (Grafana)', zh: '面板链接' },
  { name: 'alarm_rule_url', group: 'alert', en: 'Alert rule link (Grafana)', zh: '告警规则链接' },
  {
    name: 'alarm_runbook_url',
    group: 'alert',
    en: 'Runbook link (annotations)',
    zh: '处理手册链接',
  },
  { name: 'alarm_image_url', group: 'alert', en: 'Screenshot link (Grafana)', zh: '截图链接' },
  {
    name: 'alarm_status_raw',
    group: 'alert',
    en: "The sender's own status word (OCP 告警中 / 已消除, Zabbix PROBLEM / OK…)",
    zh: '原始状态',
  },
  { name: 'service', group: 'context', en: 'Service', zh: '服务' },
  { name: 'app_type', group: 'context', en: 'Application type (OCP)', zh: '应用类型' },
  { name: 'app_cluster', group: 'context', en: 'Application cluster (OCP)', zh: '应用集群' },
  { name: 'ob_cluster_group', group: 'context', en: 'OceanBase cluster group', zh: 'OB 集群组' },
  { name: 'ob_cluster', group: 'context', en: 'OceanBase cluster', zh: 'OB 集群' },
  { name: 'ob_cluster_id', group: 'context', en: 'OceanBase cluster ID', zh: 'OB 集群 ID' },
  { name: 'ob_tenant', group: 'context', en: 'OceanBase tenant', zh: 'OB 租户' },
  { name: 'host_ip', group: 'context', en: 'Host IP', zh: '主机 IP' },
  {
    name: 'alarm_source',
    group: 'relay',
    en: 'Where it came from: alertmanager, grafana, ocp, zabbix, uptime-kuma, aliyun, generic',
    zh: '告警来源',
  },
  { name: 'alarm_fingerprint', group: 'relay', en: 'Stable identity of the alert', zh: '告警指纹' },
  {
    name: 'alarm_repeat_count',
    group: 'relay',
    en: 'Repeats folded by aggregation since it was last sent',
    zh: '聚合的重复次数',
  },
]

const KNOWN = new Set(VARIABLES.map((v) => v.name))

/** Names only JavaScript's objects have: alert maps never hold them (they render empty). */
const BUILTINS = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype'])

/** True for a known variable or any `labels.X` / `annotations.X`. */
export function isKnownVariable(name: string): boolean {
  if (BUILTINS.has(name.replace(/^(labels|annotations)\./, ''))) return false
  return (
    KNOWN.has(name) ||
    /^fact_[a-z_]+$/.test(name) ||
    /^(labels|annotations)\.[A-Za-z_][\w.-]*$/.test(name)
  )
}

/** The known variable closest to a misspelt one, when it is close enough to be the likely intent. */
export function suggestVariable(name: string): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const known of KNOWN) {
    const d = editDistance(name.toLowerCase(), known)
    if (d < bestDistance) {
      bestDistance = d
      best = known
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return row[b.length]!
}
