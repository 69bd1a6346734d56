import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startTestRelay, waitFor, type TestRelay } from '../helpers/relay'
import { tempDir } from '../helpers/servers'

/**
 * A data folder written by the JSON Lines version of the relay (0.1.0, before SQLite): eleven
 * alerts from the real fixtures, delivered to "oncall", one resent to "db", one still pending on
 * "later" (a robot nobody answered), skipped channels, digest attempts.
 */
const OLD_FOLDER = new URL('../fixtures/jsonl-data-folder/', import.meta.url)
const SEGMENT = 'segment-000001.jsonl'

interface Expected {
  name: string
  states: Record<string, string>
  attempts: number
}

/** What the segment says, read independently of the store: each alert's final states and attempts. */
function expectedFrom(text: string): Map<string, Expected> {
  const out = new Map<string, Expected>()
  for (const line of text.split('\n')) {
    let r: Record<string, unknown>
    try {
      r = JSON.parse(line) as Record<string, unknown>
    } catch {
      continue
    }
    if (r.t === 'alert') {
      const a = r.alert as { id: string; vars: Record<string, string> }
      const states: Record<string, string> = {}
      for (const c of r.targets as string[]) states[c] = 'pending'
      for (const s of r.skipped as Array<{ channel: string }>) states[s.channel] = 'skipped'
      out.set(a.id, { name: a.vars.alarm_name!, states, attempts: 0 })
    } else if (r.t === 'delivery') {
      const e = out.get(r.alertId as string)
      if (e) e.states[r.channel as string] = r.state as string
    } else if (r.t === 'attempt') {
      for (const id of r.alertIds as string[]) {
        const e = out.get(id)
        if (e) e.attempts++
      }
    }
  }
  return out
}

/** A copy of the old folder with settings for this test's robots (the old ones are gone). */
function oldFolder(damage?: (lines: string[]) => string[]): { dataDir: string; segment: string } {
  const dataDir = tempDir('relay-jsonl-')
  cpSync(OLD_FOLDER, dataDir, { recursive: true })
  const segment = join(dataDir, 'history', SEGMENT)
  if (damage) writeFileSync(segment, damage(readFileSync(segment, 'utf8').split('\n')).join('\n'))
  return { dataDir, segment: readFileSync(segment, 'utf8') }
}

const channels = [
  { name: 'oncall', aggregate: { enabled: false } },
  { name: 'db', keys: ['db-robot-key-01'], aggregate: { enabled: false } },
  { name: 'later', aggregate: { enabled: false } },
]
// Its alerts are from the day the folder was written: retention by age must not take them.
const settings = { history: { maxAlerts: 50_000, maxAgeDays: 3650 } }

let t: TestRelay | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
  vi.restoreAllMocks()
})

describe('a data folder from the JSON Lines version', () => {
  it('starts with its history intact, says so once in the log, and sends what was still pending', async () => {
    const { dataDir, segment } = oldFolder()
    const expected = expectedFrom(segment)
    expect(expected.size).toBe(11)
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    t = await startTestRelay({ dataDir, channels, settings })

    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('history:'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^history: moved 11 alert\(s\) \(30 records from 1 JSON Lines segment\(s\)\) into .*history\.db; the old segments are kept in .*jsonl-imported and can be deleted\.$/,
    )
    // Nothing deleted: the segment is kept aside, byte for byte; the old index snapshot is gone.
    expect(readFileSync(join(dataDir, 'history', 'jsonl-imported', SEGMENT), 'utf8')).toBe(segment)
    expect(readdirSync(join(dataDir, 'history')).filter((f) => f.endsWith('.jsonl'))).toEqual([])
    expect(existsSync(join(dataDir, 'history.index'))).toBe(false)

    const h = t.relay.history
    expect(h.size).toBe(11)
    for (const [id, e] of expected) {
      const entry = h.get(id)
      expect(entry?.alert.vars.alarm_name, id).toBe(e.name)
      expect(entry!.attempts, e.name).toHaveLength(e.attempts)
      // The one pending on "later" is being sent by now: everything else as the segment says.
      for (const [channel, state] of Object.entries(e.states))
        if (state !== 'pending') expect(entry!.deliveries[channel]?.state, e.name).toBe(state)
    }
    // History's list, search and export read the imported alerts as they read new ones.
    expect(h.query({ text: 'crashloop' }).items.map((e) => e.alert.vars.alarm_name)).toEqual([
      'KubePodCrashLooping',
    ])
    expect(h.query({ text: '云服务' }).total).toBe(1)
    expect(JSON.parse(h.export('json', {}, []))).toHaveLength(11)

    // The outbox came along: the alert the old relay could not send goes out now.
    const pending = [...expected].filter(([, e]) => e.states.later === 'pending')
    expect(pending).toHaveLength(1)
    await waitFor(
      () => h.get(pending[0]![0])!.deliveries.later?.state === 'delivered',
      15_000,
      'the pending alert delivered',
    )
    expect(t.sim.rules.messages.some((m) => m.content.includes(pending[0]![1].name))).toBe(true)

    // A second start imports nothing again.
    const sim = t.sim
    await t.relay.close()
    await sim.close()
    log.mockClear()
    t = await startTestRelay({ dataDir, channels, settings })
    expect(log.mock.calls.filter((c) => String(c[0]).startsWith('history:'))).toEqual([])
    expect(t.relay.history.size).toBe(11)
  })

  it('a damaged segment: the rest is imported, the damage is reported', async () => {
    const { dataDir } = oldFolder((lines) => {
      lines.splice(1, 0, '{"t":"alert","alert":{"id":', '\u0000\u0000garbage\u0000')
      return [...lines.slice(0, -1), '{"t":"delivery" trailing junk\n']
    })
    vi.spyOn(console, 'log').mockImplementation(() => {})
    t = await startTestRelay({ dataDir, channels, settings })
    expect(t.relay.warnings.map((w) => w.text).join(' ')).toMatch(
      /3 damaged history line\(s\) were skipped/,
    )
    expect(t.relay.history.size).toBe(11)
  })
})
