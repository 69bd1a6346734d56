/**
 * When a channel is in a storm and what its next message is (pure, so the engine, the studio's
 * storm preview and the tests decide alike). A storm starts when what has arrived, and what is
 * still arriving at the current rate, exceeds what full blocks can carry in the robots' remaining
 * budget (or the channel's own threshold). During it, a summary of the whole storm goes first;
 * while alerts keep arriving, an update at most every `updateInterval`, and one as soon as they
 * pause, so the picture is whole within a second of the last arrival. Per-alert details wait
 * until arrivals pause (the budget is the summaries' while the storm grows), then use the budget
 * above a small reserve kept for later updates (and another channel's summaries on the robot).
 */

/** What the decision needs to know, all at one instant. */
export interface StormView {
  now: number
  /** Alerts queued on the channel (in flight and waiting for a retry included). */
  backlog: number
  /** Queued alerts no summary has named yet, not in flight (only zero or not matters: the engine stops counting at one). */
  unaccounted: number
  /** Sends left in the robots' (longest) windows, and their total per window. */
  available: number
  limit: number
  /** Full alert blocks one message carries. */
  blocks: number
  threshold: 'auto' | number
  active: boolean
  /** Send times of this storm's summaries inside the current window. */
  summaries: readonly number[]
  /** When the newest queued alert arrived. */
  newestAt: number
  windowMs: number
  /** Details after the summary (false: "summary only during storms"). */
  details: boolean
}

export type StormDecision =
  /** No storm: the usual message. */
  | { kind: 'normal' }
  /** The next message is a summary of the unaccounted alerts (it starts the storm if not active). */
  | { kind: 'summary' }
  /** Per-alert details may go now. */
  | { kind: 'details' }
  /** Nothing may go before `until` (a summary's interval, or the reserve). */
  | { kind: 'wait'; until: number }

/** Below this many sends a window, automatic storm mode stays off: no budget to spare. */
export const AUTO_MIN_LIMIT = 10

/**
 * A burst that takes more messages than this in full is a storm whatever the budget: a group
 * takes in a few messages at a glance, not a wall of digests none of which says the total.
 */
export const GLANCE_MESSAGES = 3

/** Sends per window kept for update summaries while a storm goes on: a quarter, at least one. */
export function stormReserve(limit: number): number {
  return limit >= Number.MAX_SAFE_INTEGER ? 0 : Math.max(1, Math.ceil(limit / 4))
}

/** The shortest time between two summaries of one storm while alerts keep arriving: a twentieth of the window. */
export const updateInterval = (windowMs: number) => Math.max(50, Math.round(windowMs / 20))

/**
 * How long without an arrival before a storm counts as paused (its picture whole for now): a
 * second, less in a shortened test window.
 */
export const quietAfter = (windowMs: number) => Math.min(1000, 2 * updateInterval(windowMs))

/** How long without an arrival, the backlog gone, before a storm is over and its closing message goes. */
export const calmAfter = (windowMs: number) => 2 * updateInterval(windowMs)

/**
 * While alerts keep arriving, as many again as came in the last gather window (a second at
 * least) are counted as on their way: the storm decision judges the rate, not one instant.
 * `at(k)` is the arrival time of the k-th of `n` queued alerts, oldest first.
 */
export function stillArriving(
  n: number,
  at: (k: number) => number,
  now: number,
  newestAt: number,
  windowMs: number,
  gatherMs: number,
): number {
  const quietMs = quietAfter(windowMs)
  if (now - newestAt >= quietMs) return 0
  const since = now - Math.max(quietMs, gatherMs)
  let recent = 0
  for (let k = n - 1; k >= 0 && at(k) > since; k--) recent++
  return recent
}

/**
 * Whether a channel can be in a storm at all: a threshold of its own, or a robot budget the
 * automatic rule can judge (not an HTTP endpoint without a limit, not a tiny robot).
 */
export function canStorm(limit: number, threshold: 'auto' | number): boolean {
  return threshold !== 'auto' || (limit >= AUTO_MIN_LIMIT && limit < Number.MAX_SAFE_INTEGER)
}

/** Whether a backlog of this size starts a storm now. */
export function stormStarts(v: Omit<StormView, 'active' | 'summaries' | 'unaccounted'>): boolean {
  if (v.backlog < 2) return false
  if (v.threshold !== 'auto') return v.backlog > v.threshold
  if (!canStorm(v.limit, v.threshold)) return false
  const spare = v.available - stormReserve(v.limit)
  // Down to the reserve, any backlog is a storm in the making: the reserve is for its summaries.
  if (spare <= 0) return true
  // Otherwise a backlog that a glance of messages carries in full, within the budget, is no storm.
  return v.backlog > Math.max(Math.min(spare, GLANCE_MESSAGES) * v.blocks, v.blocks)
}

/** The next step of a channel that may be in a storm. */
export function decideStorm(v: StormView): StormDecision {
  if (!v.active && !stormStarts(v)) return { kind: 'normal' }
  if (!v.active) return v.unaccounted > 0 ? { kind: 'summary' } : { kind: 'normal' }
  const reserve = stormReserve(v.limit)
  const every = updateInterval(v.windowMs)
  const quietMs = quietAfter(v.windowMs)
  const quiet = v.now - v.newestAt >= quietMs
  const last = v.summaries.at(-1)
  const waits: number[] = []
  if (v.unaccounted > 0) {
    if (last === undefined) return { kind: 'summary' }
    if (v.summaries.length < Math.max(1, reserve)) {
      // Arrivals paused: the update that makes the picture whole goes at once (a third of an
      // interval after the last at the soonest); still arriving: one an interval.
      const gap = quiet ? Math.round(every / 3) : every
      if (v.now - last >= gap) return { kind: 'summary' }
      waits.push(last + gap)
      if (!quiet) waits.push(v.newestAt + quietMs)
    }
  }
  if (!v.details) return { kind: 'wait', until: Math.min(...waits, v.now + every) }
  // While the storm grows, details wait: the budget is for the summaries that describe it.
  if (!quiet) return { kind: 'wait', until: Math.min(...waits, v.newestAt + quietMs) }
  // Paused: details use the budget above the reserve, which stays for updates of this storm and
  // for the summaries of another channel's storm on the same robot.
  if (v.available > reserve) return { kind: 'details' }
  return { kind: 'wait', until: Math.min(...waits, v.now + v.windowMs) }
}
