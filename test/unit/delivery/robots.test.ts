import { saying } from '../../helpers/said'
import { say } from '../../../electron/core/text/core-text'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { WeComSender } from '../../../electron/core/channels/wecom/sender'
import {
  DeliveryStateWriter,
  readDeliveryState,
} from '../../../electron/core/delivery/delivery-state-file'
import {
  budgetsState,
  RobotPool,
  RobotRegistry,
  robotId,
  transmit,
} from '../../../electron/core/delivery/robots'
import { createChannel } from '../../../electron/core/delivery/channel'
import { firstInLine } from '../../../electron/core/delivery/shared-robots'
import { workItem } from '../../../electron/core/delivery/queue'
import type { HistoryEntry } from '../../../electron/core/history/records'
import { channelUsable } from '../../../electron/core/delivery/usable'
import { parseSettings } from '../../../electron/core/settings/settings-store'
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
    b!.broken = say('wecom.disabled')
    expect(pool.pick(10)).toBeUndefined()
    expect(pool.nextFree(10)).toBe(10) // a is only busy: it has budget as soon as it is released
    a!.busy = false
    a!.limiter.record(0)
    a!.limiter.record(0)
    expect(pool.nextFree(10)).toBe(1000) // a is full until its sends leave the window; c rests until 1000
    expect(pool.otherLive(a!)).toBe(true)
    a!.broken = c!.broken = say('wecom.93008')
    expect(pool.nextFree(10)).toBeUndefined()
  })

  it('keeps budgets across a settings change and gives a set-aside robot another chance', () => {
    const pool = new RobotPool()
    const saved = { [robotId(url('a'))]: [5, 6] }
    pool.sync([url('a')], 20, 60_000, saved)
    const a = pool.robots[0]!
    expect(a.limiter.used(10)).toBe(2)
    a.broken = say('wecom.93000')
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

describe('one budget per robot (#23)', () => {
  it('two pools on one webhook share one robot: budget, rest and saved send times', () => {
    const robots = new RobotRegistry()
    const a = new RobotPool(robots)
    const b = new RobotPool(robots)
    const saved = { [robotId(url('shared'))]: [1, 2] }
    a.sync([url('shared')], 20, 60_000, saved)
    b.sync([url('other'), url('shared')], 20, 60_000, saved)
    const shared = a.robots[0]!
    expect(b.robots[1]).toBe(shared)
    expect(shared.limiter.used(10)).toBe(2) // the saved times counted once, not once per channel
    for (let i = 0; i < 18; i++) b.robots[1]!.limiter.record(10)
    expect(a.pick(20)).toBeUndefined() // channel b's sends used channel a's robot up
    shared.pausedUntil = 5000
    expect(b.pick(20)).toBe(b.robots[0])
    expect(budgetsState([a, b], null).robots[shared.id]).toHaveLength(20)
    robots.retain([b])
    expect(robots.all()).toHaveLength(2)
    robots.retain([])
    expect(robots.all()).toHaveLength(0)
  })

  it('the robot goes to the channel with the most severe alert ready, then the oldest', () => {
    const robots = new RobotRegistry()
    const oncall = createChannel('oncall', 0, () => 600, robots)
    const team = createChannel('team', 0, () => 600, robots)
    oncall.pool.sync([url('shared')], 20, 60_000, {})
    team.pool.sync([url('shared')], 20, 60_000, {})
    const robot = oncall.pool.robots[0]!
    const entry = (id: string, level: string) =>
      ({ alert: { id, vars: { alarm_level: level } } }) as unknown as HistoryEntry
    team.queue.push(workItem(entry('t1', 'info'), 't1', 100))
    team.queue.push(workItem(entry('t2', 'warning'), 't2', 200))
    oncall.queue.push(workItem(entry('o1', 'critical'), 'o1', 300))
    team.wants = oncall.wants = true
    // Critical before warning, however late it came.
    expect(firstInLine(team, [oncall, team], robot, 400)).toBe(oncall)
    expect(firstInLine(oncall, [oncall, team], robot, 400)).toBe(oncall)
    // A channel that holds its work back (gathering, pacing a storm) does not take its turn.
    oncall.wants = false
    expect(firstInLine(team, [oncall, team], robot, 400)).toBe(team)
    // The same level: the older first.
    oncall.wants = true
    team.queue.push(workItem(entry('t3', 'critical'), 't3', 250))
    expect(firstInLine(oncall, [oncall, team], robot, 400)).toBe(team)
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
      reason: saying('No channel is called "nope".'),
    })
    expect(channelUsable(c, 'off')).toMatchObject({
      usable: false,
      reason: saying('The channel is disabled.'),
    })
    expect(channelUsable(c, 'quiet', 'firing').usable).toBe(true)
    expect(channelUsable(c, 'quiet', 'resolved')).toMatchObject({
      usable: false,
      reason: saying('The channel does not send resolved alerts.'),
    })
  })
})
