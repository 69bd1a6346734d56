import { useVirtualizer } from '@tanstack/react-virtual'
import { useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { HistoryEntry } from '../../../../electron/core/history/records'
import { formatLocal } from '../../i18n'
import { badgesOf, hasFailure, STATE_ICONS } from './history-model'

const COLUMNS = ['time', 'status', 'level', 'name', 'target', 'outcome'] as const

/** The alert list, virtualised; each row is a link to its detail and says its outcome per channel. */
export function HistoryTable({ items, selected }: { items: HistoryEntry[]; selected?: string }) {
  const { t } = useTranslation()
  const scroller = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 34,
    overscan: 12,
  })
  const level = (l: string | undefined) => (l ? t(`levels.${l}`, { defaultValue: l }) : '')
  return (
    <div
      className="vtable"
      role="table"
      aria-label={t('history.tableLabel')}
      aria-rowcount={items.length + 1}
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
          {rows.getVirtualItems().map((v) => {
            const e = items[v.index]!
            const a = e.alert
            const badges = badgesOf(e)
            const states = badges.map((b) => `${b.channel} ${t(`states.${b.state}`)}`).join(', ')
            return (
              <a
                key={a.id}
                ref={rows.measureElement}
                data-index={v.index}
                href={`#/history/${encodeURIComponent(a.id)}`}
                role="row"
                aria-rowindex={v.index + 2}
                aria-current={selected === a.id ? 'true' : undefined}
                aria-label={t('history.rowLabel', {
                  name: a.vars.alarm_name ?? '',
                  status: t(`alertStatus.${a.status}`),
                  level: level(a.vars.alarm_level as string | undefined),
                  target: a.vars.alarm_target ?? '',
                  outcome: states || t('history.noTarget'),
                  time: formatLocal(a.receivedAt),
                })}
                className={`vrow${selected === a.id ? ' selected' : ''}${hasFailure(e) ? ' failed' : ''}`}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  minHeight: 34,
                  transform: `translateY(${v.start}px)`,
                }}
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
          })}
        </div>
      </div>
    </div>
  )
}
