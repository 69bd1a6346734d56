import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useMemo, useReducer, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { HistoryRow } from '../../../../electron/core/history/row'
import { formatLocal } from '../../i18n'
import { STATE_ICONS } from './history-model'
import type { HistoryRows } from './history-rows'

const COLUMNS = ['time', 'status', 'level', 'name', 'target', 'outcome'] as const

/** Every row is one line (cells end in an ellipsis), so rows are placed, never measured. */
const ROW_HEIGHT = 34

/** A scroll that paused longer than this starts again from rest (its old speed says nothing). */
const REST_MS = 250
const FRAME_MS = 1000 / 60

/**
 * The alert list, virtualised over all `total` rows; each row holds a link to its detail (its one Tab stop, covering the row) and says its
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
  // The scroll's speed in rows per ms, smoothed over the last frames, and the rows the view holds.
  const motion = useRef({ from: 0, at: 0, speed: 0, rowsInView: 0 })
  // Rows drawn beyond the view are for the next small step; a scroll that moves more than a view a
  // frame never shows them, so it draws none (a third of the rows of a fast frame).
  const fast = Math.abs(motion.current.speed) * FRAME_MS > motion.current.rowsInView
  const virtual = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: fast ? 0 : 4,
  })
  motion.current.rowsInView = (virtual.scrollRect?.height ?? 0) / ROW_HEIGHT
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
  // At rest again (the virtualiser says the scroll ended): the rows beyond the view come back.
  useEffect(() => {
    if (virtual.isScrolling || !motion.current.speed) return
    motion.current.speed = 0
    landed()
  }, [virtual.isScrolling])
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
                key={e.id}
                entry={e}
                index={v.index}
                top={v.start}
                selected={selected === e.id}
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

const LABEL_PARTS = ['name', 'status', 'level', 'target', 'outcome', 'time'] as const

/**
 * The words every row uses, translated once per language rather than several times per row (tens
 * of rows come into view each frame of a fast scroll). The row's label is the translated sentence
 * with its parts filled in by a plain replace.
 */
function rowLabels(t: TFunction) {
  const once = (f: (k: string) => string) => {
    const seen = new Map<string, string>()
    return (k: string) => {
      let v = seen.get(k)
      if (v === undefined) seen.set(k, (v = f(k)))
      return v
    }
  }
  const sentence = t(
    'history.rowLabel',
    Object.fromEntries(LABEL_PARTS.map((k) => [k, `\uE000${k}\uE000`])),
  )
  return {
    level: once((l) => (l ? t(`levels.${l}`, { defaultValue: l }) : '')),
    status: once((s) => t(`alertStatus.${s}`)),
    state: once((s) => t(`states.${s}`)),
    noTarget: t('history.noTarget'),
    label: (parts: Record<(typeof LABEL_PARTS)[number], string>) =>
      sentence.replace(/\uE000(\w+)\uE000/g, (_, k: keyof typeof parts) => parts[k]),
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
  entry: HistoryRow
  index: number
  top: number
  selected: boolean
  labels: ReturnType<typeof rowLabels>
}) {
  const badges = e.states
  const states = badges.map((b) => `${b.channel} ${L.state(b.state)}`).join(', ')
  const time = formatLocal(e.receivedAt)
  const level = L.level(e.level)
  const failed = badges.some((b) => b.state === 'failed')
  const label = L.label({
    name: e.name,
    status: L.status(e.status),
    level,
    target: e.target,
    outcome: states || L.noTarget,
    time,
  })
  return (
    <div
      data-index={index}
      role="row"
      aria-rowindex={index + 2}
      aria-label={label}
      className={`vrow${selected ? ' selected' : ''}${failed ? ' failed' : ''}`}
      style={place(top)}
    >
      <span role="cell" className="c-time">
        {time.slice(5, 16)}
      </span>
      <span role="cell" className={`c-status ${e.status}`}>
        {L.status(e.status)}
      </span>
      <span role="cell" className={`c-level lvl-${e.level}`}>
        {level}
      </span>
      <span role="cell" className="c-name" title={e.name}>
        {/* The row's one stop for Tab; it covers the whole row (CSS), so a click anywhere opens it. */}
        <a
          className="row-link"
          href={`#/history/${encodeURIComponent(e.id)}`}
          aria-current={selected ? 'true' : undefined}
          aria-label={label}
        >
          {e.name}
        </a>
      </span>
      <span role="cell" className="c-target" title={e.target}>
        {e.target}
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
    </div>
  )
})
