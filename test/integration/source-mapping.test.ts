import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { realPayloads } from '../fixtures/real/load'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

/**
 * A sender the relay has no reader for (Google Cloud Monitoring), mapped by a person: its
 * endpoint reads the next alert well, the mapping is in the settings file, exported and imported
 * like channels, and a body kept in the history can be read again with it.
 */
const gcp = realPayloads().find((p) => p.file === 'gcp-monitoring-5xx-open.json')!
const mapping = {
  name: 'gcp-monitoring',
  fields: {
    title: 'incident.condition_name',
    level: 'incident.metadata.system_labels.severity',
    status: 'incident.state',
    target: 'incident.resource_display_name',
    summary: 'incident.summary',
    value: 'incident.observed_value',
    link: 'incident.url',
    labels: 'incident.policy_user_labels',
  },
  levels: { critical: 'down' as const },
  resolvedValues: ['CLOSED'],
}

let t: TestRelay
beforeAll(async () => {
  t = await startTestRelay({
    channels: [{ name: 'text', format: 'text', aggregate: { enabled: false } }],
    settings: { sources: { mappings: [mapping] }, app: { timeZone: 'Asia/Shanghai' } },
    delivery: { windowMs: 1000, backoff: () => 50 },
  })
})
afterAll(() => t?.close())

describe('a mapped source', () => {
  it('has its own endpoint, and the next alert reads well', async () => {
    const before = t.sim.rules.messages.length
    const res = await t.post('/alerts/gcp-monitoring', gcp.text, {
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    await waitFor(
      () => t.relay.history.get(ids[0]!)?.deliveries.text?.state === 'delivered',
      15_000,
      'delivered',
    )
    const stored = t.relay.history.get(ids[0]!)!.alert
    expect(stored.vars).toMatchObject({
      alarm_name: '5XX Error Rate > 5%',
      alarm_level: 'down',
      alarm_level_raw: 'critical',
      alarm_target: 'Production Web Cluster',
      alarm_mapping: 'gcp-monitoring',
    })
    expect(stored.vars.alarm_guessed).toBeUndefined()
    expect(stored.labels).toEqual({ team: 'platform' })
    const content = t.sim.rules.messages
      .slice(before)
      .map((m) => m.content)
      .join('\n')
    expect(content).toContain('🔥')
    expect(content).toContain('5XX Error Rate > 5%')
    expect(content).toContain('Down (critical)')
    expect(content).toContain('Production Web Cluster')
    expect(content).toContain('team=platform')
  })

  it('its resolved values resolve', async () => {
    const closed = JSON.parse(gcp.text) as { incident: Record<string, unknown> }
    closed.incident.state = 'CLOSED'
    const res = await t.post('/alerts/gcp-monitoring', closed)
    const { ids } = (await res.json()) as { ids: string[] }
    expect(t.relay.history.get(ids[0]!)!.alert.status).toBe('resolved')
  })

  it('an unknown name is refused with the names that exist', async () => {
    const res = await t.post('/alerts/gcp-monitorin', gcp.text, {
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(404)
    expect(((await res.json()) as { error: string }).error).toMatch(/\/gcp-monitoring/)
  })

  it('the same body on plain /alerts is read by the generic reader, marked as a guess', async () => {
    const res = await t.post('/alerts', gcp.text, {
      headers: { 'content-type': 'application/json' },
    })
    const { ids } = (await res.json()) as { ids: string[] }
    expect(t.relay.history.get(ids[0]!)!.alert.vars.alarm_guessed).toBe('sender not recognised')
  })

  it('a body in the history is read again with the mapping, and previewed', async () => {
    const service = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const res = await t.post('/alerts', gcp.text, {
      headers: { 'content-type': 'application/json' },
    })
    const { ids } = (await res.json()) as { ids: string[] }
    const guessed = await service.readSenderBody({ alertId: ids[0]! })
    expect(guessed.alerts[0]!.vars.alarm_guessed).toBe('sender not recognised')
    const read = await service.readSenderBody({
      alertId: ids[0]!,
      mapping: { ...mapping, itemsPath: '', timeFormat: 'auto' },
    })
    expect(read.alerts[0]!.vars.alarm_name).toBe('5XX Error Rate > 5%')
    expect(read.preview).toContain('5XX Error Rate > 5%')
    expect(read.preview).toContain('Production Web Cluster')
  })

  it('is exported and imported with the settings, and a bad one is refused with its path', async () => {
    const service = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const { content } = await service.exportSettings({ includeSecrets: true })
    expect(JSON.parse(content).sources.mappings[0].name).toBe('gcp-monitoring')
    const bad = JSON.parse(content) as { sources: { mappings: Array<{ name: string }> } }
    bad.sources.mappings[0]!.name = 'grafana'
    await expect(service.importSettings({ content: JSON.stringify(bad) })).rejects.toThrow(
      /sources\.mappings\[0\]\.name.*built-in sender/,
    )
    const imported = await service.importSettings({ content })
    expect(imported.sources.mappings.map((m) => m.name)).toEqual(['gcp-monitoring'])
  })
})
