import { createContext, useContext, useEffect, type ReactNode } from 'react'
import type { RelayClient } from './api'
import { firstAnswer } from './first-load'
import { useRelayQuery, type RelayQuery } from './use-relay-query'

/** Where alerts come in, what waits, and the settings: what the status strip shows. */
export interface RelayStatus {
  info: Awaited<ReturnType<RelayClient['appInfo']>>
  status: Awaited<ReturnType<RelayClient['deliveryStatus']>>
  settings: Awaited<ReturnType<RelayClient['getSettings']>>
}

const Ctx = createContext<RelayQuery<RelayStatus> | undefined>(undefined)

/**
 * One read of the relay's status for the whole window: the status strip and the Now page's
 * first-run panel show the same answer and follow the same events, instead of each asking (a
 * panel that mounts after the first load's answers are gone would ask the relay again).
 */
export function RelayStatusProvider({ children }: { children: ReactNode }) {
  const q = useRelayQuery(
    async (a) => {
      const [info, status, settings] = await Promise.all([
        a.appInfo(),
        a.deliveryStatus(),
        a.getSettings(),
      ])
      return { info, status, settings }
    },
    [],
    (e) =>
      e.type === 'backlog' ||
      e.type === 'paused' ||
      e.type === 'listener' ||
      e.type === 'delivery' ||
      e.type === 'settings.changed',
    () => {
      const [info, status, settings] = [
        firstAnswer('appInfo'),
        firstAnswer('deliveryStatus'),
        firstAnswer('getSettings'),
      ]
      return info && status && settings ? { info, status, settings } : undefined
    },
  )
  const { reload } = q
  // Pauses end and robots come back on their own: look again now and then.
  useEffect(() => {
    const timer = setInterval(reload, 10_000)
    return () => clearInterval(timer)
  }, [reload])
  return <Ctx.Provider value={q}>{children}</Ctx.Provider>
}

export function useRelayStatus(): RelayQuery<RelayStatus> {
  const q = useContext(Ctx)
  if (!q) throw new Error('useRelayStatus outside RelayStatusProvider')
  return q
}
