import { describe, expect, it } from 'vitest'
import { historyRow } from '../../../electron/core/history/row'
import type { HistoryEntry } from '../../../electron/core/history/records'
import { HISTORY_PAGE, pagesWanted } from '../../../renderer/src/pages/history/history-rows'

const ROWS = 50_000
const P = HISTORY_PAGE

describe('History rows fetched ahead of the scroll', () => {
  it('asks at rest for the pages in view only, unless the view is near the next page', () => {
    expect(pagesWanted(3 * P + 80, 3 * P + 100, 0, ROWS)).toEqual([3])
    // Ten rows from the end of page 3: page 4 comes before the next wheel turn needs it.
    expect(pagesWanted(3 * P + 170, 3 * P + 190, 0, ROWS)).toEqual([3, 4])
    expect(pagesWanted(3 * P + 10, 3 * P + 30, 0, ROWS)).toEqual([3, 2])
  })

  it('asks for the pages a fast scroll reaches next, nearest first, in its direction', () => {
    // 3.3 rows/ms (50,000 rows in 15 s): over a thousand rows ahead, the view's page first.
    const down = pagesWanted(10 * P, 10 * P + 20, 3.3, ROWS)
    expect(down[0]).toBe(10)
    expect(down.slice(1, 6)).toEqual([11, 12, 13, 14, 15])
    expect(down.every((p) => p >= 10)).toBe(true)
    const up = pagesWanted(30 * P + 100, 30 * P + 120, -3.3, ROWS)
    expect(up.slice(0, 6)).toEqual([30, 29, 28, 27, 26, 25])
    expect(up.every((p) => p <= 30)).toBe(true)
  })

  it('never asks for more than twelve pages ahead, nor past either end of the list', () => {
    expect(Math.max(...pagesWanted(10 * P, 10 * P + 20, 100, ROWS))).toBe(22)
    expect(pagesWanted(ROWS - 15, ROWS - 1, 3.3, ROWS)).toEqual([ROWS / P - 1])
    expect(pagesWanted(0, 14, -3.3, ROWS)).toEqual([0])
  })
})

describe('History list rows', () => {
  it('carry what the row shows, a state per channel (pending until recorded), not the payload', () => {
    const row = historyRow({
      alert: {
        id: 'a1',
        status: 'firing',
        receivedAt: '2026-11-27T08:00:05.000Z',
        vars: { alarm_name: 'DiskFull', alarm_level: 'critical', alarm_target: 'db-1' },
        raw: '{"labels":{}}',
      },
      targets: ['ops', 'dba'],
      skipped: [],
      deliveries: { ops: { state: 'failed', at: '2026-11-27T08:00:06.000Z' } },
      attempts: [],
    } as unknown as HistoryEntry)
    expect(row).toEqual({
      id: 'a1',
      receivedAt: '2026-11-27T08:00:05.000Z',
      status: 'firing',
      name: 'DiskFull',
      level: 'critical',
      target: 'db-1',
      states: [
        { channel: 'dba', state: 'pending' },
        { channel: 'ops', state: 'failed' },
      ],
    })
  })
})
