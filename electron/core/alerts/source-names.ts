/** The senders the listener understands. No Node imports: the window's contract uses this too. */
export const SOURCES = [
  'alertmanager',
  'grafana',
  'ocp',
  'zabbix',
  'uptime-kuma',
  'aliyun',
  'generic',
] as const
export type AlertSource = (typeof SOURCES)[number]
