import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ActiveAlertView } from '../../../../electron/core/oncall/views'
import { routeQuery, useApp, useRelayEvents, useRelayResync } from '../../context'
import { firstAnswer } from '../../first-load'
import { formatLocal } from '../../i18n'
import { levelLabel, stateLabel } from '../../i18n/labels'
import { firedFor, levelClass, levelRank } from './format'
import { LinkAction } from './link-action'
import { linkRequest } from './link-request'
import { MutesList } from './mutes-list'
import { OnCallSettings } from './oncall-settings'
import { Panel, type PanelState } from './panel'
import './now.css'
import { GuessMark } from '../sources/guess-mark'

/** Events after which the firing list may read differently. */
const REFRESH_ON = new Set(['oncall.changed', 'alert.received', 'delivery'])

/**
 * What is firing now, grouped, most severe first; acknowledge, mute, silence; and the mutes.
 * `selected` (from `#/now/ID`, a message link or a notification) puts that alert on top, with
 * Acknowledge and Mute 1 h one click away.
 */
export function NowPage({ selected }: { selected?: string }) {
  const { t, i18n } = useTranslation()
  const { api, attempt } = useApp()
  const [groupBy, setGroupBy] = useState('name')
  // Answers asked for as the window opened (first-load.ts) are drawn by the first render.
  const [view, setView] = useState(() => firstAnswer('listActive', { groupBy: 'name' }))
  const [mutes, setMutes] = useState(() => firstAnswer('listMutes'))
  // The open form and where it opens: next to the row or group that opened it, else on top.
  const [panel, setPanel] = useState<PanelState & { at?: string }>()
  const [now, setNow] = useState(Date.now())
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined)

  /** The latest load: an older one answering after it (a reconnect, a burst) is not drawn. */
  const latest = useRef(0)
  const load = useCallback(async () => {
    const mine = ++latest.current
    await attempt(async () => {
      const [v, m] = await Promise.all([api.listActive({ groupBy }), api.listMutes()])
      if (mine !== latest.current) return
      setView(v)
      setMutes(m)
      setNow(Date.now())
    })
  }, [api, attempt, groupBy])
  const loaded = useRef(view !== undefined && mutes !== undefined)
  useEffect(() => {
    if (loaded.current) loaded.current = false
    else void load()
  }, [load])
  useRelayEvents((e) => {
    if (!REFRESH_ON.has(e.type)) return
    clearTimeout(pending.current)
    pending.current = setTimeout(() => void load(), 200)
  })
  // Back after a drop: what changed meanwhile sent events nobody heard.
  useRelayResync(() => {
    clearTimeout(pending.current)
    void load()
  })
  // "Firing for" moves on by itself.
  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(tick)
  }, [])

  const request = linkRequest(selected, routeQuery())

  const unack = (identities: string[]) =>
    attempt(async () => {
      await api.unacknowledge({ identities })
      await load()
    })

  // The mute that holds a row, with why and until when, as the Mutes list below says it.
  const mutedText = (id: string) => {
    const m = mutes?.mutes.find((x) => x.id === id)
    if (!m) return t('now.mutedBy', { id })
    const time = formatLocal(m.endsAt)
    return m.comment
      ? t('now.mutedComment', { id, time, comment: m.comment })
      : t('now.mutedUntil', { id, time })
  }

  const panelHere = (at: string) =>
    panel?.at === at && (
      <Panel
        // Another form (or another alert's) is a fresh form, with the cursor in it again.
        key={`${panel.kind} ${JSON.stringify(panel)}`}
        state={panel}
        onClose={() => setPanel(undefined)}
        onDone={() => {
          setPanel(undefined)
          void load()
        }}
      />
    )

  const row = (a: ActiveAlertView) => [
    <tr key={a.identity} className={`now-row${a.ack ? ' acknowledged' : ''}`}>
      <td>
        <span className={`level ${levelClass(a.level)}`}>{levelLabel(t, a.level)}</span>
      </td>
      <td>
        <a href={`#/history/${encodeURIComponent(a.alertId)}`}>{a.name || a.identity}</a>
        {a.guessed && <GuessMark alertId={a.alertId} />}
        {a.ack && (
          <div className="now-ack">
            ✓ {t('now.acknowledged', { by: a.ack.by, time: formatLocal(a.ack.at) })}
            {a.ack.until && ` ${t('now.ackUntil', { time: formatLocal(a.ack.until) })}`}
            {a.ack.note && ` — ${a.ack.note}`}
          </div>
        )}
        {a.mutedBy && <div className="help">{mutedText(a.mutedBy)}</div>}
      </td>
      <td>{a.target}</td>
      <td title={t('now.since', { time: formatLocal(a.since) })}>
        {firedFor(a.since, now, i18n.language)}
      </td>
      <td>{a.count}</td>
      <td>
        <ul className="now-deliveries">
          {(a.channels.length ? a.channels : Object.keys(a.deliveries)).map((ch) => (
            <li key={ch}>
              {ch}: {stateLabel(t, a.deliveries[ch])}
            </li>
          ))}
        </ul>
      </td>
      <td className="actions">
        <div className="now-actions">
          {a.ack ? (
            <button type="button" onClick={() => void unack([a.identity])}>
              {t('now.unacknowledge')}
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              onClick={() =>
                setPanel({ kind: 'ack', identities: [a.identity], what: a.name, at: a.identity })
              }
            >
              {t('now.acknowledge')}
            </button>
          )}
          <button
            type="button"
            onClick={() =>
              setPanel({ kind: 'mute', matchers: a.muteMatchers, what: a.name, at: a.identity })
            }
          >
            {t('now.mute')}
          </button>
          {a.silenceable && (
            <button
              type="button"
              onClick={() =>
                setPanel({ kind: 'silence', alertId: a.alertId, what: a.name, at: a.identity })
              }
            >
              {t('now.silence')}
            </button>
          )}
        </div>
      </td>
    </tr>,
    panel?.at === a.identity && (
      <tr key={`${a.identity} panel`} className="now-panel-row">
        <td colSpan={7}>{panelHere(a.identity)}</td>
      </tr>
    ),
  ]

  return (
    <section aria-labelledby="now-title">
      <header className="page-header">
        <h1 id="now-title">{t('now.title')}</h1>
        <div className="toolbar">
          <label>
            {t('now.groupBy')}{' '}
            <select value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
              <option value="name">{t('now.byName')}</option>
              {view?.labels.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            onClick={() => setPanel({ kind: 'mute', matchers: [], what: '', at: 'top' })}
          >
            {t('now.newMute')}
          </button>
        </div>
      </header>
      {request && <LinkAction request={request} view={view} onDone={() => void load()} />}
      {panelHere('top')}
      {view && (
        <div className="now-counts" aria-label={t('now.firing', { count: view.total })}>
          <strong>{t('now.firing', { count: view.total })}</strong>
          {Object.entries(view.counts)
            .sort(([a], [b]) => levelRank(a) - levelRank(b))
            .map(([level, n]) => (
              <span key={level} className={`level ${levelClass(level)}`}>
                {levelLabel(t, level)} {n}
              </span>
            ))}
        </div>
      )}
      {view && !view.total && <p className="empty">{t('now.empty')}</p>}
      <div className="now-groups">
        {view?.groups.map((g) => (
          <section
            key={g.key}
            className="now-group"
            aria-label={g.key || '—'}
            data-testid="now-group"
          >
            <h2>
              <span className={`level ${levelClass(g.level)}`}>{levelLabel(t, g.level)}</span>
              {g.key || '—'}
              <span className="help">({g.alerts.length})</span>
              {!g.acknowledged && g.alerts.length > 1 && (
                <button
                  type="button"
                  onClick={() =>
                    setPanel({
                      kind: 'ack',
                      identities: g.alerts.filter((a) => !a.ack).map((a) => a.identity),
                      what: g.key,
                      at: `group ${g.key}`,
                    })
                  }
                >
                  {t('now.acknowledgeGroup')}
                </button>
              )}
            </h2>
            {panelHere(`group ${g.key}`)}
            <table className="table now-table">
              <colgroup>
                <col className="now-col-level" />
                <col className="now-col-alert" />
                <col className="now-col-target" />
                <col className="now-col-for" />
                <col className="now-col-count" />
                <col className="now-col-delivered" />
                <col className="now-col-actions" />
              </colgroup>
              <thead>
                <tr>
                  <th>{t('now.level')}</th>
                  <th>{t('now.alert')}</th>
                  <th>{t('now.target')}</th>
                  <th>{t('now.firedFor')}</th>
                  <th>{t('now.repeats')}</th>
                  <th>{t('now.deliveredTo')}</th>
                  <th>{t('now.actions')}</th>
                </tr>
              </thead>
              <tbody>{g.alerts.map(row)}</tbody>
            </table>
          </section>
        ))}
      </div>
      {mutes && <MutesList mutes={mutes} onChange={() => void load()} />}
      <OnCallSettings />
    </section>
  )
}
