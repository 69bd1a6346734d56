import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useMemo, useReducer, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { HistoryEntry } from '../../../../electron/core/history/records'
import { formatLocal } from '../../i18n'
import { badgesOf, hasFailure, STATE_ICONS } from './history-model'
import type { HistoryRows } from './history-rows'

const COLUMNS = ['time', 'status', 'level', 'name', 'target', 'outcome'] as const

/** Every row is one line (cells end in an ellipsis), so rows are placed, never measured. */
const ROW_HEIGHT = 34

/** A scroll that paused longer than this starts again from rest (its old speed says nothing). */
const REST_MS = 250

/**
 * The alert list, virtualised over all `total` rows; each row is a link to its detail and says its
 * outcome per channel. Rows not fetched yet (`row(i)` undefined) show as loading; they are asked for
 * before they come into view, ahead in the direction and at the speed of the scroll.
 */
export function HistoryTable({
  rows: { total, row, need, onLanded },
  selected,
}: {
  rows: HistoryRows
  selected?: string
}) {
  const { t } = useTranslation()
  const scroller = useRef<HTMLDivElement>(null)
  const virtual = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
  })
  const shown = virtual.getVirtualItems()
  const from = shown[0]?.index ?? 0
  const to = shown.at(-1)?.index ?? 0
  // Rows arriving re-render the table only if they are on screen: pages fetched ahead land
  // without a render, and are drawn with the scroll that reaches them.
  const [, landed] = useReducer((n: number) => n + 1, 0)
  const inView = useRef<[number, number]>([from, to])
  inView.current = [from, to]
  useEffect(
    () =>
      onLanded((a, b) => {
        if (a <= inView.current[1] && b >= inView.current[0]) landed()
      }),
    [onLanded],
  )
  // The scroll's speed in rows per ms, smoothed over the last frames.
  const motion = useRef({ from, at: 0, speed: 0 })
  useEffect(() => {
    const m = motion.current
    const now = performance.now()
    const dt = now - m.at
    const speed = dt > REST_MS || !m.at ? 0 : (from - m.from) / Math.max(1, dt)
    m.speed = m.speed && speed ? (m.speed + speed) / 2 : speed
    m.from = from
    m.at = now
    need(from, to, m.speed)
  }, [need, from, to])
  const labels = useMemo(() => rowLabels(t), [t])
  return (
    <div
      className="vtable"
      role="table"
      aria-label={t('history.tableLabel')}
      aria-rowcount={total + 1}
    >
      <div role="rowgroup">
        <div className="vrow head" role="row" aria-rowindex={1}>
          {COLUMNS.map((c) => (
            <span key={c} role="columnheader" className={`c-${c}`}>
              {t(`history.${c}`)}
            </span>
          ))}
        </div>
      </div>
      <div ref={scroller} className="vbody" role="rowgroup">
        <div className="vspace" style={{ height: virtual.getTotalSize() }}>
          {shown.map((v) => {
            const e = row(v.index)
            return e ? (
              <AlertRow
                key={e.alert.id}
                entry={e}
                index={v.index}
                top={v.start}
                selected={selected === e.alert.id}
                labels={labels}
              />
            ) : (
              <div
                key={`loading-${v.index}`}
                role="row"
                aria-rowindex={v.index + 2}
                className="vrow loading"
                style={place(v.start)}
              >
                <span role="cell" className="c-time">
                  {t('common.loading')}
                </span>
              </div>
            )
          })}
        </div>
      </div>
    </div>
  )
}

const place = (top: number) =>
  ({
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    height: ROW_HEIGHT,
    transform: `translateY(${top}px)`,
  }) as const

/** The words every row uses, translated once per language rather than once per row. */
function rowLabels(t: TFunction) {
  const level = (l: string | undefined) => (l ? t(`levels.${l}`, { defaultValue: l }) : '')
  return {
    t,
    level,
    status: (s: string) => t(`alertStatus.${s}`),
    state: (s: string) => t(`states.${s}`),
    noTarget: t('history.noTarget'),
  }
}

/**
 * One alert's row. Memoised: a row stays where it was placed while the list scrolls, so a frame
 * renders only the rows that came into view.
 */
const AlertRow = memo(function AlertRow({
  entry: e,
  index,
  top,
  selected,
  labels: L,
}: {
  entry: HistoryEntry
  index: number
  top: number
  selected: boolean
  labels: ReturnType<typeof rowLabels>
}) {
  const a = e.alert
  const badges = badgesOf(e)
  const states = badges.map((b) => `${b.channel} ${L.state(b.state)}`).join(', ')
  const time = formatLocal(a.receivedAt)
  const level = L.level(a.vars.alarm_level as string | undefined)
  return (
    <a
      data-index={index}
      href={`#/history/${encodeURIComponent(a.id)}`}
      role="row"
      aria-rowindex={index + 2}
      aria-current={selected ? 'true' : undefined}
      aria-label={L.t('history.rowLabel', {
        name: a.vars.alarm_name ?? '',
        status: L.status(a.status),
        level,
        target: a.vars.alarm_target ?? '',
        outcome: states || L.noTarget,
        time,
      })}
      className={`vrow${selected ? ' selected' : ''}${hasFailure(e) ? ' failed' : ''}`}
      style={place(top)}
    >
      <span role="cell" className="c-time">
        {time.slice(5, 16)}
      </span>
      <span role="cell" className={`c-status ${a.status}`}>
        {L.status(a.status)}
      </span>
      <span role="cell" className={`c-level lvl-${a.vars.alarm_level ?? ''}`}>
        {level}
      </span>
      <span role="cell" className="c-name" title={String(a.vars.alarm_name ?? '')}>
        {a.vars.alarm_name}
      </span>
      <span role="cell" className="c-target" title={String(a.vars.alarm_target ?? '')}>
        {a.vars.alarm_target}
      </span>
      <span role="cell" className="c-outcome" title={states}>
        {badges.length === 0
          ? L.noTarget
          : badges.map((b) => (
              <span key={b.channel} className={`state-badge ${b.state}`}>
                <span aria-hidden="true">{STATE_ICONS[b.state]}</span>{' '}
                {badges.length > 1 ? `${b.channel} ` : ''}
                {L.state(b.state)}
              </span>
            ))}
      </span>
    </a>
  )
})
