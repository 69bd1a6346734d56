import { createHash } from 'node:crypto'
import type { RateWindow } from '../channels/limits'
import type { RobotTarget, SendResult, WeComBody, WeComSender } from '../channels/wecom/sender'
import { maskUrl } from '../secrets/mask'
import type { Channel } from '../settings/schema'
import { SlidingWindowLimiter } from './limiter'
import { MultiWindowLimiter } from './multi-limiter'
import type { DeliveryState } from './delivery-state-file'
import type { RobotStatus } from './status'
import type { CoreText } from '../text/core-text'

/** One webhook of a channel's pool, with its own budget. */
export interface Robot {
  /** A hash of the URL: what the state file keys budgets by, never the key itself. */
  id: string
  url: string
  limiter: SlidingWindowLimiter
  pausedUntil: number
  busy: boolean
  /** Set after 93000/93004/93008: the robot is gone; others in the pool carry on. */
  broken?: CoreText
  lastError?: CoreText
  lastErrorAt?: string
}

export const robotId = (url: string) => createHash('sha256').update(url).digest('hex').slice(0, 16)

/**
 * Every robot the relay sends to, by id (a hash of its URL, key included: DingTalk and Feishu by
 * their token). Two channels, or a channel's pool and another's, that post to one robot get the
 * same `Robot`: one budget, one rest after 45009, one send at a time, as WeCom counts them (#23).
 */
export class RobotRegistry {
  readonly #robots = new Map<string, Robot>()

  /**
   * The robot of `url`, made by `make` the first time any pool asks for it. With `owner`, the
   * robot is that channel's alone (an HTTP endpoint or a script is no robot with a platform's
   * budget: two channels posting there must not wait on each other's sends).
   */
  get(url: string, make: (id: string) => Robot, owner?: string): Robot {
    const id = robotId(owner === undefined ? url : `${owner}\n${url}`)
    let r = this.#robots.get(id)
    if (!r) {
      r = make(id)
      this.#robots.set(id, r)
    }
    return r
  }

  /** Keeps only the robots some pool still uses (a budget must outlive none of them). */
  retain(pools: Iterable<RobotPool>): void {
    const used = new Set<string>()
    for (const p of pools) for (const r of p.robots) used.add(r.id)
    for (const id of this.#robots.keys()) if (!used.has(id)) this.#robots.delete(id)
  }

  all(): Robot[] {
    return [...this.#robots.values()]
  }
}

/**
 * A channel's robots (webhookUrl + extraWebhookUrls), each with a sliding-window budget. Sends go
 * to the robot with the most budget left; a robot that is resting (45009), busy or gone is skipped.
 * With a registry, a robot another channel also posts to is the same object, budget and all.
 */
export class RobotPool {
  robots: Robot[] = []

  constructor(private readonly registry = new RobotRegistry()) {}

  /**
   * Takes the URLs the settings now list, keeping the budget of robots that stay and starting new
   * ones from the saved send times.
   */
  sync(
    urls: readonly string[],
    perMinute: number,
    windowMs: number,
    saved: Readonly<Record<string, number[]>>,
    /** Shorter windows that hold at the same time (Feishu: 5 a second). */
    shorter: readonly RateWindow[] = [],
    /** The channel whose own robots these are; absent: shared with every channel on the URL. */
    owner?: string,
  ): void {
    const old = new Set(this.robots.map((r) => r.id))
    this.robots = urls.map((url) => {
      const robot = this.registry.get(
        url,
        (id) => ({
          id,
          url,
          limiter: shorter.length
            ? new MultiWindowLimiter(
                [{ max: perMinute, ms: windowMs }, ...shorter],
                saved[id] ?? [],
              )
            : new SlidingWindowLimiter(perMinute, windowMs, saved[id] ?? []),
          pausedUntil: 0,
          busy: false,
        }),
        owner,
      )
      if (old.has(robot.id)) robot.broken = undefined // settings changed: another chance
      robot.limiter.limit = perMinute
      return robot
    })
  }

  /** The robot with the most budget left right now. */
  pick(now: number): Robot | undefined {
    let best: Robot | undefined
    for (const r of this.robots)
      if (usable(r, now) && (!best || r.limiter.available(now) > best.limiter.available(now)))
        best = r
    return best
  }

  /** Whether a robot other than `robot` is still in service. */
  otherLive(robot: Robot): boolean {
    return this.robots.some((r) => r !== robot && !r.broken)
  }

  /** When the first robot still in service may send again; undefined when all are gone. */
  nextFree(now: number): number | undefined {
    const live = this.robots.filter((r) => !r.broken)
    if (!live.length) return undefined
    return Math.min(...live.map((r) => Math.max(r.pausedUntil, r.limiter.nextFree(now))))
  }

  /** Notes a failure on the robot (for the status). */
  noteError(robot: Robot, explanation: CoreText, at: string): void {
    robot.lastError = explanation
    robot.lastErrorAt = at
  }

  status(now: number): RobotStatus[] {
    return this.robots.map((r) => ({
      robot: maskUrl(r.url),
      sendsInWindow: r.limiter.used(now),
      limit: r.limiter.limit,
      nextFreeSlot:
        r.limiter.available(now) > 0 ? null : new Date(r.limiter.nextFree(now)).toISOString(),
      pausedUntil: r.pausedUntil > now ? new Date(r.pausedUntil).toISOString() : null,
      broken: r.broken,
      lastError: r.lastError,
      lastErrorAt: r.lastErrorAt,
    }))
  }
}

const usable = (r: Robot, now: number) =>
  !r.busy && !r.broken && r.pausedUntil <= now && r.limiter.available(now) > 0

/** How to reach a channel's robots (the URL aside): proxy, signature, timeout, verification. */
export function robotTarget(cfg: Channel): Omit<RobotTarget, 'url'> & { timeoutMs: number } {
  return {
    proxy: cfg.proxy,
    signatureKey: cfg.signatureKey,
    timeoutMs: cfg.timeoutSeconds * 1000,
    verify: cfg.verify,
  }
}

/**
 * Sends on a robot, which is left busy: the caller releases it once it has applied the result
 * (rest after 45009, set aside after 93000) and recorded it durably. Releasing it earlier would
 * let a send slip onto a deleted robot, or widen what a crash can send twice.
 */
export async function transmit(
  robot: Robot,
  target: Omit<RobotTarget, 'url'> & { timeoutMs: number },
  body: WeComBody,
  deps: {
    sender: Pick<WeComSender, 'send'>
    now: () => number
    /** Saves the budgets; the request leaves once the returned promise settles. */
    persist: () => Promise<void> | void
  },
): Promise<SendResult> {
  robot.busy = true
  // The slot is reserved, and saved, before the request leaves, at the latest moment the message
  // could reach WeCom (now + timeout): if the relay dies mid-send, the restarted relay still
  // counts it. The answer then settles it to when it really was counted.
  const reservedAt = deps.now() + target.timeoutMs
  robot.limiter.record(reservedAt)
  await deps.persist()
  const result = await deps.sender.send({ ...target, url: robot.url }, body)
  robot.limiter.settle(reservedAt, deps.now())
  // Settling only moves the reservation earlier: nothing waits for this save.
  void deps.persist()
  return result
}

/** Every robot's send times and the pause: what the state file holds. */
export function budgetsState(
  pools: Iterable<RobotPool>,
  pausedUntil: number | null,
): DeliveryState {
  const robots: Record<string, number[]> = {}
  // A shared robot appears in several pools: the same object, written once.
  for (const pool of pools) for (const r of pool.robots) robots[r.id] ??= r.limiter.times()
  return { version: 1, robots, pausedUntil }
}
