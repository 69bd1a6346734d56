import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { startFakeRobot } from '../helpers/fake-robot'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { scriptChannel } from '../helpers/script-channel'

/**
 * A resend from History is a new delivery a person asked for: a receiver that skips the ids it has
 * handled (as the README tells script authors to do) must still act on it, once.
 */

let t: TestRelay | undefined
let fake: Awaited<ReturnType<typeof startFakeRobot>> | undefined
afterEach(async () => {
  await t?.close()
  await fake?.close()
  t = undefined
  fake = undefined
})

/**
 * A receiving script that logs every RELAY_DELIVERY_ID it gets; it fails once while `fail-once`
 * exists (and removes it), and on every run while `down` exists.
 */
function writeScript(dir: string): string {
  const file = join(dir, 'notify.mjs')
  writeFileSync(
    file,
    `import { appendFileSync, existsSync, rmSync } from 'node:fs'
appendFileSync(${JSON.stringify(join(dir, 'log'))}, (process.env.RELAY_DELIVERY_ID ?? '') + '\\n')
if (existsSync(${JSON.stringify(join(dir, 'fail-once'))})) {
  rmSync(${JSON.stringify(join(dir, 'fail-once'))})
  console.error('receiver busy')
  process.exit(1)
}
if (existsSync(${JSON.stringify(join(dir, 'down'))})) {
  console.error('ticket system down')
  process.exit(2)
}
console.log('sent')`,
  )
  return file
}

/** The ids the script got, in the order it ran. */
const ids = (dir: string): string[] =>
  existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').trim().split('\n') : []

async function postAlert(relay: TestRelay, title: string): Promise<string> {
  const res = (await (await relay.post('/alerts', { title })).json()) as { ids: string[] }
  return res.ids[0]!
}

/** Waits until the alert is delivered on "tickets" after `tries` runs of the script in all. */
function deliveredAfter(relay: TestRelay, dir: string, alertId: string, tries: number) {
  return waitFor(
    () =>
      relay.relay.history.get(alertId)?.deliveries.tickets?.state === 'delivered' &&
      ids(dir).length === tries,
    20_000,
    `delivered after ${tries} runs`,
  )
}

describe('a resend from History gets its own RELAY_DELIVERY_ID', () => {
  it('new for each resend, the same on its retries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-resend-id-'))
    t = await startTestRelay({
      channels: [scriptChannel(writeScript(dir))],
      delivery: { backoff: () => 50 },
    })
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    writeFileSync(join(dir, 'fail-once'), '')
    const alertId = await postAlert(t, 'Disk full')
    await deliveredAfter(t, dir, alertId, 2)
    const [original, originalRetry] = ids(dir)
    expect(original).toMatch(/^[0-9a-f]{32}$/)
    expect(originalRetry).toBe(original)

    expect(await api.resendAlert({ id: alertId, channels: ['tickets'] })).toEqual({
      queued: ['tickets'],
    })
    await deliveredAfter(t, dir, alertId, 3)
    const first = ids(dir)[2]!
    expect(first).toMatch(/^[0-9a-f]{32}$/)
    expect(first).not.toBe(original)

    // The second resend: the receiver fails once, and the retry carries the resend's id.
    writeFileSync(join(dir, 'fail-once'), '')
    await api.resendAlert({ id: alertId, channels: ['tickets'] })
    await deliveredAfter(t, dir, alertId, 5)
    const [second, secondRetry] = ids(dir).slice(3)
    expect(second).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set([original, first, second]).size).toBe(3)
    expect(secondRetry).toBe(second)
    expect(
      t.relay.history
        .get(alertId)!
        .attempts.filter((a) => a.channel === 'tickets')
        .map((a) => a.outcome),
    ).toEqual(['retryable', 'success', 'success', 'retryable', 'success'])
  })

  it('the same after the relay restarts with the resend still to deliver', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-resend-id-'))
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-resend-id-data-'))
    const opts = {
      dataDir,
      channels: [scriptChannel(writeScript(dir))],
      delivery: { backoff: () => 100 },
    }
    t = await startTestRelay(opts)
    const alertId = await postAlert(t, 'Disk full')
    await deliveredAfter(t, dir, alertId, 1)
    const [original] = ids(dir)

    writeFileSync(join(dir, 'down'), '')
    await createApiService(t.relay, { mode: 'headless', version: 'test' }).resendAlert({
      id: alertId,
      channels: ['tickets'],
    })
    await waitFor(() => ids(dir).length >= 2, 20_000, 'a first try of the resend')
    await t.close()
    t = undefined
    const resend = ids(dir)[1]!
    expect(resend).toMatch(/^[0-9a-f]{32}$/)
    expect(resend).not.toBe(original)

    // The ticket system is back; a new relay process takes the resend from its outbox.
    rmSync(join(dir, 'down'))
    const before = ids(dir).length
    t = await startTestRelay(opts)
    await waitFor(
      () => t!.relay.history.get(alertId)?.deliveries.tickets?.state === 'delivered',
      20_000,
      'the resend delivered after the restart',
    )
    const after = ids(dir).slice(1)
    expect(after.length).toBeGreaterThan(before - 1)
    expect(new Set(after)).toEqual(new Set([resend]))
  })
})

