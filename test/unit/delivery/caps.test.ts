import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ChannelCaps, summaryContent, takeWithinCaps } from '../../../electron/core/delivery/caps'

// Local times, so that the day buckets (the local calendar day) are what the test names.
const at = (h: number, m = 0, day = 28) => new Date(2026, 10, day, h, m).getTime()

describe('ChannelCaps', () => {
  it('holds back what is over the hourly cap, counting it, with the reason for the history', () => {
    const caps = new ChannelCaps(at(9, 5))
    caps.sent(2)
    const limits = { perHour: 3, perDay: 0 }
    expect(caps.admit(limits, 0)).toBeUndefined()
    expect(caps.admit(limits, 1)).toEqual({
      code: 'reason.capHour',
      params: { cap: '3' },
      text: 'Held back by the hourly cap of 3 alerts; a summary goes out when the cap resets.',
    })
    expect(caps.status(limits)).toEqual({
      perHour: 3,
      sentThisHour: 2,
      heldThisHour: 1,
      perDay: 0,
      sentToday: 2,
      heldToday: 0,
    })
  })

  it('names the daily cap when only that one is reached, and 0 means no cap', () => {
    const caps = new ChannelCaps(at(9))
    caps.sent(10)
    expect(caps.admit({ perHour: 0, perDay: 0 }, 500)).toBeUndefined()
    expect(caps.admit({ perHour: 0, perDay: 10 }, 0)?.text).toMatch(/daily cap of 10 alerts/)
    expect(caps.admit({ perHour: 5, perDay: 10 }, 0)?.text).toMatch(/hourly cap of 5 alerts/)
    expect(caps.status({ perHour: 5, perDay: 10 })).toMatchObject({ heldThisHour: 1, heldToday: 2 })
  })

  it('when the hour turns: resets the hour, and summarises what it held since its start', () => {
    const caps = new ChannelCaps(at(9, 10))
    const limits = { perHour: 1, perDay: 100 }
    caps.sent(1)
    caps.admit(limits, 0)
    caps.admit(limits, 0)
    expect(caps.roll(at(9, 59), limits)).toEqual([])
    const [summary, ...more] = caps.roll(at(10, 1), limits)
    expect(more).toEqual([])
    expect(summary).toEqual({ which: 'hourly', held: 2, cap: 1, since: at(9) })
    expect(caps.status(limits)).toMatchObject({ sentThisHour: 0, heldThisHour: 0, sentToday: 1 })
    expect(caps.roll(at(11, 1), limits)).toEqual([]) // nothing held in the 10 o'clock hour
  })

  it('when the day turns: resets both, with a daily summary', () => {
    const caps = new ChannelCaps(at(22))
    const limits = { perHour: 0, perDay: 2 }
    caps.sent(2)
    caps.admit(limits, 0)
    expect(caps.roll(at(0, 30, 29), limits)).toEqual([
      { which: 'daily', held: 1, cap: 2, since: at(0, 0, 28) },
    ])
    expect(caps.admit(limits, 0)).toBeUndefined()
  })

  it('rebuilt at start from past deliveries: counts only this hour and this day', () => {
    const caps = new ChannelCaps(at(9, 30))
    for (const t of [at(9, 1), at(9, 29), at(8, 59), at(23, 0, 27)]) caps.countPast(t)
    expect(caps.status({ perHour: 0, perDay: 0 })).toMatchObject({ sentThisHour: 2, sentToday: 3 })
  })
})

describe('takeWithinCaps', () => {
  it('takes up to the cap in order and holds the rest back, each with its reason', () => {
    const caps = new ChannelCaps(at(9))
    caps.sent(1)
    const { taken, held } = takeWithinCaps(
      ['a', 'b', 'c', 'd', 'e'],
      caps,
      { perHour: 3, perDay: 0 },
      300,
    )
    expect(taken).toEqual(['a', 'b'])
    expect(held.map((h) => h.item)).toEqual(['c', 'd', 'e'])
    expect(new Set(held.map((h) => h.reason.text))).toEqual(
      new Set(['Held back by the hourly cap of 3 alerts; a summary goes out when the cap resets.']),
    )
    expect(caps.status({ perHour: 3, perDay: 0 }).heldThisHour).toBe(3)
  })
  it('stops looking once it has taken `max`, leaving the rest queued (not held)', () => {
    const caps = new ChannelCaps(at(9))
    const ready = function* () {
      for (let i = 0; ; i++) yield i // an endless queue: must stop at max
    }
    const { taken, held } = takeWithinCaps(ready(), caps, { perHour: 0, perDay: 0 }, 300)
    expect(taken).toHaveLength(300)
    expect(held).toEqual([])
  })
})

