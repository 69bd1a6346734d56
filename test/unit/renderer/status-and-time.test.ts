import { describe, expect, it } from 'vitest'
import type { ChannelStatus, DeliveryStatus } from '../../../electron/core/delivery/status'
import { deliveryLine } from '../../../renderer/src/components/status-model'
import { formatLocal } from '../../../renderer/src/i18n'

const channel = (over: Partial<ChannelStatus> = {}): ChannelStatus => ({
  channel: 'simulator',
  enabled: true,
  backlog: 0,
  retrying: 0,
  robots: [
    {
      robot: 'http://127.0.0.1/?key=***',
      sendsInWindow: 20,
      limit: 20,
      nextFreeSlot: null,
      pausedUntil: null,
    },
  ],
  caps: { perHour: 0, sentThisHour: 0, heldThisHour: 0, perDay: 0, sentToday: 0, heldToday: 0 },
  ...over,
})
const status = (channels: ChannelStatus[]): DeliveryStatus => ({
  paused: false,
  pausedUntil: null,
  backlog: channels.reduce((n, c) => n + c.backlog, 0),
  channels,
})

describe('the status strip', () => {
  it('says all delivered only when nothing is queued or in flight', () => {
    expect(deliveryLine(status([channel()]), false)).toEqual({ kind: 'allGood' })
  })

  it('says how many wait, and when the robot may send next, while a backlog is queued', () => {
    const robot = { ...channel().robots[0]!, nextFreeSlot: '2026-11-28T08:01:00.000Z' }
    expect(
      deliveryLine(status([channel({ backlog: 77, retrying: 2, robots: [robot] })]), false),
    ).toEqual({
      kind: 'waiting',
      count: 77,
      retrying: 2,
      next: '2026-11-28T08:01:00.000Z',
    })
  })

  it('names no time while a robot of the pool can send now', () => {
    const line = deliveryLine(status([channel({ backlog: 3 })]), false)
    expect(line).toEqual({ kind: 'waiting', count: 3, retrying: 0 })
  })

  it('puts a failed delivery before the backlog', () => {
    expect(deliveryLine(status([channel({ backlog: 3, lastOutcome: 'failed' })]), false).kind).toBe(
      'failing',
    )
  })
})

describe('times in the window', () => {
  it('follow the chosen time zone, with its offset', () => {
    expect(formatLocal('2026-11-27T08:00:05Z', 'Asia/Shanghai')).toBe(
      '2026-11-27 16:00:05 UTC+08:00',
    )
    expect(formatLocal('2026-11-27T08:00:05Z', 'America/St_Johns')).toBe(
      '2026-11-27 04:30:05 UTC-03:30',
    )
    expect(formatLocal('2026-11-27T08:00:05Z', 'UTC')).toBe('2026-11-27 08:00:05 UTC+00:00')
  })

  it('fall back to the machine zone for a zone the runtime does not know', () => {
    expect(formatLocal('2026-11-27T08:00:05Z', 'Nowhere/Atlantis')).toBe(
      formatLocal('2026-11-27T08:00:05Z', ''),
    )
  })
})