/**
 * A loopback endpoint that answers 503 while `down` is set or `failures` remain (one per request),
 * else 200; the X-Relay-Delivery-Id of every request it gets is in `received`.
 */
async function startEndpoint() {
  const state = { failures: 0, down: false }
  const endpoint = await startFakeRobot(() => {
    if (state.down || state.failures > 0) {
      state.failures = Math.max(0, state.failures - 1)
      return { status: 503, body: { error: 'busy' } }
    }
    return { body: { ok: true } }
  })
  return { endpoint, state }
}

const httpChannel = (origin: string) => ({
  name: 'hook',
  type: 'http' as const,
  webhookUrl: '',
  url: `${origin}/hook`,
  body: '{"name": "${alarm_name}"}',
})

/** The X-Relay-Delivery-Id of every request the endpoint got, in order. */
const headerIds = (endpoint: { received: Array<{ headers: Record<string, unknown> }> }) =>
  endpoint.received.map((r) => r.headers['x-relay-delivery-id'] as string)

describe('an HTTP channel names the delivery in X-Relay-Delivery-Id, new for each resend', () => {
  it("the same on retries, new for each resend, kept by the resend's retry", async () => {
    const { endpoint, state } = await startEndpoint()
    fake = endpoint
    t = await startTestRelay({
      channels: [httpChannel(endpoint.origin)],
      delivery: { backoff: () => 50 },
    })
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const delivered = (alertId: string, requests: number) =>
      waitFor(
        () =>
          t!.relay.history.get(alertId)?.deliveries.hook?.state === 'delivered' &&
          endpoint.received.length === requests,
        20_000,
        `delivered after ${requests} requests`,
      )
    state.failures = 1
    const alertId = await postAlert(t, 'Disk full')
    await delivered(alertId, 2)
    await api.resendAlert({ id: alertId, channels: ['hook'] })
    await delivered(alertId, 3)
    state.failures = 1
    await api.resendAlert({ id: alertId, channels: ['hook'] })
    await delivered(alertId, 5)
    const [original, originalRetry, first, second, secondRetry] = headerIds(endpoint)
    expect(original).toMatch(/^[0-9a-f]{32}$/)
    expect(originalRetry).toBe(original)
    expect(new Set([original, first, second]).size).toBe(3)
    expect(first).toMatch(/^[0-9a-f]{32}$/)
    expect(second).toMatch(/^[0-9a-f]{32}$/)
    expect(secondRetry).toBe(second)
  })

  it('the same after the relay restarts with the resend still to deliver', async () => {
    const { endpoint, state } = await startEndpoint()
    fake = endpoint
    const opts = {
      dataDir: mkdtempSync(join(tmpdir(), 'relay-resend-id-data-')),
      channels: [httpChannel(endpoint.origin)],
      delivery: { backoff: () => 100 },
    }
    t = await startTestRelay(opts)
    const alertId = await postAlert(t, 'Disk full')
    await waitFor(
      () => t!.relay.history.get(alertId)?.deliveries.hook?.state === 'delivered',
      20_000,
      'delivered',
    )
    state.down = true
    await createApiService(t.relay, { mode: 'headless', version: 'test' }).resendAlert({
      id: alertId,
      channels: ['hook'],
    })
    await waitFor(() => endpoint.received.length >= 2, 20_000, 'a first try of the resend')
    await t.close()
    t = undefined
    state.down = false
    t = await startTestRelay(opts)
    await waitFor(
      () => t!.relay.history.get(alertId)?.deliveries.hook?.state === 'delivered',
      20_000,
      'the resend delivered after the restart',
    )
    const [original, ...resend] = headerIds(endpoint)
    expect(resend.length).toBeGreaterThan(1)
    expect(resend[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(resend[0]).not.toBe(original)
    expect(new Set(resend)).toEqual(new Set([resend[0]]))
  })
})
