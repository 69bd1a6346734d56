import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { HistoryEntry } from '../../../../electron/core/history/records'
import { formatLocal } from '../../i18n'
import { badgesOf, hasFailure, STATE_ICONS } from './history-model'

const COLUMNS = ['time', 'status', 'level', 'name', 'target', 'outcome'] as const

/** Every row is one line (cells end in an ellipsis), so rows are placed, never measured. */
const ROW_HEIGHT = 34

/**
 * The alert list, virtualised over all `total` rows; each row is a link to its detail and says its
 * outcome per channel. Rows not fetched yet (`row(i)` undefined) show as loading and are asked for.
 */
export function HistoryTable({
  total,
  row,
  need,
  selected,
}: {
  total: number
  row: (i: number) => HistoryEntry | undefined
  need: (from: number, to: number) => void
  selected?: string
}) {
  const { t } = useTranslation()
  const scroller = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
  })
  const shown = rows.getVirtualItems()
  const from = shown[0]?.index ?? 0
  const to = shown.at(-1)?.index ?? 0
  useEffect(() => need(from, to), [need, from, to])
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
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {shown.map((v) => {
            const e = row(v.index)
            return e ? (
              <AlertRow
                key={e.alert.id}
                entry={e}
                index={v.index}
                top={v.start}
                selected={selected === e.alert.id}
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

/**
 * One alert's row. Memoised: a row stays where it was placed while the list scrolls, so a frame
 * renders only the rows that came into view.
 */
const AlertRow = memo(function AlertRow({
  entry: e,
  index,
  top,
  selected,
}: {
  entry: HistoryEntry
  index: number
  top: number
  selected: boolean
}) {
  const { t } = useTranslation()
  const level = (l: string | undefined) => (l ? t(`levels.${l}`, { defaultValue: l }) : '')
  const a = e.alert
  const badges = badgesOf(e)
  const states = badges.map((b) => `${b.channel} ${t(`states.${b.state}`)}`).join(', ')
  return (
    <a
      data-index={index}
      href={`#/history/${encodeURIComponent(a.id)}`}
      role="row"
      aria-rowindex={index + 2}
      aria-current={selected ? 'true' : undefined}
      aria-label={t('history.rowLabel', {
        name: a.vars.alarm_name ?? '',
        status: t(`alertStatus.${a.status}`),
        level: level(a.vars.alarm_level as string | undefined),
        target: a.vars.alarm_target ?? '',
        outcome: states || t('history.noTarget'),
        time: formatLocal(a.receivedAt),
      })}
      className={`vrow${selected ? ' selected' : ''}${hasFailure(e) ? ' failed' : ''}`}
      style={place(top)}
    >
      <span role="cell" className="c-time">
        {formatLocal(a.receivedAt).slice(5, 16)}
      </span>
      <span role="cell" className={`c-status ${a.status}`}>
        {t(`alertStatus.${a.status}`)}
      </span>
      <span role="cell" className={`c-level lvl-${a.vars.alarm_level ?? ''}`}>
        {level(a.vars.alarm_level as string | undefined)}
      </span>
      <span role="cell" className="c-name" title={String(a.vars.alarm_name ?? '')}>
        {a.vars.alarm_name}
      </span>
      <span role="cell" className="c-target" title={String(a.vars.alarm_target ?? '')}>
        {a.vars.alarm_target}
      </span>
      <span role="cell" className="c-outcome" title={states}>
        {badges.length === 0
          ? t('history.noTarget')
          : badges.map((b) => (
              <span key={b.channel} className={`state-badge ${b.state}`}>
                <span aria-hidden="true">{STATE_ICONS[b.state]}</span>{' '}
                {badges.length > 1 ? `${b.channel} ` : ''}
                {t(`states.${b.state}`)}
              </span>
            ))}
      </span>
    </a>
  )
})
