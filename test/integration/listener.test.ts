import { saying } from '../helpers/said'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { freePort } from '../helpers/servers'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { diskFull } from '../helpers/disk-full'

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >

let t: TestRelay
afterEach(async () => {
  await t?.close()
})

describe('sources end to end: posted, stored, rendered, delivered', () => {
  it.each([
    ['/alerts', 'alertmanager-group.json', 2, ['DiskFull', 'db-1:9100', 'db-2:9100', 'Resolved']],
    ['/alerts', 'grafana-unified.json', 1, ['HighCPU', 'web-3', 'CPU above 90%']],
    ['/alerts/grafana', 'grafana-legacy.json', 1, ['Memory usage alert', 'db-1']],
    [
      '/alerts',
      'ocp-array.json',
      2,
      ['ob\\_cluster\\_cpu\\_high'.replace(/\\/g, ''), 'host_disk_full'],
    ],
  ])('POST %s %s', async (path, file, count, texts) => {
    t = await startTestRelay()
    const res = await t.post(path, fixture(file))
    expect(res.status).toBe(202)
    const body = (await res.json()) as { accepted: number; ids: string[] }
    expect(body.accepted).toBe(count)
    for (const id of body.ids) expect(t.relay.history.get(id)).toBeDefined()
    await waitFor(
      () =>
        body.ids.every((id) => t.relay.history.get(id)!.deliveries.oncall?.state === 'delivered'),
      10_000,
      'delivery',
    )
    const received = t.sim.rules.messages.map((m) => m.content).join('\n')
    for (const text of texts) expect(received).toContain(text)
    const entry = t.relay.history.get(body.ids[0]!)!
    expect(entry.attempts[0]).toMatchObject({
      channel: 'oncall',
      httpStatus: 200,
      errcode: 0,
      outcome: 'success',
    })
    expect(entry.attempts[0]!.robot).not.toContain('robot-key-0001')
  })

  it('plain text from curl -d (form-encoded without key=value) is one alert', async () => {
    t = await startTestRelay()
    const res = await t.post('/alerts', 'disk full on db-1', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(202)
    await waitFor(() => t.sim.rules.messages.length === 1)
    expect(t.sim.rules.messages[0]!.content).toContain('disk full on db-1')
  })

  it('?channel= sends to the named channels instead of the routes; unknown names are a 400', async () => {
    t = await startTestRelay({
      channels: [{ name: 'oncall' }, { name: 'db', keys: ['db-robot-key-01'] }],
    })
    const res = await t.post('/alerts?channel=db', { title: 'only db' })
    expect(res.status).toBe(202)
    await waitFor(() => t.sim.rules.messages.length === 1)
    expect(t.sim.rules.messages[0]!.key).toBe('db-robot-key-01')
    const bad = await t.post('/alerts?channel=nope', { title: 'x' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toContain('No channel is called "nope"')
  })

  it('records skipped channels with the reason', async () => {
    t = await startTestRelay({ channels: [{ name: 'oncall', enabled: false }] })
    const { ids } = (await (await t.post('/alerts', { title: 'x' })).json()) as { ids: string[] }
    expect(t.relay.history.get(ids[0]!)!.deliveries.oncall).toMatchObject({
      state: 'skipped',
      reason: saying('The channel is disabled.'),
    })
  })
})

/** Raw request, for bodies and headers fetch will not send. */
function raw(
  origin: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<{ status: number; body: string }> {
  const u = new URL(path, origin)
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        method: opts.method ?? 'POST',
        headers: opts.headers,
      },
      (res) => {
        let body = ''
        res.on('data', (d) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode!, body }))
      },
    )
    req.on('error', reject)
    req.end(opts.body)
  })
}

