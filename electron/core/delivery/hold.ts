import type { ChannelQueue, WorkItem } from './queue'
import type { CoreText } from '../text/core-text'

/** An alert held back from a channel by the on-call state: its final state and why. */
export interface Held {
  state: 'muted' | 'held'
  reason: CoreText
}

/**
 * Up to `max` alerts ready at `now` that nothing holds, in order. The ones a mute or an
 * acknowledgement holds (made while they waited) leave the queue and are returned to be recorded,
 * so they never reach a digest nor count against a cap.
 */
export function takeUnheld(
  queue: ChannelQueue,
  now: number,
  max: number,
  hold: ((item: WorkItem) => Held | undefined) | undefined,
): { ready: WorkItem[]; held: Array<{ item: WorkItem; held: Held }> } {
  const ready: WorkItem[] = []
  const held: Array<{ item: WorkItem; held: Held }> = []
  for (const item of queue.ready(now)) {
    if (ready.length >= max) break
    const h = hold?.(item)
    if (h) held.push({ item, held: h })
    else ready.push(item)
  }
  queue.remove(held.map((h) => h.item))
  return { ready, held }
}
