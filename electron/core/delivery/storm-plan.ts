/**
 * When a channel is in a storm and what its next message is (pure, so the engine, the studio's
 * storm preview and the tests decide alike). A storm starts when the backlog exceeds what full
 * blocks can carry in the robots' remaining budget (or the channel's own threshold). During it, a
 * summary that names or counts every alert no summary has accounted for goes first; later
 * arrivals get an update summary at most every `updateMs`; per-alert details use the budget above
 * a small reserve kept for those updates, and all of it once the storm is quiet.
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

/** Sends per window kept for update summaries while a storm goes on: a quarter, at least one. */
export function stormReserve(limit: number): number {
  return limit >= Number.MAX_SAFE_INTEGER ? 0 : Math.max(1, Math.ceil(limit / 4))
}

/** The shortest time between two summaries of one storm: a twentieth of the window. */
export const updateInterval = (windowMs: number) => Math.max(50, Math.round(windowMs / 20))

/** Whether a backlog of this size starts a storm now. */
export function stormStarts(v: Omit<StormView, 'active' | 'summaries' | 'unaccounted'>): boolean {
  if (v.backlog < 2) return false
  if (v.threshold !== 'auto') return v.backlog > v.threshold
  if (v.limit < AUTO_MIN_LIMIT || v.limit >= Number.MAX_SAFE_INTEGER) return false
  const spare = v.available - stormReserve(v.limit)
  // Down to the reserve, any backlog is a storm in the making: the reserve is for its summaries.
  if (spare <= 0) return true
  // Otherwise a backlog one message carries in full is no storm.
  return v.backlog > Math.max(spare * v.blocks, v.blocks)
}

/** The next step of a channel that may be in a storm. */
export function decideStorm(v: StormView): StormDecision {
  if (!v.active && !stormStarts(v)) return { kind: 'normal' }
  if (!v.active) return v.unaccounted > 0 ? { kind: 'summary' } : { kind: 'normal' }
  const reserve = stormReserve(v.limit)
  const every = updateInterval(v.windowMs)
  const last = v.summaries.at(-1)
  const waits: number[] = []
  if (v.unaccounted > 0) {
    if (last === undefined) return { kind: 'summary' }
    if (v.summaries.length < Math.max(1, reserve)) {
      if (v.now - last >= every) return { kind: 'summary' }
      waits.push(last + every)
    }
  }
  if (!v.details) return { kind: 'wait', until: Math.min(...waits, v.now + every) }
  // Quiet (every alert named, nothing new for two intervals): details may use the whole budget;
  // a new wave then gets the next send that frees, before any detail.
  const quiet = v.unaccounted === 0 && v.now - v.newestAt >= 2 * every
  if (v.available > (quiet ? 0 : reserve)) return { kind: 'details' }
  if (!quiet && v.unaccounted === 0) waits.push(v.newestAt + 2 * every)
  return { kind: 'wait', until: Math.min(...waits, v.now + v.windowMs) }
}