describe('summaryContent', () => {
  // 09:00 in Shanghai (UTC+8), 01:00 UTC, 20:00 the day before in New York.
  const since = Date.UTC(2026, 10, 28, 1, 0)
  const s = { which: 'hourly' as const, held: 1, cap: 20, since }
  it('says how many were held, by which cap, on which channel, since when', () => {
    expect(summaryContent('oncall', 'text', s, 'en', 'Asia/Shanghai')).toBe(
      `1 alert was held back by the hourly cap of 20 on channel "oncall" since 09:00: see the relay's history.`,
    )
    expect(
      summaryContent(
        'oncall',
        'markdown',
        { ...s, which: 'daily', held: 7 },
        'en',
        'Asia/Shanghai',
      ),
    ).toBe(
      `<font color="warning">**Held back**</font>\n7 alerts were held back by the daily cap of 20 on channel "oncall" since 2026-11-28: see the relay's history.`,
    )
    expect(summaryContent('oncall', 'text', s, 'zh', 'Asia/Shanghai')).toContain('自 09:00 起')
  })

  it("names the time in the user's zone, not the machine's, as the alerts beside it do", () => {
    const machine = process.env.TZ
    process.env.TZ = 'America/New_York'
    try {
      expect(summaryContent('oncall', 'text', s, 'en', 'Asia/Shanghai')).toContain('since 09:00:')
      expect(summaryContent('oncall', 'text', s, 'zh', 'Asia/Shanghai')).toContain('自 09:00 起')
      expect(
        summaryContent('oncall', 'text', { ...s, which: 'daily' }, 'en', 'Asia/Shanghai'),
      ).toContain('since 2026-11-28:')
    } finally {
      if (machine === undefined) delete process.env.TZ
      else process.env.TZ = machine
    }
  })
})

describe("the caps' hour and day turn on the user's clock, not the machine's", () => {
  // The machine runs in Los Angeles; the person reads the relay in Shanghai and Kolkata.
  const machineZone = process.env.TZ
  beforeAll(() => {
    process.env.TZ = 'America/Los_Angeles'
  })
  afterAll(() => {
    if (machineZone === undefined) delete process.env.TZ
    else process.env.TZ = machineZone
  })

  it("resets a daily cap at the user's midnight, and dates its summary from it", () => {
    // 23:30 on the 28th in Shanghai (07:30 in Los Angeles): the daily cap of 1 is used up.
    const caps = new ChannelCaps(Date.UTC(2026, 10, 28, 15, 30), () => 'Asia/Shanghai')
    const limits = { perHour: 0, perDay: 1 }
    caps.sent(1)
    expect(caps.admit(limits, 0)?.code).toBe('reason.capDay')
    // 00:30 on the 29th in Shanghai, still the 28th in Los Angeles: a new day for the person.
    expect(caps.roll(Date.UTC(2026, 10, 28, 16, 30), limits)).toEqual([
      { which: 'daily', held: 1, cap: 1, since: Date.UTC(2026, 10, 27, 16, 0) },
    ])
    expect(caps.admit(limits, 0)).toBeUndefined()
  })

  it('turns the hour at half past in a zone half an hour off UTC', () => {
    // 15:40 in Kolkata (UTC+05:30): the hourly cap of 1 is used up until 16:00 there.
    const caps = new ChannelCaps(Date.UTC(2026, 10, 28, 10, 10), () => 'Asia/Kolkata')
    const limits = { perHour: 1, perDay: 0 }
    caps.sent(1)
    expect(caps.admit(limits, 0)?.code).toBe('reason.capHour')
    expect(caps.roll(Date.UTC(2026, 10, 28, 10, 25), limits)).toEqual([])
    expect(caps.roll(Date.UTC(2026, 10, 28, 10, 35), limits)).toEqual([
      // The hour that ended began at 15:00 in Kolkata.
      { which: 'hourly', held: 1, cap: 1, since: Date.UTC(2026, 10, 28, 9, 30) },
    ])
  })
})
