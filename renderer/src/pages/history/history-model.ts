import { LEVEL_ORDER } from '../../../../electron/core/alerts/levels'
import type { AlertStatus } from '../../../../electron/core/alerts/model'
import type { AlertSource } from '../../../../electron/core/alerts/source-names'
import type { HistoryQuery } from '../../../../electron/core/history/query'
import type { DeliveryState, HistoryEntry } from '../../../../electron/core/history/records'
import { channelStates } from '../../../../electron/core/history/row'

/** The filters as the form holds them ('' = any). */
export interface Filters {
  text: string
  status: AlertStatus | ''
  level: string
  channel: string
  outcome: DeliveryState | ''
  source: AlertSource | ''
  from: string
  to: string
}

export const NO_FILTERS: Filters = {
  text: '',
  status: '',
  level: '',
  channel: '',
  outcome: '',
  source: '',
  from: '',
  to: '',
}

/** Every delivery state with its icon: one table, so a new state is a type error here. */
export const STATE_ICONS: Record<DeliveryState, string> = {
  delivered: '✔',
  failed: '✘',
  pending: '⏳',
  throttled: '⏸',
  aggregated: '≡',
  skipped: '–',
  muted: '🔕',
  held: '✋',
}
export const STATES = Object.keys(STATE_ICONS) as DeliveryState[]
export const ALERT_STATUSES: readonly AlertStatus[] = ['firing', 'resolved']
/** The levels the sources are normalised to; other levels still show, untranslated. */
export const LEVELS = LEVEL_ORDER

/** The filters as a history query (only what is set). */
export function toQuery(f: Filters): Omit<HistoryQuery, 'limit' | 'offset'> {
  return {
    ...(f.text ? { text: f.text } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.level ? { level: f.level } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.outcome ? { outcome: f.outcome } : {}),
    ...(f.source ? { source: f.source } : {}),
    ...(f.from ? { from: new Date(f.from).toISOString() } : {}),
    ...(f.to ? { to: new Date(f.to).toISOString() } : {}),
  }
}

/** An ISO time as the `datetime-local` input holds it, in the window's time zone (to the second). */
function localInput(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/**
 * The filters a link carries in the route's query (`channel`, `status`, `level`, `outcome`,
 * `text`, `from`, `to` as ISO times); anything else, or a value the page does not offer, is ignored.
 */
export function filtersFromQuery(q: URLSearchParams): Filters {
  const status = q.get('status')
  const outcome = q.get('outcome')
  return {
    ...NO_FILTERS,
    text: q.get('text') ?? '',
    status: ALERT_STATUSES.includes(status as AlertStatus) ? (status as AlertStatus) : '',
    level: q.get('level') ?? '',
    channel: q.get('channel') ?? '',
    outcome: STATES.includes(outcome as DeliveryState) ? (outcome as DeliveryState) : '',
    from: q.get('from') ? localInput(q.get('from')!) : '',
    to: q.get('to') ? localInput(q.get('to')!) : '',
  }
}

export function isFiltered(f: Filters): boolean {
  return Object.keys(toQuery(f)).length > 0
}

/** One badge per channel the alert went to, in a stable order (the list's rows carry the same). */
export const badgesOf = channelStates

/** Chart axis labels that fit the range: times within a day, dates and times within a week, dates beyond. */
export function axisLabels(starts: readonly string[]): string[] {
  if (starts.length === 0) return []
  const span = new Date(starts.at(-1)!).getTime() - new Date(starts[0]!).getTime()
  const pad = (n: number) => String(n).padStart(2, '0')
  return starts.map((s) => {
    const d = new Date(s)
    const date = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}`
    if (span < 86_400_000) return time
    if (span < 7 * 86_400_000) return `${date} ${time}`
    return date
  })
}

export interface SentMessage {
  content: string
  msgtype: string
  at: string
  ok: boolean
}

/** The last message each channel was sent for this alert (its content, not the mention follow-up). */
export function sentMessages(e: HistoryEntry): Map<string, SentMessage> {
  const out = new Map<string, SentMessage>()
  for (const a of e.attempts) {
    if (a.kind === 'mention') continue
    const prev = out.get(a.channel)
    if (!prev || prev.at <= a.at)
      out.set(a.channel, {
        content: a.content,
        msgtype: a.msgtype,
        at: a.at,
        ok: a.outcome === 'success',
      })
  }
  return out
}
