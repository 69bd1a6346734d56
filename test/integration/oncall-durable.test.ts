import { existsSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createApiService } from '../../electron/core/api/service'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'

/**
 * A mute or an acknowledgement answered as done must be on disk: with the data folder refusing
 * the write, the answer is a sentence instead, `/healthz` reports it while it lasts, and the change
 * reaches the disk once the folder takes writes again.
 */

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

/** oncall.json is written to oncall.json.tmp first: pointed at /dev/full, every write is ENOSPC. */
function fillDisk(dataDir: string): () => void {
  const tmp = join(dataDir, 'oncall.json.tmp')
  rmSync(tmp, { force: true })
  symlinkSync('/dev/full', tmp)
  return () => rmSync(tmp, { force: true })
}

const SENTENCE =
  /^The mute is in effect, but the relay could not save it to its data folder \(ENOSPC\), so a restart would lose it: free disk space or fix the folder's permissions; the relay keeps trying to save it\.$/

const health = async (t: TestRelay) => {
  const res = await fetch(`${t.origin}/healthz`)
  return { status: res.status, body: (await res.json()) as { status: string; error?: string } }
}

const saved = (dataDir: string) =>
  existsSync(join(dataDir, 'oncall.json'))
    ? (JSON.parse(readFileSync(join(dataDir, 'oncall.json'), 'utf8')) as {
        mutes: Array<{ id: string }>
      })
    : undefined

describe('on-call changes on a data folder that refuses writes', () => {
  it('createMute answers a sentence, /healthz says so, and the mute is written once it can be', async () => {
    t = await startTestRelay()
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    const unfill = fillDisk(t.dataDir)
    const input = { matchers: ['alarm_name="DiskFull"'], comment: 'maintenance', forMinutes: 60 }
    await expect(api.createMute(input)).rejects.toThrow(SENTENCE)
    await expect(api.createMute(input)).rejects.toMatchObject({ status: 503 })
    const sick = await health(t)
    expect(sick.status).toBe(503)
    expect(sick.body.error).toMatch(
      /^The relay cannot write to its data folder \(ENOSPC while saving mutes and acknowledgements\): .+\.$/,
    )

    unfill()
    await waitFor(async () => (await health(t!)).status === 200, 10_000, 'healthy again')
    const mutes = t.relay.oncall.mutes.toJSON() as Array<{ id: string }>
    expect(mutes.length).toBe(2)
    expect(saved(t.dataDir)?.mutes.map((m) => m.id)).toEqual(mutes.map((m) => m.id))
    // And a mute made now is answered as before.
    await expect(api.createMute(input)).resolves.toMatchObject({ comment: 'maintenance' })
  })

  it('acknowledge answers a sentence too, and the acknowledgement is written once it can be', async () => {
    t = await startTestRelay()
    const api = createApiService(t.relay, { mode: 'headless', version: 'test' })
    await t.post('/alerts', { title: 'DiskFull', severity: 'critical' })
    const [firing] = await waitFor(() => {
      const v = t!.relay.oncall.active.list()
      return v.length ? v : undefined
    })
    const unfill = fillDisk(t.dataDir)
    await expect(api.acknowledge({ identities: [firing!.identity] })).rejects.toThrow(
      /^The acknowledgement holds, but the relay could not save it to its data folder \(ENOSPC\), so a restart would lose it: .+\.$/,
    )
    expect((await health(t)).status).toBe(503)
    unfill()
    await waitFor(async () => (await health(t!)).status === 200, 10_000, 'healthy again')
    const onDisk = JSON.parse(readFileSync(join(t.dataDir, 'oncall.json'), 'utf8')) as {
      acks: Record<string, { by: string }>
    }
    expect(onDisk.acks[firing!.identity]).toBeDefined()
  })
})
