import { LEVEL_ORDER } from '../../../../electron/core/alerts/levels'
import type { AlertStatus } from '../../../../electron/core/alerts/model'
import type { AlertSource } from '../../../../electron/core/alerts/source-names'
import type { HistoryQuery } from '../../../../electron/core/history/query'
import type { DeliveryState, HistoryEntry } from '../../../../electron/core/history/records'
import { channelStates } from '../../../../electron/core/history/row'
import { formatLocal } from '../../i18n'

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

/**
 * Chart axis labels that fit the range: times with seconds within an hour, times within a day, dates and times within a week, dates
 * beyond; in the zone the table shows (`format`: formatLocal, `2026-11-27 16:00:05 UTC+08:00`).
 */
export function axisLabels(
  starts: readonly string[],
  format: (iso: string) => string = (iso) => formatLocal(iso),
): string[] {
  if (starts.length === 0) return []
  const span = new Date(starts.at(-1)!).getTime() - new Date(starts[0]!).getTime()
  return starts.map((s) => {
    const local = format(s)
    const date = local.slice(5, 10)
    const time = local.slice(11, 16)
    // Bars narrower than a minute (a burst drawn close up) need their seconds.
    if (span < 3_600_000) return local.slice(11, 19)
    if (span < 86_400_000) return time
    if (span < 7 * 86_400_000) return `${date} ${time}`
    return date
  })
}

/** Bar widths a person reads at a glance (ms): 10, 30 s; 1, 2, 5, 10, 15, 30 min; 1, 2, 3, 6, 12 h; 1 day. */
const BAR_WIDTHS = [1 / 6, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map(
  (m) => m * 60_000,
)

/**
 * The chart's bars from the range and the data: a first count over the whole range (`bars`, equal
 * widths) tells where the alerts are; when they fill only a few bars (a burst, a quiet day), the
 * chart is drawn again over the part that holds them, in round bars of at most `max`, so the alerts
 * spread over a dozen bars or more instead of standing in one. `undefined`: the range is right.
 */
export function zoomedRange(
  bars: ReadonlyArray<{
    start: string
    delivered: number
    pending: number
    failed: number
    other: number
  }>,
  max = 48,
): { from: string; to: string; buckets: number } | undefined {
  if (bars.length < 2) return undefined
  const bar = Date.parse(bars[1]!.start) - Date.parse(bars[0]!.start)
  const starts = bars
    .filter((b) => b.delivered + b.pending + b.failed + b.other > 0)
    .map((b) => Date.parse(b.start))
  if (!starts.length || !(bar > 0)) return undefined
  const first = starts[0]!
  const last = starts.at(-1)! + bar
  const rangeStart = Date.parse(bars[0]!.start)
  const rangeEnd = Date.parse(bars.at(-1)!.start) + bar
  // Spread enough already: a quarter of the range or more between the first and the last alert.
  if (last - first >= (rangeEnd - rangeStart) / 4) return undefined
  const width = BAR_WIDTHS.find((w) => (last - first) / w <= max) ?? BAR_WIDTHS.at(-1)!
  const from = Math.floor(first / width) * width
  const to = Math.ceil(Math.min(last, rangeEnd) / width) * width
  const buckets = Math.max(1, Math.round((to - from) / width))
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), buckets }
}

/**
 * A time variable as the person reads every other time: `alarm_*_at` is kept as the relay wrote it
 * when the alert arrived (the machine's zone, `… +00:00`), so the list shows the instant again in
 * the zone the window uses (from the sender's own `alarm_*_raw` when there is one).
 */
export function shownVariable(
  key: string,
  vars: Readonly<Record<string, string | undefined>>,
  format: (iso: string) => string = (iso) => formatLocal(iso),
): string {
  const value = vars[key] ?? ''
  const m = /^alarm_(\w+)_at$/.exec(key)
  if (!m) return value
  for (const text of [vars[`alarm_${m[1]}_raw`], value]) {
    const ms = instantOf(text)
    if (ms !== undefined) return format(new Date(ms).toISOString())
  }
  return value
}

function instantOf(text: string | undefined): number | undefined {
  if (!text) return undefined
  const wall = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d) ([+-]\d\d:\d\d)$/.exec(text)
  const ms = Date.parse(wall ? `${wall[1]}T${wall[2]}${wall[3]}` : text)
  return Number.isNaN(ms) ? undefined : ms
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
