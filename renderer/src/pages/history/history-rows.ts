import { useCallback, useRef } from 'react'
import type { HistoryQuery } from '../../../../electron/core/history/query'
import type { HistoryRow } from '../../../../electron/core/history/row'
import type { RelayClient } from '../../api'

/** Rows per request: the first page comes with the list, the rest as the table scrolls to them. */
export const HISTORY_PAGE = 200
/**
 * A moving table asks for the rows it will reach within this long: a page takes tens of ms, but on
 * a busy machine the relay may not answer for a few hundred.
 */
const LEAD_MS = 800
/** However fast the scroll, no further ahead than this: a dragged thumb may jump anywhere. */
const MAX_AHEAD = 12 * HISTORY_PAGE
/** At rest, the rows this close to the view are fetched too, so the next wheel turn finds them. */
const NEAR = HISTORY_PAGE / 4
/** Requests at once: more only queue behind each other in the relay. */
const IN_FLIGHT = 4
/** Rows kept at most; those farthest from the view go first and are fetched again if scrolled to. */
const KEEP = 60 * HISTORY_PAGE

/**
 * The pages to ask for, nearest first: those in view (`from`…`to`, row indexes), then those ahead
 * in the direction of the scroll, as far as it goes in LEAD_MS at `rowsPerMs` (positive: down,
 * towards older rows). Pages are counted from the newest row; only pages below `total` are named.
 */
export function pagesWanted(from: number, to: number, rowsPerMs: number, total: number): number[] {
  const ahead = Math.min(MAX_AHEAD, Math.max(NEAR, Math.abs(rowsPerMs) * LEAD_MS))
  // Moving: nothing behind (it was fetched on the way); at rest: what is near on either side.
  const down = rowsPerMs > 0 ? ahead : rowsPerMs < 0 ? 0 : NEAR
  const up = rowsPerMs < 0 ? ahead : rowsPerMs > 0 ? 0 : NEAR
  const page = (i: number) => Math.floor(i / HISTORY_PAGE)
  const last = page(Math.max(0, total - 1))
  const pages: number[] = []
  for (let p = page(from); p <= page(to); p++) pages.push(p)
  const more = (step: 1 | -1, until: number) => {
    for (let p = step > 0 ? page(to) + 1 : page(from) - 1; step * p <= step * until; p += step)
      pages.push(p)
  }
  // The direction of travel first: that is where the view goes next.
  if (rowsPerMs < 0) more(-1, page(from - up))
  more(1, page(to + down))
  if (rowsPerMs >= 0) more(-1, page(from - up))
  return pages.filter((p) => p >= 0 && p <= last)
}

/** The rows fetched for one query, by their place counted from the oldest. */
class RowCache {
  readonly byPlace = new Map<number, HistoryRow>()
  /** Pages fetched since the list last refreshed (a refresh asks for each again when in view). */
  fresh = new Set<number>()
  readonly inFlight = new Set<number>()
  readonly landed = new Set<(from: number, to: number) => void>()
  /** The first page the fresh pages go with. */
  first: unknown
  /** The list's total as last rendered: places and indexes convert through it. */
  total = 0
  /** The place at the middle of the view, to keep the rows nearest to it. */
  centre = 0
}

/** What the table reads: `total` rows, some fetched, the others asked for as they come near. */
export interface HistoryRows {
  total: number
  row(i: number): HistoryRow | undefined
  /** The table shows rows `from`…`to` (indexes from the newest), moving at `rowsPerMs`. */
  need(from: number, to: number, rowsPerMs: number): void
  /** Calls `cb` with the indexes of rows that arrived; returns the unsubscribe. */
  onLanded(cb: (from: number, to: number) => void): () => void
}

