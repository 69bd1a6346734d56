import { backoffMs } from './backoff'

/**
 * The delivery tuning knobs, declared once: the engine, the composition root (`createRelay`), the
 * CLI and the tests all take this shape. Defaults are WeCom's limits and the relay's retry policy.
 */
export interface DeliveryTuning {
  /** The robot's rate window (WeCom: 60 s); tests shorten it. */
  windowMs?: number
  /** How long a retryable failure keeps being retried (default 1 hour). */
  maxRetryAgeMs?: number
  /** The wait before retry number `attempt` (default: exponential with jitter, see `backoffMs`). */
  backoff?: (attempt: number) => number
  /** The clock (tests move it forward to cross an hour or a day). */
  now?: () => number
}

export const DEFAULT_WINDOW_MS = 60_000
export const DEFAULT_MAX_RETRY_AGE_MS = 3_600_000

/** The tuning with every default filled in. */
export function resolveTuning(t: DeliveryTuning = {}): Required<DeliveryTuning> {
  return {
    windowMs: t.windowMs ?? DEFAULT_WINDOW_MS,
    maxRetryAgeMs: t.maxRetryAgeMs ?? DEFAULT_MAX_RETRY_AGE_MS,
    backoff: t.backoff ?? ((n) => backoffMs(n)),
    now: t.now ?? Date.now,
  }
}
