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
  const [pages, setPages] = useState<ReadonlyMap<number, HistoryEntry[]>>(new Map())
  const asked = useRef(new Set<number>())
  // Answers to a list that has since changed are dropped: their offsets meant other rows.
  const generation = useRef(0)
  const queryKey = JSON.stringify(query)
  useEffect(() => {
    generation.current++
    asked.current = new Set()
    setPages(new Map())
  }, [first, queryKey])
  const need = useCallback(
    (from: number, to: number) => {
      for (let p = Math.floor(from / HISTORY_PAGE); p <= Math.floor(to / HISTORY_PAGE); p++) {
        if (p === 0 || asked.current.has(p)) continue
        asked.current.add(p)
        const gen = generation.current
        void api
          .queryHistory({ ...query, limit: HISTORY_PAGE, offset: p * HISTORY_PAGE })
          .then((r) => {
            if (gen === generation.current) setPages((m) => new Map(m).set(p, r.items))
          })
          .catch(() => asked.current.delete(p)) // asked again when scrolled to again
      }
    },
    // The query is keyed by its JSON: a new object with the same filters is the same query.
    [api, queryKey],
  )
  const row = (i: number) =>
    i < HISTORY_PAGE ? first?.items[i] : pages.get(Math.floor(i / HISTORY_PAGE))?.[i % HISTORY_PAGE]
  return { total: first?.total ?? 0, row, need }
}
