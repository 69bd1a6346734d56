import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  DeliveryStateWriter,
  readDeliveryState,
  type DeliveryState,
} from '../../../electron/core/delivery/delivery-state-file'
import { tempDir } from '../../helpers/servers'

describe('the delivery state writer', () => {
  it('coalesces the saves asked for during a write into one more, which holds the latest budgets', async () => {
    const path = join(tempDir('relay-state-'), 'delivery-state.json')
    let sends = 0
    let builds = 0
    const writer = new DeliveryStateWriter(path, (): DeliveryState => {
      builds++
      return {
        version: 1,
        robots: { robot: Array.from({ length: sends }, (_, i) => i) },
        pausedUntil: null,
      }
    })
    const saves: Array<Promise<void>> = []
    for (let i = 0; i < 50; i++) {
      sends++
      saves.push(writer.save())
    }
    await Promise.all(saves)
    // The first write took 1 send; the 49 asked for meanwhile share the second, which took all 50.
    expect(builds).toBe(2)
    expect(readDeliveryState(path).robots.robot).toHaveLength(50)
    expect(existsSync(`${path}.tmp`)).toBe(false)
  })

  it('a save resolves only once the file holds what memory held when it was asked', async () => {
    const path = join(tempDir('relay-state-'), 'delivery-state.json')
    let paused: number | null = null
    const writer = new DeliveryStateWriter(path, () => ({
      version: 1,
      robots: {},
      pausedUntil: paused,
    }))
    void writer.save()
    paused = 123
    await writer.save()
    expect(readDeliveryState(path).pausedUntil).toBe(123)
  })

  it('a folder that refuses the write is reported, and the save still settles', async () => {
    const path = join(tempDir('relay-state-'), 'missing-folder', 'delivery-state.json')
    const failed: string[] = []
    const writer = new DeliveryStateWriter(
      path,
      () => ({ version: 1, robots: {}, pausedUntil: null }),
      { failed: (err) => failed.push((err as NodeJS.ErrnoException).code ?? '') },
    )
    await writer.save()
    expect(failed).toEqual(['ENOENT'])
  })
})
