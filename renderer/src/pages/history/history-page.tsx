import { useVirtualizer } from '@tanstack/react-virtual'
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HistoryEntry } from '../../../../electron/core/history/records'
import { renderWeComHtml } from '../../../../electron/core/templates/wecom-markdown'
import { useApp, useRelayEvents } from '../../context'
import { download } from '../../download'
import { formatLocal } from '../../i18n'
import { Bubble } from '../templates/bubble'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend)

interface Filters {
  text: string
  status: '' | 'firing' | 'resolved'
  level: string
  channel: string
  outcome: '' | DeliveryState
  source: '' | 'alertmanager' | 'grafana' | 'ocp' | 'generic'
  from: string
  to: string
}

const NONE: Filters = {
  text: '',
  status: '',
  level: '',
  channel: '',
  outcome: '',
  source: '',
  from: '',
  to: '',
}
const OUTCOME_COLOURS = {
  delivered: '#07c160',
  failed: '#fa5151',
  pending: '#3b7cf5',
  other: '#b0b0b0',
}

function query(f: Filters) {
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

function outcomeOf(e: HistoryEntry): string {
  return (
    Object.entries(e.deliveries)
      .map(([c, d]) => `${c}: ${d.state}`)
      .join(', ') || '–'
  )
}

export function HistoryPage({ selected }: { selected?: string }) {
  const { t } = useTranslation()
  const { api, attempt } = useApp()
  const [filters, setFilters] = useState<Filters>(NONE)
  const [items, setItems] = useState<HistoryEntry[]>([])
  const [total, setTotal] = useState(0)
  const [channels, setChannels] = useState<string[]>([])
  const [listener, setListener] = useState('http://127.0.0.1:8760')
  const load = useCallback(() => {
    void attempt(() =>
      api.queryHistory({ ...query(filters), limit: 1000 }).then((r) => {
        setItems(r.items)
        setTotal(r.total)
      }),
    )
  }, [api, attempt, filters])
  useEffect(() => {
    const timer = setTimeout(load, 200)
    return () => clearTimeout(timer)
  }, [load])
  useEffect(() => {
    void api
      .listChannels()
      .then((cs) => setChannels(cs.map((c) => c.name)))
      .catch(() => {})
    void api
      .appInfo()
      .then((i) => i.listener.address && setListener(i.listener.address))
      .catch(() => {})
  }, [api])
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  useRelayEvents((e) => {
    if (e.type !== 'alert.received' && e.type !== 'delivery') return
    clearTimeout(pending.current)
    pending.current = setTimeout(load, 300)
  })
  const set = <K extends keyof Filters>(k: K, v: Filters[K]) =>
    setFilters((f) => ({ ...f, [k]: v }))

  return (
    <section aria-labelledby="history-title" className="history">
      <header className="page-header">
        <h1 id="history-title">{t('history.title')}</h1>
        <div className="toolbar">
          <button
            type="button"
            onClick={() =>
              void attempt(() =>
                api
                  .exportHistory({ format: 'json', query: query(filters) })
                  .then((r) => download(r.filename, r.content, 'application/json')),
              )
            }
          >
            {t('history.exportJson')}
          </button>
          <button
            type="button"
            onClick={() =>
              void attempt(() =>
                api
                  .exportHistory({ format: 'csv', query: query(filters) })
                  .then((r) => download(r.filename, r.content, 'text/csv')),
              )
            }
          >
            {t('history.exportCsv')}
          </button>
        </div>
      </header>
      <div className="filters" role="search">
        <label className="grow">
          <span className="sr-only">{t('history.search')}</span>
          <input
            type="search"
            placeholder={t('history.search')}
            aria-label={t('history.search')}
            value={filters.text}
            onChange={(e) => set('text', e.target.value)}
          />
        </label>
        <Select
          label={t('history.status')}
          value={filters.status}
          onChange={(v) => set('status', v as Filters['status'])}
          options={['firing', 'resolved']}
          any={t('history.any')}
        />
        <Select
          label={t('history.level')}
          value={filters.level}
          onChange={(v) => set('level', v)}
          options={['down', 'critical', 'warning', 'caution', 'info']}
          any={t('history.any')}
        />
        <Select
          label={t('history.channel')}
          value={filters.channel}
          onChange={(v) => set('channel', v)}
          options={channels}
          any={t('history.any')}
        />
        <Select
          label={t('history.outcome')}
          value={filters.outcome}
          onChange={(v) => set('outcome', v as Filters['outcome'])}
          options={[...DELIVERY_STATES]}
          any={t('history.any')}
        />
        <Select
          label={t('history.source')}
          value={filters.source}
          onChange={(v) => set('source', v as Filters['source'])}
          options={['alertmanager', 'grafana', 'ocp', 'generic']}
          any={t('history.any')}
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
      </div>
      <HistoryChart from={filters.from} to={filters.to} />
      <div className="history-body">
        <div className="history-list">
          <div className="help">{t('history.results', { count: total })}</div>
          {items.length === 0 ? (
            <p className="empty">{t('history.empty', { url: `${listener}/alerts` })}</p>
          ) : (
            <VirtualTable items={items} selected={selected} />
          )}
        </div>
        <Detail id={selected} onResent={load} />
      </div>
    </section>
  )
}

function Select({
  label,
  value,
  onChange,
  options,
  any,
}: {
  label: string
  value: string
  onChange: (v: string) => void
  options: string[]
  any: string
}) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  )
}

