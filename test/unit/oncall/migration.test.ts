import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { ActiveAlert } from '../../../electron/core/oncall/active'
import { OnCall } from '../../../electron/core/oncall/oncall'

/**
 * `oncall.json` as the relay wrote it before the firing set moved to `firing.db` (version 1: the
 * firing set, the mutes and the silences in one file). The file is the one the 0.1.0 relay wrote
 * into `test/fixtures/jsonl-data-folder` from real payloads; each test adds an acknowledgement and
 * a mute in that version's shape, which that folder happens not to have.
 */
const V1 = new URL('../../fixtures/jsonl-data-folder/oncall.json', import.meta.url)
// Just after that folder was written: its alerts are still firing.
const NOW = Date.parse('2026-12-07T16:00:00Z')

interface V1File {
  version: 1
  active: ActiveAlert[]
  mutes: unknown[]
  silences: unknown[]
}

function oldFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'relay-oncall-v1-'))
  const file = join(dir, 'oncall.json')
  cpSync(V1, file)
  const v1 = JSON.parse(readFileSync(file, 'utf8')) as V1File
  v1.active[1]!.ack = { by: 'li.lei', at: '2026-12-07T15:40:00.000Z', note: 'on it' }
  v1.mutes.push({
    id: 'm1',
    matchers: [{ name: 'alarm_name', op: '=', value: 'Backup' }],
    startsAt: '2026-12-07T15:30:00.000Z',
    endsAt: '2026-12-07T17:30:00.000Z',
    comment: 'maintenance',
    createdBy: 'han.mei',
    createdAt: '2026-12-07T15:30:00.000Z',
  })
  writeFileSync(file, JSON.stringify(v1))
  const open = () => new OnCall({ file, now: () => NOW, saveDelayMs: 5 })
  return { dir, file, v1, open }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('an oncall.json from before the firing set moved to its database', () => {
  it('is migrated once: every firing alert, acknowledgement and mute kept, one log line, the file rewritten without the firing set', async () => {
    const w = oldFolder()
    expect(w.v1.active).toHaveLength(8)
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const oc = w.open()
    expect(oc.active.toJSON()).toEqual(w.v1.active)
    expect(oc.active.size).toBe(8)
    expect(oc.hold(heldAlert(w.v1.active[1]!), true)).toEqual({
      kind: 'acknowledged',
      by: 'li.lei',
    })
    expect(oc.mutes.toJSON()).toEqual(w.v1.mutes)
    const lines = log.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith('oncall:'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      /^oncall: moved 8 firing alert\(s\) from .+oncall\.json into .+firing\.db/,
    )
    const rewritten = JSON.parse(readFileSync(w.file, 'utf8')) as Record<string, unknown>
    expect(rewritten).toEqual({
      version: 2,
      acks: { [w.v1.active[1]!.identity]: w.v1.active[1]!.ack },
      mutes: w.v1.mutes,
      silences: w.v1.silences,
    })
    expect(existsSync(join(w.dir, 'firing.db'))).toBe(true)
    // Its labels are the alerts' own: readable by the relay's user only, like oncall.json.
    expect(statSync(join(w.dir, 'firing.db')).mode & 0o777).toBe(0o600)
    await oc.stop()

    // The second start reads the database and imports nothing.
    log.mockClear()
    const again = w.open()
    expect(again.active.toJSON()).toEqual(w.v1.active)
    expect(log.mock.calls.filter((c) => String(c[0]).startsWith('oncall:'))).toHaveLength(0)
    await again.stop()
  })

  it('a crash right after the import (the old file still in place) imports the same alerts again, nothing twice', async () => {
    const w = oldFolder()
    const before = readFileSync(w.file)
    vi.spyOn(console, 'log').mockImplementation(() => {})
    await w.open().stop()
    // As if the rewrite never reached the disk.
    writeFileSync(w.file, before)
    const again = w.open()
    expect(again.active.toJSON()).toEqual(w.v1.active)
    expect(again.active.size).toBe(8)
    await again.stop()
  })
})

/** A repeat of the acknowledged alert, as `hold` sees it. */
function heldAlert(a: ActiveAlert) {
  return {
    id: 'x',
    source: a.source,
    status: 'firing' as const,
    fingerprint: a.identity,
    vars: {},
    labels: a.labels,
    annotations: {},
    receivedAt: new Date(NOW).toISOString(),
    raw: '{}',
  }
}
