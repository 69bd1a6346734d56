import { english } from '../../electron/core/text/core-text'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createChannelSenders } from '../../electron/core/channels/registry'
import type { ScriptInput } from '../../electron/core/channels/script/sender'
import { ENV_VALUES } from '../corpus/env-values'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { scriptChannel } from '../helpers/script-channel'

/**
 * A value Node refuses in an environment (a NUL byte) must not wedge a script channel: the value
 * reaches the script made safe, and every later alert on the channel is delivered, also after a
 * restart.
 */

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/** A script that logs the title it got (JSON-quoted, so any byte shows) and prints `sent`. */
function writeScript(dir: string): string {
  const file = join(dir, 'notify.mjs')
  writeFileSync(
    file,
    `import { appendFileSync } from 'node:fs'
appendFileSync(${JSON.stringify(join(dir, 'log'))}, JSON.stringify(process.env.ALARM_NAME) + '\\n')
console.log('sent')`,
  )
  return file
}

const seen = (dir: string): string[] => {
  try {
    return readFileSync(join(dir, 'log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as string)
  } catch {
    return []
  }
}

describe('a script channel and values unsafe in an environment', () => {
  it('delivers an alert with a NUL byte, and the alerts after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-nul-'))
    t = await startTestRelay({
      channels: [scriptChannel(writeScript(dir))],
      delivery: { backoff: () => 50 },
    })
    const post = async (title: string) =>
      ((await (await t!.post('/alerts', { title })).json()) as { ids: string[] }).ids[0]!
    const nul = await post('a\u0000b')
    const next = await post('After')
    const state = (id: string) => t!.relay.history.get(id)?.deliveries.tickets?.state
    await waitFor(
      () => state(nul) === 'delivered' && state(next) === 'delivered',
      15_000,
      'both delivered',
    )
    expect(seen(dir)).toEqual(['a\uFFFDb', 'After'])
    expect(t.relay.history.get(nul)!.attempts.map((a) => a.outcome)).toEqual(['success'])
  })

  it.each(ENV_VALUES.map((c) => [c.name, c] as const))(
    'corpus: %s is delivered as the script can take it',
    async (_name, c) => {
      const dir = mkdtempSync(join(tmpdir(), 'relay-env-'))
      t = await startTestRelay({ channels: [scriptChannel(writeScript(dir))] })
      const r = await t.post('/alerts', { title: c.value })
      const id = ((await r.json()) as { ids: string[] }).ids[0]!
      await waitFor(
        () => t!.relay.history.get(id)?.deliveries.tickets?.state === 'delivered',
        15_000,
        'delivered',
      )
      const got = seen(dir)
      expect(got).toHaveLength(1)
      expect(c.seen(got[0]!), `${got[0]!.length}: ${JSON.stringify(got[0]!.slice(-20))}`).toBe(true)
    },
  )

  it('an alert left pending before a restart is delivered after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-nul-'))
    const data = mkdtempSync(join(tmpdir(), 'relay-nul-data-'))
    // First run: the script is missing a moment, so the NUL alert waits for a retry when the
    // relay stops.
    const file = join(dir, 'notify.mjs')
    t = await startTestRelay({
      dataDir: data,
      channels: [scriptChannel(file)],
      delivery: { backoff: () => 60_000 },
    })
    const res = await t.post('/alerts', { title: 'x\u0000y' })
    const id = ((await res.json()) as { ids: string[] }).ids[0]!
    await waitFor(
      () => t!.relay.history.get(id)?.attempts.length === 1,
      15_000,
      'the first attempt recorded',
    )
    expect(t.relay.history.get(id)!.deliveries.tickets?.state).not.toBe('delivered')
    await t.close()
    writeScript(dir)
    t = await startTestRelay({
      dataDir: data,
      channels: [scriptChannel(file)],
      delivery: { backoff: () => 50 },
    })
    await waitFor(
      () => t!.relay.history.get(id)?.deliveries.tickets?.state === 'delivered',
      15_000,
      'delivered after the restart',
    )
    expect(seen(dir)).toEqual(['x\uFFFDy'])
  })
})

describe('a sender that throws instead of answering', () => {
  it('is a failed attempt in History, and the channel goes on with the next alert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-throw-'))
    const senders = createChannelSenders()
    const script = senders.of('script')
    const real = script.send.bind(script)
    let thrown = 0
    script.send = (channel, endpoint, message) => {
      const name = (message.body as ScriptInput).env.ALARM_NAME
      if (name === 'Boom' && thrown++ === 0) throw new TypeError('the system refused a value')
      return real(channel, endpoint, message)
    }
    t = await startTestRelay({
      channels: [scriptChannel(writeScript(dir))],
      delivery: { backoff: () => 50 },
      senders,
    })
    const post = async (title: string) =>
      ((await (await t!.post('/alerts', { title })).json()) as { ids: string[] }).ids[0]!
    const boom = await post('Boom')
    const next = await post('After')
    const state = (id: string) => t!.relay.history.get(id)?.deliveries.tickets?.state
    await waitFor(
      () => state(boom) === 'delivered' && state(next) === 'delivered',
      15_000,
      'both delivered',
    )
    const attempts = t.relay.history.get(boom)!.attempts
    expect(attempts.map((a) => a.outcome)).toEqual(['retryable', 'success'])
    expect(english(attempts[0]!.explanation)).toContain('the system refused a value')
    await senders.close()
  })
})