function HistoryChart({ from, to }: { from: string; to: string }) {
  const { t } = useTranslation()
  const { api } = useApp()
  const canvas = useRef<HTMLCanvasElement>(null)
  const chart = useRef<Chart | undefined>(undefined)
  const [tick, setTick] = useState(0)
  useRelayEvents((e) => {
    if (e.type === 'alert.received' || e.type === 'delivery') setTick((n) => n + 1)
  })
  useEffect(() => {
    let cancelled = false
    void api
      .historyChart({
        buckets: 48,
        ...(from ? { from: new Date(from).toISOString() } : {}),
        ...(to ? { to: new Date(to).toISOString() } : {}),
      })
      .then(({ buckets }) => {
        if (cancelled || !canvas.current) return
        const labels = buckets.map((b) => new Date(b.start).toTimeString().slice(0, 5))
        const datasets = (['delivered', 'pending', 'failed', 'other'] as const).map((k) => ({
          label: k,
          data: buckets.map((b) => b[k]),
          backgroundColor: OUTCOME_COLOURS[k],
          stack: 'alerts',
        }))
        if (chart.current) {
          chart.current.data.labels = labels
          chart.current.data.datasets = datasets
          chart.current.update('none')
        } else {
          chart.current = new Chart(canvas.current, {
            type: 'bar',
            data: { labels, datasets },
            options: {
              animation: false,
              maintainAspectRatio: false,
              plugins: { legend: { position: 'bottom', labels: { boxWidth: 10 } } },
              scales: {
                x: { stacked: true, ticks: { maxTicksLimit: 12 } },
                y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
              },
            },
          })
        }
      })
      .catch(() => {})
    return () => {
      cancelled = true
    }
  }, [api, from, to, tick])
  useEffect(() => () => chart.current?.destroy(), [])
  return (
    <figure className="chart">
      <figcaption>{t('history.chart')}</figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={t('history.chart')} />
      </div>
    </figure>
  )
}

function VirtualTable({ items, selected }: { items: HistoryEntry[]; selected?: string }) {
  const { t } = useTranslation()
  const scroller = useRef<HTMLDivElement>(null)
  const rows = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 34,
    overscan: 12,
  })
  return (
    <div className="vtable" role="table" aria-rowcount={items.length + 1}>
      <div className="vrow head" role="row">
        {['time', 'status', 'level', 'name', 'target', 'channel', 'outcome'].map((c) => (
          <span key={c} role="columnheader" className={`c-${c}`}>
            {t(`history.${c}`)}
          </span>
        ))}
      </div>
      <div ref={scroller} className="vbody">
        <div style={{ height: rows.getTotalSize(), position: 'relative' }}>
          {rows.getVirtualItems().map((v) => {
            const e = items[v.index]!
            const a = e.alert
            return (
              <a
                key={a.id}
                href={`#/history/${encodeURIComponent(a.id)}`}
                role="row"
                aria-selected={selected === a.id}
                className={`vrow${selected === a.id ? ' selected' : ''}`}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: v.size,
                  transform: `translateY(${v.start}px)`,
                }}
              >
                <span role="cell" className="c-time">
                  {formatLocal(a.receivedAt).slice(5, 19)}
                </span>
                <span role="cell" className={`c-status ${a.status}`}>
                  {a.status}
                </span>
                <span role="cell" className={`c-level lvl-${a.vars.alarm_level ?? ''}`}>
                  {a.vars.alarm_level}
                </span>
                <span role="cell" className="c-name">
                  {a.vars.alarm_name}
                </span>
                <span role="cell" className="c-target">
                  {a.vars.alarm_target}
                </span>
                <span role="cell" className="c-channel">
                  {Object.keys(e.deliveries).join(', ')}
                </span>
                <span role="cell" className="c-outcome">
                  {outcomeOf(e)}
                </span>
              </a>
            )
          })}
        </div>
      </div>
    </div>
  )
}

