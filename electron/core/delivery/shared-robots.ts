import { levelRank } from '../alerts/levels'
import type { ChannelRuntime } from './channel'
import { robotId, type Robot } from './robots'
import { gatheringUntil } from './storm'
import { say, type CoreText } from '../text/core-text'

/**
 * Who goes first on a robot several channels post to (#23). The robot has one budget; when it is
 * short, the channel whose next message is the most urgent takes the next send: by level
 * (critical before warning before info), then by age. A mention follow-up keeps its place right
 * after the message it belongs to.
 */

/** How urgent a channel's next message is: lower rank first, then the older. */
export interface Urgency {
  rank: number
  since: number
}

/**
 * A channel whose gather window ends this soon still competes: channels on one robot that a burst
 * reaches together end their windows within milliseconds of each other.
 */
const GATHER_GRACE_MS = 100

/** Ready alerts looked at per channel: the most severe among the first few hundred is enough. */
const SCAN = 300

/** The urgency of what `ch` would send next, or undefined when nothing of it is ready. */
export function urgencyOf(ch: ChannelRuntime, now: number): Urgency | undefined {
  let best: Urgency | undefined
  const consider = (rank: number, since: number) => {
    if (!best || rank < best.rank || (rank === best.rank && since < best.since))
      best = { rank, since }
  }
  for (const e of ch.queue.extras) {
    if (e.inFlight || e.nextAttemptAt > now) continue
    consider(e.kind === 'mention' ? -1 : levelRank(e.level ?? 'warning'), e.nextAttemptAt)
  }
  let n = 0
  for (const i of ch.queue.ready(now)) {
    consider(levelRank(i.brief.vars.alarm_level ?? ''), i.enqueuedAt)
    if (++n >= SCAN) break
  }
  return best
}

const before = (a: Urgency, b: Urgency) =>
  a.rank < b.rank || (a.rank === b.rank && a.since < b.since)

/**
 * The channel that should take `robot` now, among `channels` (`self` included): `self` unless
 * another channel on the same robot wants it and has something more urgent ready.
 */
export function firstInLine(
  self: ChannelRuntime,
  channels: Iterable<ChannelRuntime>,
  robot: Robot,
  now: number,
): ChannelRuntime {
  let first = self
  // Weighed only when another channel competes: a robot of its own (the common case) is self's.
  let best: Urgency | undefined
  for (const c of channels) {
    if (c === self || !c.pool.robots.includes(robot)) continue
    if (!c.wants && !gatheringUntil(c, now + GATHER_GRACE_MS)) continue
    best ??= urgencyOf(self, now)
    if (!best) return self
    const u = urgencyOf(c, now)
    if (u && before(u, best)) {
      first = c
      best = u
    }
  }
  return first
}

/** The channels other than `self` that post to one of `self`'s robots. */
export function sharing(
  self: ChannelRuntime,
  channels: Iterable<ChannelRuntime>,
): ChannelRuntime[] {
  const mine = new Set(self.pool.robots)
  const out: ChannelRuntime[] = []
  for (const c of channels) if (c !== self && c.pool.robots.some((r) => mine.has(r))) out.push(c)
  return out
}

/**
 * The warning a channel form shows when the draft posts to a robot another channel already uses:
 * one sentence per robot shared, naming the other channels (#23).
 */
export function sharedRobotWarnings(
  channels: ReadonlyArray<{ name: string; webhookUrl?: string; extraWebhookUrls?: string[] }>,
  draft: Record<string, unknown>,
  originalName?: string,
): CoreText[] {
  const urls = [
    draft.webhookUrl,
    ...(Array.isArray(draft.extraWebhookUrls) ? draft.extraWebhookUrls : []),
  ].filter((u): u is string => typeof u === 'string' && u.trim() !== '')
  const self = originalName ?? (typeof draft.name === 'string' ? draft.name : undefined)
  const users = new Map<string, string[]>()
  for (const c of channels) {
    if (c.name === self) continue
    for (const u of [c.webhookUrl ?? '', ...(c.extraWebhookUrls ?? [])]) {
      if (!u.trim()) continue
      const id = robotId(u.trim())
      users.set(id, [...(users.get(id) ?? []), c.name])
    }
  }
  const out = new Map<string, CoreText>()
  for (const u of urls) {
    const others = users.get(robotId(u.trim()))
    if (others?.length) {
      const said = say('channel.sharedRobot', {
        channels: others.map((n) => `"${n}"`).join(', '),
      })
      out.set(said.text, said)
    }
  }
  return [...out.values()]
}
