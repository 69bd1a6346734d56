/** The senders the listener understands. No Node imports: the window's contract uses this too. */
export const SOURCES = [
  'alertmanager',
  'grafana',
  'ocp',
  'zabbix',
  'uptime-kuma',
  'aliyun',
  'nightingale',
  'skywalking',
  'tencent-cloud',
  'huawei-cloud',
  'cloudwatch',
  'sentry',
  'pagerduty',
  'newrelic',
  'datadog',
  'hertzbeat',
  'generic',
] as const
export type AlertSource = (typeof SOURCES)[number]

/** Each sender's name as people write it (the window, the README, error sentences). */
export const SOURCE_LABELS: Record<AlertSource, string> = {
  alertmanager: 'Alertmanager',
  grafana: 'Grafana',
  ocp: 'OceanBase OCP',
  zabbix: 'Zabbix',
  'uptime-kuma': 'Uptime Kuma',
  aliyun: 'Aliyun CloudMonitor',
  nightingale: 'Nightingale (n9e)',
  skywalking: 'Apache SkyWalking',
  'tencent-cloud': 'Tencent Cloud Monitor',
  'huawei-cloud': 'Huawei Cloud Eye',
  cloudwatch: 'AWS CloudWatch',
  sentry: 'Sentry',
  pagerduty: 'PagerDuty',
  newrelic: 'New Relic',
  datadog: 'Datadog',
  hertzbeat: 'Apache HertzBeat',
  generic: 'Generic JSON',
}
