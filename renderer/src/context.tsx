import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react'
import i18next from 'i18next'
import { createClient, errorSentence, type RelayClient } from './api'
import { withFirstLoad } from './first-load'
import { useCoreText } from './i18n/core-sentences'
import type { RelayEvent } from '../../electron/core/events'
import type { CoreText } from '../../electron/core/text/core-text'

interface Toast {
  id: number
  kind: 'ok' | 'error'
  /** A sentence from the core by its code, or text already in the window's language. */
  text: string | CoreText
}

interface AppContext {
  api: RelayClient
  notify(kind: Toast['kind'], text: string | CoreText): void
  /** Runs a call and announces its error (if any) instead of letting the page go blank. */
  attempt<T>(fn: () => Promise<T>): Promise<T | undefined>
}

const Ctx = createContext<AppContext | undefined>(undefined)
// The hooks' first calls take the answers asked for before the bundle ran (first-load.ts).
const client = withFirstLoad(createClient())

export function AppProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  // Errors from the core are English sentences with codes: shown in the window's language.
  const ct = useCoreText()
  const next = useRef(0)
  const notify = useCallback((kind: Toast['kind'], text: string | CoreText) => {
    const id = ++next.current
    setToasts((t) => [...t.slice(-3), { id, kind, text }])
    setTimeout(() => setToasts((t) => t.filter((x) => x.id !== id)), kind === 'error' ? 8000 : 4000)
  }, [])
  const attempt = useCallback(
    async <T,>(fn: () => Promise<T>) => {
      try {
        return await fn()
      } catch (err) {
        notify('error', errorSentence(err))
        return undefined
      }
    },
    [notify],
  )
  return (
    <Ctx.Provider value={{ api: client, notify, attempt }}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <div
            key={t.id}
            className={`toast ${t.kind}`}
            role={t.kind === 'error' ? 'alert' : undefined}
          >
            {ct(t.text)}
          </div>
        ))}
      </div>
    </Ctx.Provider>
  )
}

export function useApp(): AppContext {
  const c = useContext(Ctx)
  if (!c) throw new Error('useApp outside AppProvider')
  return c
}

/** Subscribes to relay events for the lifetime of the component. */
export function useRelayEvents(handler: (event: RelayEvent) => void): void {
  const { api } = useApp()
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => api.onEvent((e) => ref.current(e)), [api])
}

/**
 * Runs `handler` when events may have been missed (the stream reconnected after a drop): what a
 * component keeps fresh by events, it reads again.
 */
export function useRelayResync(handler: () => void): void {
  const { api } = useApp()
  const ref = useRef(handler)
  ref.current = handler
  useEffect(() => api.onResync(() => ref.current()), [api])
}

/** Pages with unsaved edits; leaving them asks first. */
const unsaved = new Set<symbol>()

/** Asks before a person leaves (another page, a reload) while `dirty` edits are not saved. */
export function useUnsavedGuard(dirty: boolean): void {
  useEffect(() => {
    if (!dirty) return
    const me = Symbol('unsaved')
    unsaved.add(me)
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', onUnload)
    return () => {
      unsaved.delete(me)
      window.removeEventListener('beforeunload', onUnload)
    }
  }, [dirty])
}

/** True when nothing is unsaved, or the person agrees to discard it. */
export function confirmDiscard(): boolean {
  return unsaved.size === 0 || confirm(i18next.t('common.discard'))
}

function readRoute(): [string, string | undefined] {
  const [page, id] = location.hash.replace(/^#\/?/, '').split('?')[0]!.split('/')
  return [page || 'now', id ? decodeURIComponent(id) : undefined]
}

/** The query after the route (`#/now/ID?action=ack`), as links from messages write it. */
export function routeQuery(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '')
}

/** `#/history/ID` → ['history', 'ID']. Leaving a page with unsaved edits asks first. */
export function useRoute(): [string, string | undefined] {
  const [route, setRoute] = useState(readRoute)
  useEffect(() => {
    let current = location.hash
    let restoring = false
    const on = () => {
      if (restoring) {
        restoring = false
        return
      }
      const [page] = readRoute()
      const before = current.replace(/^#\/?/, '').split(/[/?]/)[0] || 'now'
      if (page !== before && !confirmDiscard()) {
        restoring = true
        location.hash = current
        return
      }
      current = location.hash
      setRoute(readRoute())
    }
    window.addEventListener('hashchange', on)
    return () => window.removeEventListener('hashchange', on)
  }, [])
  return route
}
