import { afterEach, describe, expect, it, vi } from 'vitest'

import { coalesce } from '../../../electron/core/oncall/wiring'

afterEach(() => void vi.useRealTimers())

describe('coalesced on-call events', () => {
  it('tells at once, then at most once per interval, and always after the last change', () => {
    vi.useFakeTimers()
    const told: number[] = []
    const changed = coalesce(() => told.push(Date.now()), 250)
    const start = Date.now()
    // A storm: one change per ingest request, a thousand in a second.
    for (let i = 0; i < 1000; i++) {
      changed()
      vi.advanceTimersByTime(1)
    }
    vi.advanceTimersByTime(1000)
    expect(told[0]).toBe(start)
    expect(told.length).toBeLessThanOrEqual(5)
    // The last change (at start + 999 ms) was told afterwards.
    expect(told.at(-1)!).toBeGreaterThanOrEqual(start + 999)
    const before = told.length
    vi.advanceTimersByTime(10_000)
    expect(told).toHaveLength(before)
  })
})
