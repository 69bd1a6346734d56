import type { AlertDraft, AlertSource } from '../model'

/**
 * One sender's reader: how much a body's whole shape says it came from this sender, and how to
 * read it. Detection weighs every reader's score and takes the best (sources/index.ts), so no
 * reader can claim a body on one key alone.
 */
export interface SenderReader {
  name: AlertSource
  /** 0: not this sender's shape; 1: certainly its shape. Below 0.5 never claims a body. */
  score(body: unknown): number
  read(body: unknown, now: Date): AlertDraft[]
  /** What a body forced to this reader must have, for the refusal sentence. */
  needs: string
}

/** The best item score of a body that may be one object or a list of them. */
export function listScore(body: unknown, one: (item: unknown) => number): number {
  if (!Array.isArray(body)) return one(body)
  if (!body.length) return 0
  let min = 1
  for (const item of body.slice(0, 20)) min = Math.min(min, one(item))
  return min
}
