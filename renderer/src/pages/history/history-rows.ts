import { useCallback, useEffect, useRef, useState } from 'react'
import type { HistoryQuery } from '../../../../electron/core/history/query'
import type { HistoryEntry } from '../../../../electron/core/history/records'
import type { RelayClient } from '../../api'

/** Rows per request: the first page comes with the list, the rest as the table scrolls to them. */
export const HISTORY_PAGE = 200

/**
 * A query's rows, all `total` of them, fetched a page at a time as the table reaches them: a year
 * of history (50,000 rows and more) scrolls without ever being loaded whole. `first` is the first
 * page (the list query); when it changes (new alerts, other filters), later pages are fetched again.
 */
export function useHistoryRows(
  api: RelayClient,
  query: Omit<HistoryQuery, 'limit' | 'offset'>,
  first: { items: HistoryEntry[]; total: number } | undefined,
): {
  total: number
  row(i: number): HistoryEntry | undefined
  need(from: number, to: number): void
} {
  // Rows are kept by their place counted from the oldest: new alerts arrive at the top, so that
  // place does not move when the list refreshes (a storm refreshes it every few seconds), and rows
  // already seen stay on screen while their page is fetched again for fresh delivery states.
  const [byPlace, setByPlace] = useState<ReadonlyMap<number, HistoryEntry>>(new Map())
  const asked = useRef(new Set<number>())
  const total = first?.total ?? 0
  const queryKey = JSON.stringify(query)
  // Other filters: other rows altogether.
  useEffect(() => setByPlace(new Map()), [queryKey])
  // A refresh: every page is asked for again when next in view; what is shown stays meanwhile.
  useEffect(() => {
    asked.current = new Set()
  }, [first, queryKey])
  const need = useCallback(
    (from: number, to: number) => {
      for (let p = Math.floor(from / HISTORY_PAGE); p <= Math.floor(to / HISTORY_PAGE); p++) {
        if (p === 0 || asked.current.has(p)) continue
        asked.current.add(p)
        const offset = p * HISTORY_PAGE
        void api
          .queryHistory({ ...query, limit: HISTORY_PAGE, offset })
          .then((r) =>
            setByPlace((m) => {
              const next = new Map(m)
              r.items.forEach((e, j) => next.set(r.total - 1 - (offset + j), e))
              return next
            }),
          )
          .catch(() => asked.current.delete(p)) // asked again when scrolled to again
      }
    },
    // The query is keyed by its JSON: a new object with the same filters is the same query. A new
    // first page makes a new `need`, so the table asks again for the pages it shows.
    [api, queryKey, first],
  )
  const row = (i: number) =>
    i < HISTORY_PAGE && first?.items[i] ? first.items[i] : byPlace.get(total - 1 - i)
  return { total, row, need }
}
