import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'

import { StateFile } from '../../../electron/core/oncall/oncall-state-file'

function world(delayMs = 60_000) {
  const dir = mkdtempSync(join(tmpdir(), 'relay-state-'))
  const file = join(dir, 'oncall.json')
  const state = { n: 0 }
  const sf = new StateFile({ file, delayMs, serialize: () => JSON.stringify({ ...state }) })
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as { n: number }
  return { dir, file, state, sf, read }
}

describe('the on-call state file', () => {
  it('turns a storm of changes into one write, with the latest state', async () => {
    const w = world()
    for (let i = 1; i <= 1000; i++) {
      w.state.n = i
      w.sf.changed()
    }
    // Nothing is written on the request path.
    expect(existsSync(w.file)).toBe(false)
    await w.sf.flush()
    expect(w.sf.writes).toBe(1)
    expect(w.read().n).toBe(1000)
    expect(readdirSync(w.dir)).toEqual(['oncall.json'])
  })

  it('writes an urgent change at once, and a change made during a write right after it', async () => {
    const w = world()
    w.state.n = 1
    w.sf.changed(true)
    // The first write is under way; these land in the next one.
    w.state.n = 2
    w.sf.changed(true)
    await w.sf.flush()
    expect(w.read().n).toBe(2)
    expect(w.sf.writes).toBe(2)
  })

  it('writes what is pending when closed, and nothing after', async () => {
    const w = world()
    w.state.n = 7
    w.sf.changed()
    await w.sf.close()
    expect(w.read().n).toBe(7)
    w.state.n = 8
    w.sf.changed(true)
    await w.sf.flush()
    expect(w.read().n).toBe(7)
  })

  it('reports a failed write, rejects the flush that waited on it, and writes again once it can', async () => {
    const w = world()
    const errors: string[] = []
    let written = 0
    const file = join(w.dir, 'later', 'oncall.json')
    const sf = new StateFile({
      file,
      delayMs: 50,
      serialize: () => JSON.stringify({ n: 3 }),
      onError: (e) => errors.push(e.message),
      onWritten: () => written++,
    })
    sf.changed(true)
    // Whoever waits for the change to be on disk hears that it is not.
    await expect(sf.flush()).rejects.toThrow(/ENOENT/)
    expect(errors[0]).toMatch(/ENOENT/)
    expect(sf.failing?.message).toMatch(/ENOENT/)
    mkdirSync(join(w.dir, 'later'))
    // Written again without another change, once the folder takes it.
    await vi.waitFor(() => expect(written).toBe(1), { timeout: 5_000 })
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ n: 3 })
    expect(sf.failing).toBeUndefined()
    await sf.close()
  })
})

describe('the on-call state file during a storm of distinct alerts', () => {
  it('waits in proportion to what serialising costs, so it never takes more than a twentieth of the loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-state-'))
    let t = 0
    // Each serialisation "takes" 300 ms on this clock, as tens of MB of firing alerts do.
    const sf = new StateFile({
      file: join(dir, 'oncall.json'),
      delayMs: 1000,
      clock: () => t,
      serialize: () => {
        t += 300
        return JSON.stringify({ n: 1 })
      },
    })
    expect(sf.nextDelayMs).toBe(1000)
    sf.changed(true)
    await sf.flush()
    expect(sf.nextDelayMs).toBe(6000)
  })

  it("waits in proportion to its size, so a storm's firing set does not take the disk every second", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-state-'))
    const big = JSON.stringify({ active: 'x'.repeat(20 * 1024 * 1024) })
    const sf = new StateFile({
      file: join(dir, 'oncall.json'),
      delayMs: 1000,
      serialize: () => big,
    })
    sf.changed(true)
    await sf.flush()
    // 20 MiB at 2 MiB a second: ten seconds before the next timed write.
    expect(sf.nextDelayMs).toBeGreaterThanOrEqual(10_000)
    expect(sf.nextDelayMs).toBeLessThan(11_000)
  })

  it('writes a state given in pieces (more than one writev takes) whole and in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay-state-'))
    const items = Array.from({ length: 3000 }, (_, i) => ({ i, name: `alert-${i}`, 中: '磁盘' }))
    const pieces = [
      Buffer.from('['),
      ...items.map((x, i) => Buffer.from(`${i ? ',' : ''}${JSON.stringify(x)}`)),
      Buffer.from(']'),
    ]
    const file = join(dir, 'oncall.json')
    const sf = new StateFile({ file, serialize: () => pieces })
    sf.changed(true)
    await sf.flush()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(items)
  })
})
