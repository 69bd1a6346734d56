import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WeComSender } from '../../../electron/core/channels/wecom/sender'
import { DeliveryStateWriter, readDeliveryState } from '../../../electron/core/delivery/state-file'
import { budgetsState, RobotPool, robotId, transmit } from '../../../electron/core/delivery/robots'
import { channelUsable } from '../../../electron/core/delivery/usable'
import { parseSettings } from '../../../electron/core/settings/store'
import { tempDir } from '../../helpers/servers'
import { join } from 'node:path'

const url = (k: string) => `http://127.0.0.1:1/cgi-bin/webhook/send?key=${k}`

describe('RobotPool', () => {
  it('picks the robot with the most budget left, skipping busy, resting and set-aside ones', () => {
    const pool = new RobotPool()
    pool.sync([url('a'), url('b'), url('c')], 3, 60_000, {})
    const [a, b, c] = pool.robots
    a!.limiter.record(0)
    b!.limiter.record(0)
    b!.limiter.record(0)
    c!.limiter.record(0)
    expect(pool.pick(10)).toBe(a) // 2 left, ahead of c (2 left) by order
    a!.busy = true
    expect(pool.pick(10)).toBe(c)
    c!.pausedUntil = 1000
    expect(pool.pick(10)).toBe(b)
    b!.broken = 'The robot is disabled.'
    expect(pool.pick(10)).toBeUndefined()
    expect(pool.nextFree(10)).toBe(10) // a is only busy: it has budget as soon as it is released
    a!.busy = false
    a!.limiter.record(0)
    a!.limiter.record(0)
    expect(pool.nextFree(10)).toBe(1000) // a is full until its sends leave the window; c rests until 1000
    expect(pool.otherLive(a!)).toBe(true)
    a!.broken = c!.broken = 'gone'
    expect(pool.nextFree(10)).toBeUndefined()
  })

  it('keeps budgets across a settings change and gives a set-aside robot another chance', () => {
    const pool = new RobotPool()
    const saved = { [robotId(url('a'))]: [5, 6] }
    pool.sync([url('a')], 20, 60_000, saved)
    const a = pool.robots[0]!
    expect(a.limiter.used(10)).toBe(2)
    a.broken = 'The webhook key is invalid.'
    a.limiter.record(7)
    pool.sync([url('a'), url('b')], 2, 60_000, saved)
    expect(pool.robots[0]).toBe(a)
    expect(a).toMatchObject({ broken: undefined })
    expect(a.limiter.limit).toBe(2)
    expect(pool.pick(10)).toBe(pool.robots[1]) // a's 3 sends fill its new limit of 2
    const [status] = pool.status(10)
    expect(status).toMatchObject({ sendsInWindow: 3, limit: 2, nextFreeSlot: expect.any(String) })
    expect(status!.robot).not.toContain('key=a&') // masked
  })
})

describe('transmit', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())))

  it('reserves and saves the slot before the request leaves, then settles it to the answer', async () => {
    const dir = tempDir('relay-robots-')
    const statePath = join(dir, 'delivery-state.json')
    const seen: number[][] = []
    server = createServer((req, res) => {
      // While the request is on the wire, the saved state already counts it.
      seen.push(readDeliveryState(statePath).robots[robotId(robotUrl)] ?? [])
      req.resume()
      req.on('end', () => res.end('{"errcode":0,"errmsg":"ok"}'))
    })
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r))
    const robotUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cgi-bin/webhook/send?key=k`
    const pool = new RobotPool()
    pool.sync([robotUrl], 20, 60_000, {})
    const robot = pool.robots[0]!
    let clock = 1000
    // The engine's writer: asynchronous, and the request waits for it.
    const writer = new DeliveryStateWriter(statePath, () => budgetsState([pool], null))
    const result = await transmit(
      robot,
      { timeoutMs: 5000 },
      { msgtype: 'text', text: { content: 'hello' } },
      {
        sender: new WeComSender(),
        now: () => clock++,
        persist: () => writer.save(),
      },
    )
    expect(result.ok).toBe(true)
    expect(seen).toEqual([[6000]]) // reserved at the latest moment it could arrive (now + timeout)
    await writer.flush()
    expect(readDeliveryState(statePath).robots[robotId(robotUrl)]).toEqual([1001]) // the answer
    expect(robot.busy).toBe(true) // released by the caller once the result is recorded
  })
})

describe('channelUsable', () => {
  const settings = parseSettings({
    channels: [
      { name: 'oncall', webhookUrl: url('a') },
      { name: 'off', webhookUrl: url('b'), enabled: false },
      { name: 'quiet', webhookUrl: url('c'), sendResolved: false },
    ],
    defaultChannels: ['oncall'],
  })
  it('says why a channel cannot take an alert', () => {
    const c = settings.channels
    expect(channelUsable(c, 'oncall')).toMatchObject({ usable: true, channel: { name: 'oncall' } })
    expect(channelUsable(c, 'nope')).toEqual({
      usable: false,
      reason: 'No channel is called "nope".',
    })
    expect(channelUsable(c, 'off')).toMatchObject({
      usable: false,
      reason: 'The channel is disabled.',
    })
    expect(channelUsable(c, 'quiet', 'firing').usable).toBe(true)
    expect(channelUsable(c, 'quiet', 'resolved')).toMatchObject({
      usable: false,
      reason: 'The channel does not send resolved alerts.',
    })
  })
})
