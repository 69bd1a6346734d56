import { saying } from '../helpers/said'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { runCli, serveArgs } from '../helpers/cli'
import { startProxy, tempDir, type TestProxy } from '../helpers/servers'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const post = async (r: TestRelay, body: unknown) =>
  ((await (await r.post('/alerts', body)).json()) as { ids: string[] }).ids
const delivered = (r: TestRelay, ids: string[]) =>
  ids.every((id) => r.relay.history.get(id)?.deliveries.oncall?.state === 'delivered')

describe('fault injection', () => {
  it('a proxy that dies mid-storm: alerts wait and retry, and all arrive once it is back', async () => {
    let proxy: TestProxy = await startProxy()
    const port = new URL(proxy.url).port
    t = await startTestRelay({
      channels: [{ name: 'oncall', proxy: proxy.url, aggregate: { enabled: false } }],
      delivery: { backoff: () => 100 },
    })
    const first = await post(
      t,
      Array.from({ length: 5 }, (_, i) => ({ title: `Before-${i}` })),
    )
    await waitFor(() => delivered(t!, first))
    await proxy.close()
    const during = await post(
      t,
      Array.from({ length: 5 }, (_, i) => ({ title: `During-${i}` })),
    )
    await waitFor(() => during.every((id) => (t!.relay.history.get(id)?.attempts.length ?? 0) >= 1))
    expect(t.relay.history.get(during[0]!)!.deliveries.oncall).toMatchObject({
      state: 'pending',
      reason: saying(expect.stringContaining('proxy refused')),
    })
    proxy = await startProxy(undefined, Number(port))
    try {
      await waitFor(() => delivered(t!, during), 15_000, 'delivery after the proxy came back')
      for (let i = 0; i < 5; i++)
        expect(t.sim.rules.messages.filter((m) => m.content.includes(`During-${i}`))).toHaveLength(
          1,
        )
    } finally {
      await proxy.close()
    }
  })

  it('a 45009 storm from another sender on the same robot: the relay waits it out and loses nothing', async () => {
    t = await startTestRelay({ delivery: { windowMs: 150, backoff: () => 50 } })
    t.sim.faults.add({ fault: { kind: 'errcode', errcode: 45009 }, times: 6 })
    const ids = await post(
      t,
      Array.from({ length: 10 }, (_, i) => ({ title: `Shared-${i}` })),
    )
    await waitFor(() => delivered(t!, ids), 15_000)
    expect(t.sim.rules.stats()['45009']).toBeUndefined() // the injected ones are not the robot's own count
    for (let i = 0; i < 10; i++)
      expect(t.sim.rules.messages.filter((m) => m.content.includes(`Shared-${i}`))).toHaveLength(1)
    const attempts = t.relay.history.get(ids[0]!)!.attempts
    expect(attempts.filter((a) => a.errcode === 45009).length).toBeGreaterThanOrEqual(1)
  })

  it('a data folder that cannot be used: one sentence, exit 1, no stack trace', async () => {
    const dataDir = tempDir('relay-bad-data-')
    writeFileSync(join(dataDir, 'config.json'), JSON.stringify({ simulator: { enabled: false } }))
    writeFileSync(join(dataDir, 'history'), 'a file where the history folder should be')
    const r = await runCli(serveArgs(dataDir))
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^error: the data folder cannot be used \((ENOTDIR|EEXIST) on .*history.*\): .*--data-dir\.\n$/,
    )
    mkdirSync(join(dataDir, 'unused'))
  })
})