describe('bad input: the right 4xx, one clear sentence, nothing stored, still serving', () => {
  const json = { 'content-type': 'application/json' }
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n)
  it.each([
    ['invalid JSON', { headers: json, body: '{"alerts": [' }, 400, 'not valid JSON'],
    ['a JSON scalar', { headers: json, body: '42' }, 400, 'JSON number, not an alert'],
    ['JSON null', { headers: json, body: 'null' }, 400, 'JSON null'],
    ['an empty JSON body', { headers: json, body: '' }, 400, 'body is empty'],
    [
      'an empty text body',
      { headers: { 'content-type': 'text/plain' }, body: '   ' },
      400,
      'body is empty',
    ],
    ['an empty alert list', { headers: json, body: '[]' }, 400, 'empty list'],
    ['100-deep nesting', { headers: json, body: deep(100) }, 400, 'nested more than 64 levels'],
    [
      'a 10 MB body',
      { headers: json, body: `{"title":"${'x'.repeat(10 * 1024 * 1024)}"}` },
      413,
      'over the 1048576-byte limit',
    ],
    [
      'a wrong content type',
      { headers: { 'content-type': 'application/xml' }, body: '<alert/>' },
      415,
      'application/xml is not accepted',
    ],
    [
      'invalid UTF-8',
      {
        headers: json,
        body: Buffer.from([0x7b, 0x22, 0x74, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      },
      400,
      'not valid UTF-8',
    ],
    [
      'Alertmanager without alerts, forced',
      { headers: json, body: '{"version":"4","status":"firing"}', path: '/alerts/alertmanager' },
      400,
      'no "alerts" list',
    ],
    [
      'an Alertmanager alert that is not an object',
      { headers: json, body: '{"version":"4","alerts":["x"]}' },
      400,
      'alerts[0] is not an object',
    ],
    [
      'plain text to a JSON-only source',
      { headers: { 'content-type': 'text/plain' }, body: 'hi', path: '/alerts/ocp' },
      400,
      'must be JSON',
    ],
    [
      'an unknown source',
      { headers: json, body: '{}', path: '/alerts/nagios' },
      404,
      '"nagios" is not a source',
    ],
    ['GET on /alerts', { method: 'GET', path: '/alerts' }, 405, 'sent with POST'],
    [
      'an unknown path',
      { headers: json, body: '{}', path: '/api/v2/alerts' },
      404,
      'post alerts to /alerts',
    ],
    [
      'too many alerts at once',
      {
        headers: json,
        body: JSON.stringify(Array.from({ length: 1001 }, (_, i) => ({ title: `a${i}` }))),
      },
      413,
      '1001 alerts, more than the 1000',
    ],
  ])('%s', async (_name, req, status, phrase) => {
    t = await startTestRelay()
    const before = t.relay.history.size
    const r = await raw(
      t.origin,
      (req as { path?: string }).path ?? '/alerts',
      req as { method?: string; headers?: Record<string, string>; body?: string },
    )
    expect(r.status).toBe(status)
    const body = JSON.parse(r.body) as { error: string }
    expect(body.error).toContain(phrase)
    expect(body.error).toMatch(/[.!?]$/)
    expect(t.relay.history.size).toBe(before)
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200)
  })

  it('a huge label value within the body limit is kept, capped, not rejected', async () => {
    t = await startTestRelay()
    const res = await t.post('/alerts', {
      version: '4',
      alerts: [{ labels: { alertname: 'Big', blob: 'x'.repeat(200_000) } }],
    })
    expect(res.status).toBe(202)
    const { ids } = (await res.json()) as { ids: string[] }
    expect(t.relay.history.get(ids[0]!)!.alert.labels.blob!.length).toBeLessThan(17_000)
  })
})

