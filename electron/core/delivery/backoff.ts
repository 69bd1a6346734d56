/** Exponential backoff with jitter: 2 s, 4 s, 8 s … capped at 5 minutes, each scaled by 0.5–1.0. */
export function backoffMs(
  attempt: number,
  random = Math.random,
  baseMs = 2000,
  capMs = 300_000,
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exp * (0.5 + random() * 0.5))
}
