import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { scriptChannel } from '../helpers/script-channel'

/**
 * RELAY_DELIVERY_ID: a script channel is delivered at least once, so a script that must act once
 * (open a ticket, page someone) needs an id that is the same every time the relay tries again.
 */

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/** A script that logs the id it got and fails until `ok` exists (or, for "Flaky", once per id). */
function writeScript(dir: string): string {
  const file = join(dir, 'notify.mjs')
  writeFileSync(
    file,
    `import { appendFileSync, existsSync, writeFileSync } from 'node:fs'
const id = process.env.RELAY_DELIVERY_ID ?? ''
appendFileSync(${JSON.stringify(join(dir, 'log'))}, id + ' ' + process.env.ALARM_NAME + '\\n')
const seen = ${JSON.stringify(dir)} + '/seen-' + id
if (process.env.ALARM_NAME === 'Flaky' && !existsSync(seen)) {
  writeFileSync(seen, '')
  console.error('first try fails')
  process.exit(1)
}
if (process.env.ALARM_NAME === 'Down' && !existsSync(${JSON.stringify(join(dir, 'ok'))})) {
  console.error('ticket system down')
  process.exit(2)
}
console.log('sent')`,
  )
  return file
}

const log = (dir: string) =>
  readFileSync(join(dir, 'log'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(' ') as [string, string])

describe('a script gets a stable RELAY_DELIVERY_ID', () => {
  it('the same on a retry, different for another alert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-delivery-id-'))
    const file = writeScript(dir)
    t = await startTestRelay({ channels: [scriptChannel(file)], delivery: { backoff: () => 50 } })
    const [flaky] = (
      (await (await t.post('/alerts', { title: 'Flaky' })).json()) as { ids: string[] }
    ).ids
    const [fine] = (
      (await (await t.post('/alerts', { title: 'Fine' })).json()) as { ids: string[] }
    ).ids
    const state = (id: string) => t!.relay.history.get(id)?.deliveries.tickets?.state
    await waitFor(
      () => state(flaky!) === 'delivered' && state(fine!) === 'delivered',
      20_000,
      'delivered',
    )
    expect(t.relay.history.get(flaky!)!.attempts.map((a) => a.outcome)).toEqual([
      'retryable',
      'success',
    ])
    const tries = log(dir)
    const flakyIds = tries.filter(([, name]) => name === 'Flaky').map(([id]) => id)
    const fineIds = tries.filter(([, name]) => name === 'Fine').map(([id]) => id)
    expect(flakyIds).toHaveLength(2)
    expect(flakyIds[0]).toMatch(/^[0-9a-f]{32}$/)
    expect(flakyIds[1]).toBe(flakyIds[0])
    expect(fineIds).toHaveLength(1)
    expect(fineIds[0]).not.toBe(flakyIds[0])
  })

  it('the same after the relay restarts with the alert still to deliver', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-delivery-id-'))
    const file = writeScript(dir)
    const dataDir = mkdtempSync(join(tmpdir(), 'relay-delivery-id-data-'))
    const opts = {
      dataDir,
      channels: [scriptChannel(file)],
      delivery: { backoff: () => 100 },
    }
    t = await startTestRelay(opts)
    const [id] = ((await (await t.post('/alerts', { title: 'Down' })).json()) as { ids: string[] })
      .ids
    await waitFor(() => existsSync(join(dir, 'log')), 20_000, 'a first try')
    await t.close()
    t = undefined
    const before = log(dir).map(([i]) => i)
    // The ticket system is back; a new relay process takes the alert from its outbox.
    writeFileSync(join(dir, 'ok'), '')
    t = await startTestRelay(opts)
    await waitFor(
      () => t!.relay.history.get(id!)?.deliveries.tickets?.state === 'delivered',
      20_000,
      'delivered after the restart',
    )
    const after = log(dir).map(([i]) => i)
    expect(after.length).toBeGreaterThan(before.length)
    expect(new Set(after)).toEqual(new Set([before[0]]))
  })
})
