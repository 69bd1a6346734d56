import { useCallback, useEffect, useRef, useState } from 'react'
import type { RelayEvent } from '../../electron/core/events'
import type { RelayClient } from './api'
import { useApp, useRelayEvents, useRelayResync } from './context'

export interface RelayQuery<T> {
  data: T | undefined
  /** The relay's sentence when the last load failed. */
  error: string | undefined
  reload(): void
}

/**
 * The window's one way to read from the relay: loads on mount and when `deps` change, again when
 * an event says the answer may have changed (`refreshOn`, coalesced) or events may have been
 * missed (a reconnect, when `refreshOn` is given), and keeps the last answer while reloading so
 * the page does not flicker. A failure is kept as a sentence, not thrown.
 * `initial` gives an answer already in (first-load.ts): the first render draws it, and the mount
 * does not ask again.
 */
export function useRelayQuery<T>(
  load: (api: RelayClient) => Promise<T>,
  deps: readonly unknown[],
  refreshOn?: (event: RelayEvent) => boolean,
  initial?: () => T | undefined,
): RelayQuery<T> {
  const { api } = useApp()
  const [data, setData] = useState<T | undefined>(initial)
  const [error, setError] = useState<string>()
  const [tick, setTick] = useState(0)
  const loader = useRef(load)
  loader.current = load
  const loaded = useRef(data !== undefined)
  useEffect(() => {
    if (loaded.current) {
      loaded.current = false
      return
    }
    let live = true
    loader
      .current(api)
      .then((d) => {
        if (!live) return
        setData(d)
        setError(undefined)
      })
      .catch((err: unknown) => live && setError(err instanceof Error ? err.message : String(err)))
    return () => {
      live = false
    }
  }, [api, tick, ...deps])
  const reload = useCallback(() => setTick((n) => n + 1), [])
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useRelayEvents((e) => {
    if (!refreshOn?.(e)) return
    clearTimeout(pending.current)
    pending.current = setTimeout(reload, 200)
  })
  useRelayResync(() => {
    if (!refreshOn) return
    clearTimeout(pending.current)
    reload()
  })
  useEffect(() => () => clearTimeout(pending.current), [])
  return { data, error, reload }
}
