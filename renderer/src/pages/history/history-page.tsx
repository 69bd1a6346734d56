import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { SOURCES } from '../../../../electron/core/alerts/source-names'
import { routeQuery, useApp } from '../../context'
import { download } from '../../download'
import { useRelayQuery } from '../../use-relay-query'
import { AlertDetail } from './alert-detail'
import { HistoryChart } from './history-chart'
import {
  ALERT_STATUSES,
  filtersFromQuery,
  isFiltered,
  LEVELS,
  NO_FILTERS,
  STATES,
  toQuery,
  type Filters,
} from './history-model'
import { HISTORY_PAGE, useHistoryRows } from './history-rows'
import { HistoryTable } from './history-table'

const refreshOnAlerts = (e: { type: string }) =>
  e.type === 'alert.received' || e.type === 'delivery'

/** Every alert received, how each channel did, and why. */
export function HistoryPage({ selected }: { selected?: string }) {
  const { t } = useTranslation()
  const { api, attempt } = useApp()
  // A link from a message (a storm summary) opens the page filtered: `#/history?channel=…&from=…`.
  const [filters, setFilters] = useState<Filters>(() => filtersFromQuery(routeQuery()))
  const list = useRelayQuery(
    (a) => a.historyRows({ ...toQuery(filters), limit: HISTORY_PAGE }),
    [JSON.stringify(filters)],
    refreshOnAlerts,
  )
  const everything = useRelayQuery((a) => a.queryHistory({ limit: 1 }), [], refreshOnAlerts)
  const meta = useRelayQuery(
    async (a) => ({
      channels: (await a.listChannels()).map((c) => c.name),
      info: await a.appInfo(),
    }),
    [],
  )
  const listener = meta.data?.info.listener.address ?? 'http://127.0.0.1:8760'
  const rows = useHistoryRows(api, toQuery(filters), list.data)
  const items = list.data?.items ?? []
  const total = rows.total
  const hidden = (everything.data?.total ?? 0) - total
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) =>
    setFilters((f) => ({ ...f, [k]: v }))

  return (
    <section aria-labelledby="history-title" className="history">
      <header className="page-header">
        <h1 id="history-title">{t('history.title')}</h1>
        <div className="toolbar">
          {(['json', 'csv'] as const).map((format) => (
            <button
              key={format}
              type="button"
              onClick={() =>
                void attempt(() =>
                  api
                    .exportHistory({ format, query: toQuery(filters) })
                    .then((r) =>
                      download(
                        r.filename,
                        r.content,
                        format === 'json' ? 'application/json' : 'text/csv',
                      ),
                    ),
                )
              }
            >
              {format === 'json' ? t('history.exportJson') : t('history.exportCsv')}
            </button>
          ))}
        </div>
      </header>
      <div className="filters" role="search" aria-label={t('history.filters')}>
        <label className="grow">
          <span className="sr-only">{t('history.search')}</span>
          <input
            type="search"
            placeholder={t('history.search')}
            value={filters.text}
            onChange={(e) => set('text', e.target.value)}
          />
        </label>
        <Select
          label={t('history.status')}
          value={filters.status}
          onChange={(v) => set('status', v as Filters['status'])}
          options={ALERT_STATUSES.map((s) => [s, t(`alertStatus.${s}`)])}
        />
        <Select
          label={t('history.level')}
          value={filters.level}
          onChange={(v) => set('level', v)}
          options={LEVELS.map((l) => [l, t(`levels.${l}`)])}
        />
        <Select
          label={t('history.channel')}
          value={filters.channel}
          onChange={(v) => set('channel', v)}
          options={(meta.data?.channels ?? []).map((c) => [c, c])}
        />
        <Select
          label={t('history.outcome')}
          value={filters.outcome}
          onChange={(v) => set('outcome', v as Filters['outcome'])}
          options={STATES.map((s) => [s, t(`states.${s}`)])}
        />
        <Select
          label={t('history.source')}
          value={filters.source}
          onChange={(v) => set('source', v as Filters['source'])}
          options={SOURCES.map((s) => [s, t(`sources.${s}`)])}
        />
        <label>
          {t('history.from')}{' '}
          <input
            type="datetime-local"
            value={filters.from}
            onChange={(e) => set('from', e.target.value)}
          />
        </label>
        <label>
          {t('history.to')}{' '}
          <input
            type="datetime-local"
            value={filters.to}
            onChange={(e) => set('to', e.target.value)}
          />
        </label>
        {isFiltered(filters) && (
          <button type="button" onClick={() => setFilters(NO_FILTERS)}>
            {t('history.clearFilters')}
          </button>
        )}
      </div>
      <HistoryChart query={toQuery(filters)} />
      <div className="history-body">
        <div className="history-list">
          <div className="help" role="status">
            {t('history.results', { count: total })}
          </div>
          {list.error && (
            <p className="notice bad" role="alert">
              {list.error}
            </p>
          )}
          {items.length === 0 ? (
            isFiltered(filters) && hidden > 0 ? (
              <p className="empty">
                {t('history.hiddenByFilters', { count: hidden })}{' '}
                <button type="button" className="link" onClick={() => setFilters(NO_FILTERS)}>
                  {t('history.clearFilters')}
                </button>
              </p>
            ) : (
              <p className="empty">{t('history.empty', { url: `${listener}/alerts` })}</p>
            )
          ) : (
            <HistoryTable rows={rows} selected={selected} />
          )}
        </div>
        <AlertDetail id={selected} onResent={list.reload} />
      </div>
    </section>
  )
}

function Select({
  label,
  value,
  onChange,
  options,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  options: Array<[value: string, text: string]>
}) {
  const { t } = useTranslation()
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t('history.any')}</option>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </label>
  )
}
