import { useWindowVirtualizer } from '@tanstack/react-virtual'
import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
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
import { FirstRun } from './first-run'
import { FOLD_ABOVE } from '../../../../electron/core/oncall/views'
import { nowSections, type NowGroup } from './now-model'
import { OnCallSettings } from './oncall-settings'
import { Panel, type PanelState } from './panel'
import './now.css'
import { GuessMark } from '../sources/guess-mark'

/** Rows drawn at once in an open group; more on request. */
const PAGE = 100

type NowItem =
  | { kind: 'section'; section: 'open' | 'handled'; count: number }
  | { kind: 'group'; group: NowGroup; section: 'open' | 'handled' }

/**
 * A target or name that wraps at its separators (`db-1.prod.example`) and between the words of a
 * camel-cased name (`KubePod|Crash|Looping`), not in the middle of a word.
 */
function breakable(target: string) {
  const parts = target.split(/(?<=[.\-_:/@,])|(?<=[a-z0-9])(?=[A-Z])/)
  return parts.map((p, i) => (
    <Fragment key={i}>
      <span>{p}</span>
      {i < parts.length - 1 && <wbr />}
    </Fragment>
  ))
}

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
  // Groups a person opened in a storm: their alerts are asked for in full, the rest come folded.
  const expanded = useRef<string[]>([])
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
      const [v, m] = await Promise.all([
        api.listActive({ groupBy, expand: expanded.current }),
        api.listMutes(),
      ])
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

  // A storm is hundreds of names: groups start folded, and only those on screen are drawn.
  const sections = useMemo(() => nowSections(view), [view])
  const openAll = (view?.total ?? 0) <= FOLD_ABOVE
  const [toggled, setToggled] = useState<Set<string>>(() => new Set())
  const [pages, setPages] = useState<Map<string, number>>(() => new Map())
  const total = (groups: NowGroup[]) => groups.reduce((n, g) => n + g.size, 0)
  const items = useMemo<NowItem[]>(
    () => [
      ...(sections.open.length
        ? [{ kind: 'section' as const, section: 'open' as const, count: total(sections.open) }]
        : []),
      ...sections.open.map((group) => ({
        kind: 'group' as const,
        group,
        section: 'open' as const,
      })),
      ...(sections.handled.length
        ? [
            {
              kind: 'section' as const,
              section: 'handled' as const,
              count: total(sections.handled),
            },
          ]
        : []),
      ...sections.handled.map((group) => ({
        kind: 'group' as const,
        group,
        section: 'handled' as const,
      })),
    ],
    [sections],
  )
  const list = useRef<HTMLDivElement>(null)
  const [listTop, setListTop] = useState(0)
  useLayoutEffect(() => {
    const top = list.current ? list.current.getBoundingClientRect().top + window.scrollY : 0
    if (Math.abs(top - listTop) > 1) setListTop(top)
  })
  const virtual = useWindowVirtualizer({
    count: items.length,
    estimateSize: (i) => (items[i]?.kind === 'section' ? 48 : 52),
    overscan: 6,
    scrollMargin: listTop,
    getItemKey: (i) => {
      const it = items[i]!
      return it.kind === 'section' ? `section ${it.section}` : it.group.id
    },
  })

  const unack = (identities: string[]) =>
    attempt(async () => {
      await api.unacknowledge({ identities })
      await load()
    })

  // The mute that holds a row, with why and until when, as the Mutes list below says it.
  const mutedText = (id: string) => {
    const m = mutes?.mutes.find((x) => x.id === id)
    if (!m) return t('now.mutedBy')
    const time = formatLocal(m.endsAt)
    return m.comment
      ? t('now.mutedComment', { time, comment: m.comment })
      : t('now.mutedUntil', { time })
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
        <a href={`#/history/${encodeURIComponent(a.alertId)}`}>{breakable(a.name || a.identity)}</a>
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
      <td className="now-target">{breakable(a.target)}</td>
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

  const isOpen = (g: NowGroup) => openAll !== toggled.has(g.id)
  const toggle = (g: NowGroup) => {
    const next = new Set(toggled)
    if (next.has(g.id)) next.delete(g.id)
    else next.add(g.id)
    setToggled(next)
    expanded.current = [...new Set([...next].map((id) => id.replace(/^\w+ /, '')))]
    if (g.folded) void load()
  }

  const groupBlock = (g: NowGroup, section: 'open' | 'handled') => {
    const open = isOpen(g)
    const shown = g.alerts.slice(0, pages.get(g.id) ?? PAGE)
    const head = `now-head ${g.id}`
    return (
      <section className="now-group" aria-labelledby={head} data-testid="now-group">
        <div className="now-group-head">
          <h3 id={head}>
            <button
              type="button"
              className="now-toggle"
              aria-expanded={open}
              onClick={() => toggle(g)}
            >
              <span aria-hidden="true">{open ? '▾' : '▸'}</span> {g.key || '—'}{' '}
              <span className="help">({g.size})</span>
            </button>
          </h3>
          <span className="now-levels">
            {g.counts.map(([level, n]) => (
              <span key={level} className={`level ${levelClass(level)}`}>
                {levelLabel(t, level)} {n}
              </span>
            ))}
          </span>
          {g.targets.length > 0 && (
            <span className="now-targets">
              {g.targets.map((x, i) => (
                <span key={x}>
                  {i > 0 && ', '}
                  {breakable(x)}
                </span>
              ))}
              {g.moreTargets > 0 && ` ${t('now.moreTargets', { count: g.moreTargets })}`}
            </span>
          )}
          {section === 'open' && g.size > 1 && (
            <button
              type="button"
              onClick={() =>
                setPanel({
                  kind: 'ack',
                  identities: g.identities,
                  what: g.key,
                  at: `group ${g.id}`,
                })
              }
            >
              {t('now.acknowledgeGroup')}
            </button>
          )}
        </div>
        {panelHere(`group ${g.id}`)}
        {open && g.folded && <p className="help">{t('common.loading')}</p>}
        {open && !g.folded && (
          <>
            <table className="table now-table" aria-labelledby={head}>
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
                  <th scope="col">{t('now.level')}</th>
                  <th scope="col">{t('now.alert')}</th>
                  <th scope="col">{t('now.target')}</th>
                  <th scope="col">{t('now.firedFor')}</th>
                  <th scope="col">{t('now.repeats')}</th>
                  <th scope="col">{t('now.deliveredTo')}</th>
                  <th scope="col">{t('now.actions')}</th>
                </tr>
              </thead>
              <tbody>{shown.map(row)}</tbody>
            </table>
            {shown.length < g.alerts.length && (
              <button
                type="button"
                className="link"
                onClick={() => setPages((m) => new Map(m).set(g.id, (m.get(g.id) ?? PAGE) + PAGE))}
              >
                {t('now.showMore', { shown: shown.length, count: g.alerts.length })}
              </button>
            )}
          </>
        )}
      </section>
    )
  }

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
      {view && !view.total && <FirstRun />}
      <div
        ref={list}
        className="now-groups"
        style={{ height: virtual.getTotalSize(), position: 'relative' }}
      >
        {virtual.getVirtualItems().map((vi) => {
          const item = items[vi.index]!
          return (
            <div
              key={vi.key}
              data-index={vi.index}
              ref={virtual.measureElement}
              className="now-item"
              style={{ transform: `translateY(${vi.start - virtual.options.scrollMargin}px)` }}
            >
              {item.kind === 'section' ? (
                <h2 className="now-section">
                  {t(item.section === 'open' ? 'now.openSection' : 'now.handledSection', {
                    count: item.count,
                  })}
                </h2>
              ) : (
                groupBlock(item.group, item.section)
              )}
            </div>
          )
        })}
      </div>
      {mutes && <MutesList mutes={mutes} onChange={() => void load()} />}
      <OnCallSettings />
    </section>
  )
}
