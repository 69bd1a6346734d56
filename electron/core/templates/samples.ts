/** Sample payloads for the template studio: what each sender really posts. */
export const SAMPLES: Array<{ id: string; name: string; payload: unknown }> = [
  {
    id: 'alertmanager',
    name: 'Prometheus Alertmanager: DiskFull (critical)',
    payload: {
      version: '4',
      groupKey: '{}:{alertname="DiskFull"}',
      status: 'firing',
      receiver: 'relay',
      externalURL: 'http://alertmanager:9093',
      alerts: [
        {
          status: 'firing',
          labels: {
            alertname: 'DiskFull',
            severity: 'critical',
            instance: 'db-1:9100',
            job: 'node',
            team: 'storage',
          },
          annotations: {
            summary: 'Disk almost full',
            description: '/data is 97% full and grows 2% an hour',
            runbook_url: 'https://runbooks.example.com/disk-full',
          },
          startsAt: '2026-11-27T08:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          generatorURL: 'http://prometheus:9090/graph?g0.expr=node_filesystem_avail_bytes',
          fingerprint: 'e2a5025853d4da64',
        },
      ],
    },
  },
  {
    id: 'grafana',
    name: 'Grafana: HighCPU (warning)',
    payload: {
      receiver: 'relay',
      status: 'firing',
      orgId: 1,
      version: '1',
      title: '[FIRING:1] HighCPU (web-3)',
      state: 'alerting',
      message: 'CPU above 90% for 5 minutes',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'HighCPU', instance: 'web-3', severity: 'warning' },
          annotations: { summary: 'CPU above 90% for 5 minutes' },
          startsAt: '2026-11-27T09:30:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          panelURL: 'http://grafana:3000/d/cpu?viewPanel=2',
          valueString: "[ var='B' labels={instance=web-3} value=93.4 ]",
          fingerprint: '57c6d9296de2ad39',
        },
      ],
    },
  },
  {
    id: 'ocp',
    name: 'OceanBase OCP: ob_cluster_cpu_high (严重)',
    payload: {
      alarm_id: '1001',
      alarm_name: 'ob_cluster_cpu_high',
      alarm_level: '严重',
      alarm_target: 'obcluster=prod-ob1:tenant=sys',
      alarm_summary: 'OB 集群 CPU 使用率过高',
      alarm_description: 'CPU 使用率 92%，超过阈值 90%',
      alarm_status: 'Active',
      alarm_active_at: '2026-11-27 16:00:00',
      alarm_url: 'http://ocp:8080/alarm/1001',
      ob_cluster: 'prod-ob1',
      ob_tenant: 'sys',
    },
  },
  {
    id: 'resolved',
    name: 'Alertmanager: DiskFull resolved',
    payload: {
      version: '4',
      status: 'resolved',
      alerts: [
        {
          status: 'resolved',
          labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1:9100' },
          annotations: { summary: 'Disk almost full', description: '/data is back to 71%' },
          startsAt: '2026-11-27T08:00:00Z',
          endsAt: '2026-11-27T08:42:00Z',
          generatorURL: 'http://prometheus:9090/graph',
          fingerprint: 'e2a5025853d4da64',
        },
      ],
    },
  },
]