describe('token', () => {
  it('is required when set: Bearer header or ?token=', async () => {
    t = await startTestRelay({
      settings: { listener: { host: '127.0.0.1', port: 0, token: 'listener-secret-1' } },
    })
    const none = await t.post('/alerts', { title: 'x' })
    expect(none.status).toBe(401)
    expect(((await none.json()) as { error: string }).error).toContain('needs a token')
    const wrong = await t.post(
      '/alerts',
      { title: 'x' },
      { headers: { 'content-type': 'application/json', authorization: 'Bearer nope' } },
    )
    expect(wrong.status).toBe(401)
    expect(((await wrong.json()) as { error: string }).error).toContain('token is wrong')
    expect(
      (
        await t.post(
          '/alerts',
          { title: 'x' },
          {
            headers: {
              'content-type': 'application/json',
              authorization: 'Bearer listener-secret-1',
            },
          },
        )
      ).status,
    ).toBe(202)
    expect((await t.post('/alerts?token=listener-secret-1', { title: 'x' })).status).toBe(202)
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200)
  })
})

describe('listener settings apply live', () => {
  it('moves to a new port without a restart; a port in use is reported and the old one keeps serving', async () => {
    t = await startTestRelay()
    const other = await startTestRelay()
    try {
      const busyPort = Number(new URL(other.origin).port)
      await expect(t.relay.listener.rebind('127.0.0.1', busyPort)).rejects.toThrow(
        /already in use: stop the other program or choose another listener port/,
      )
      expect(t.relay.listener.status()).toMatchObject({ state: 'error', address: t.origin })
      expect((await fetch(`${t.origin}/healthz`)).status).toBe(200)
    } finally {
      await other.close()
    }
    const port = await freePort()
    t.relay.settings.update((s) => {
      s.listener.port = port
      s.listener.token = 'now-with-token'
    })
    await waitFor(() => t.relay.listener.origin === `http://127.0.0.1:${port}`)
    expect(t.relay.listener.status().state).toBe('listening')
    const moved = await fetch(`http://127.0.0.1:${port}/alerts`, {
      method: 'POST',
      body: '{"title":"x"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(moved.status).toBe(401)
    await expect(fetch(`${t.origin}/healthz`)).rejects.toThrow()
  })
})

describe('storage failure', () => {
  it('answers 503 (so Alertmanager retries) when the disk refuses the write, and acknowledges nothing', async () => {
    // No gather window: the alert after it goes at once.
    t = await startTestRelay({ channels: [{ name: 'oncall', storm: { gatherSeconds: 0 } }] })
    const { history } = t.relay
    const addAlerts = history.addAlerts.bind(history)
    // As SQLite fails a commit on a full disk.
    history.addAlerts = () => Promise.reject(diskFull())
    const res = await t.post('/alerts', fixture('alertmanager-group.json'))
    expect(res.status).toBe(503)
    expect(((await res.json()) as { error: string }).error).toMatch(
      /could not be stored \(ENOSPC\).*sender should retry\.$/,
    )
    expect(t.relay.history.size).toBe(0)
    // Nothing went out either: once the disk takes writes again, an alert posted after it is the
    // only message the robot gets.
    history.addAlerts = addAlerts
    expect((await t.post('/alerts', { title: 'AfterTheDiskFreed' })).status).toBe(202)
    await waitFor(() => t.sim.rules.messages.length > 0, 10_000, 'the alert after it')
    expect(t.sim.rules.messages.map((m) => m.content)).toEqual([
      expect.stringContaining('AfterTheDiskFreed'),
    ])
  })
})

describe('an address given on the command line', () => {
  it('stays put when the settings change (serve --listen wins), while the token still applies', async () => {
    t = await startTestRelay()
    await t.relay.listener.start({ host: '127.0.0.1', port: 0 })
    const origin = t.relay.listener.origin
    const rebind = vi.spyOn(t.relay.listener, 'rebind')
    t.relay.settings.update((s) => {
      s.app.language = 'zh'
      s.listener.port = 8760
      s.listener.token = 'pinned-token-1'
    })
    // A change is applied as it is made: a listener that was to move would have begun to bind the
    // new address by now (`rebind`, the only way it moves).
    expect(rebind).not.toHaveBeenCalled()
    expect(t.relay.listener.origin).toBe(origin)
    expect((await fetch(`${origin}/alerts`, { method: 'POST', body: 'x' })).status).toBe(401)
  })
})