/**
 * A query's rows, all `total` of them, fetched a page at a time as the table comes near them: a
 * year of history (50,000 rows and more) scrolls without ever being loaded whole. `first` is the
 * first page (the list query); when it changes (new alerts, other filters), later pages are fetched
 * again. Rows arriving do not re-render the page: the table listens and re-renders only when they
 * are on screen, and the rows are kept in a mutable map rather than copied per page.
 */
export function useHistoryRows(
  api: RelayClient,
  query: Omit<HistoryQuery, 'limit' | 'offset'>,
  first: { items: HistoryRow[]; total: number } | undefined,
): HistoryRows {
  // Rows are kept by their place counted from the oldest: new alerts arrive at the top, so that
  // place does not move when the list refreshes (a storm refreshes it every few seconds), and rows
  // already seen stay on screen while their page is fetched again for fresh delivery states.
  const queryKey = JSON.stringify(query)
  // Other filters: other rows altogether (and pages of the old query still in flight land in the
  // old cache, not in this one).
  const held = useRef<{ key: string; cache: RowCache }>(undefined)
  if (held.current?.key !== queryKey) held.current = { key: queryKey, cache: new RowCache() }
  const cache = held.current.cache
  const total = first?.total ?? 0
  cache.total = total
  // A refresh: every page is asked for again when next in view; what is shown stays meanwhile.
  // Noted while rendering, not in an effect: the table's effect (a child's, so run first) asks
  // for the pages in view with the new first page.
  if (cache.first !== first) {
    cache.first = first
    cache.fresh = new Set()
  }
  const last = useRef<[number, number, number]>([0, 0, 0])
  const need = useCallback(
    (from: number, to: number, rowsPerMs: number) => {
      last.current = [from, to, rowsPerMs]
      cache.centre = cache.total - 1 - Math.round((from + to) / 2)
      for (const p of pagesWanted(from, to, rowsPerMs, cache.total)) {
        if (cache.inFlight.size >= IN_FLIGHT) break
        const offset = p * HISTORY_PAGE
        if (p === 0 || cache.inFlight.has(p)) continue
        // Fetched since the last refresh: not again, even when the list has grown since and the
        // page's rows sit one place further on (asking by row presence then asked for it forever).
        if (cache.fresh.has(p)) continue
        cache.inFlight.add(p)
        const fresh = cache.fresh
        void api
          .historyRows({ ...query, limit: HISTORY_PAGE, offset })
          .then((r) => {
            fresh.add(p)
            r.items.forEach((e, j) => cache.byPlace.set(r.total - 1 - (offset + j), e))
            forget(cache)
            // Where those rows are now, if the list grew since they were asked for.
            const at = cache.total - r.total + offset
            for (const cb of cache.landed) cb(at, at + r.items.length - 1)
            cache.inFlight.delete(p)
            need(...last.current) // the pages that waited for a free request
          })
          .catch(() => cache.inFlight.delete(p)) // asked again when scrolled to again
      }
    },
    // The query is keyed by its JSON: a new object with the same filters is the same query. A new
    // first page makes a new `need`, so the table asks again for the pages it shows.
    [api, cache, first],
  )
  const onLanded = useCallback(
    (cb: (from: number, to: number) => void) => {
      cache.landed.add(cb)
      return () => void cache.landed.delete(cb)
    },
    [cache],
  )
  const row = (i: number) =>
    i < HISTORY_PAGE && first?.items[i] ? first.items[i] : cache.byPlace.get(total - 1 - i)
  return { total, row, need, onLanded }
}

/** Keeps the KEEP rows nearest the view: a long scroll does not hold the whole history in memory. */
function forget(cache: RowCache): void {
  if (cache.byPlace.size <= KEEP) return
  const far = [...cache.byPlace.keys()].sort(
    (a, b) => Math.abs(b - cache.centre) - Math.abs(a - cache.centre),
  )
  for (const place of far.slice(0, cache.byPlace.size - (KEEP * 3) / 4)) cache.byPlace.delete(place)
  // Some fetched pages lost rows: each is asked for again when next in view.
  cache.fresh.clear()
}
