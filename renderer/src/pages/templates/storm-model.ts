import type { Channel } from '../../../../electron/core/settings/schema'

/** The storm settings as the studio's form holds them. */
export interface StormDraft {
  auto: boolean
  threshold: number
  groupBy: string
  details: boolean
  gatherSeconds: number
}

/** The form's values for a channel's storm settings (defaults without a channel). */
export function stormDraft(channel: Pick<Channel, 'storm'> | undefined): StormDraft {
  const s = channel?.storm ?? {
    threshold: 'auto' as const,
    groupBy: '',
    details: true,
    gatherSeconds: 1.5,
  }
  return {
    auto: s.threshold === 'auto',
    threshold: s.threshold === 'auto' ? 100 : s.threshold,
    groupBy: s.groupBy,
    details: s.details,
    gatherSeconds: s.gatherSeconds,
  }
}

/** A send time after the storm arrived, as `+m:ss` (`+1:05`); hours as `+h:mm:ss`. */
export function clockOffset(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h ? `+${h}:${String(m).padStart(2, '0')}:${s}` : `+${m}:${s}`
}