function Detail({ id, onResent }: { id?: string; onResent: () => void }) {
  const { t } = useTranslation()
  const { api, attempt, notify } = useApp()
  const [entry, setEntry] = useState<HistoryEntry | null>()
  const [tick, setTick] = useState(0)
  useRelayEvents((e) => {
    if (e.type === 'delivery' && id && e.alertIds.includes(id)) setTick((n) => n + 1)
  })
  useEffect(() => {
    if (!id) return setEntry(undefined)
    void attempt(() => api.getAlert({ id }).then(setEntry))
  }, [api, attempt, id, tick])
  if (!id || entry === undefined)
    return <aside className="detail empty">{t('history.select')}</aside>
  if (entry === null) return <aside className="detail empty">{id}: –</aside>
  const a = entry.alert
  let raw = a.raw
  try {
    raw = JSON.stringify(JSON.parse(a.raw), null, 2)
  } catch {
    // not JSON (a text alert, or cut at the size cap): shown as stored
  }
  return (
    <aside className="detail" aria-labelledby="detail-title">
      <h2 id="detail-title">
        {a.vars.alarm_name} <span className={`badge ${a.status}`}>{a.status}</span>
      </h2>
      <p className="help">
        {formatLocal(a.receivedAt)} · {a.source} · <code>{a.id}</code>
      </p>
      <div className="row">
        <button
          type="button"
          onClick={() =>
            void attempt(() => api.resendAlert({ id: a.id })).then(
              (r) =>
                r &&
                (notify('ok', t('history.resent', { channels: r.queued.join(', ') })), onResent()),
            )
          }
        >
          {t('history.resend')}
        </button>
      </div>
      <h3>{t('history.deliveries')}</h3>
      <ul className="deliveries">
        {Object.entries(entry.deliveries).map(([c, d]) => (
          <li key={c} className={d.state}>
            <strong>{c}</strong>: {d.state}
            {d.via ? ` (${d.via}${d.repeats ? `, ${d.repeats} repeats` : ''})` : ''} ·{' '}
            {formatLocal(d.at)}
            {d.aggregatedInto && (
              <>
                {' '}
                →{' '}
                <a href={`#/history/${encodeURIComponent(d.aggregatedInto)}`}>{d.aggregatedInto}</a>
              </>
            )}
            {d.reason && <div className="help">{d.reason}</div>}
          </li>
        ))}
      </ul>
      <h3>{t('history.attempts')}</h3>
      {entry.attempts.length === 0 ? (
        <p className="help">{t('history.noAttempts')}</p>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('history.time')}</th>
              <th>{t('history.channel')}</th>
              <th>kind</th>
              <th>HTTP</th>
              <th>errcode</th>
              <th>ms</th>
              <th>{t('history.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {entry.attempts.map((at) => (
              <tr
                key={at.id}
                title={`${at.robot}\n${at.explanation}${at.fix ? `\n${at.fix}` : ''}`}
              >
                <td>{formatLocal(at.at).slice(11, 19)}</td>
                <td>{at.channel}</td>
                <td>
                  {at.kind}
                  {at.kind === 'digest' ? ` ×${at.alertIds.length}` : ''}
                </td>
                <td>{at.httpStatus ?? '–'}</td>
                <td>
                  {at.errcode ?? '–'}
                  {at.errmsg && at.errcode ? ` ${at.errmsg.split(',')[0]}` : ''}
                </td>
                <td>{at.latencyMs}</td>
                <td className={at.outcome === 'success' ? 'good' : 'bad'}>
                  {at.outcome === 'success' ? '✔' : at.explanation}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entry.attempts[0] && (
        <>
          <h3>{t('history.messages')}</h3>
          <div className="phone small">
            <Bubble
              html={renderWeComHtml(
                entry.attempts.at(-1)!.content,
                entry.attempts.at(-1)!.msgtype as 'text' | 'markdown' | 'markdown_v2',
              )}
              msgtype={entry.attempts.at(-1)!.msgtype}
            />
          </div>
        </>
      )}
      <h3>{t('history.variables')}</h3>
      <dl className="vars">
        {Object.entries(a.vars).map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {Object.entries(a.labels).map(([k, v]) => (
          <div key={`l-${k}`}>
            <dt>labels.{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
        {Object.entries(a.annotations).map(([k, v]) => (
          <div key={`a-${k}`}>
            <dt>annotations.{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('history.raw')}</h3>
      <pre className="code raw">{raw}</pre>
    </aside>
  )
}
