import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { MatchOp } from '../../../../electron/core/settings/fields'
import { VARIABLES } from '../../../../electron/core/templates/variables'
import { errorSentence, RelayError } from '../../api'
import { useApp, useUnsavedGuard } from '../../context'
import { fieldSentence, useCoreText } from '../../i18n/core-sentences'
import { useRelayQuery } from '../../use-relay-query'
import {
  countMatches,
  MATCH_OPS,
  matcherProblem,
  moveRoute,
  newRoute,
  toRouteForms,
  toRoutesPatch,
  type RouteForm,
} from './routes-model'

const SAMPLE_SIZE = 100

/** Ordered routing rules with Alertmanager-style matchers, checked live against recent alerts. */
export function RoutesPage() {
  const { t } = useTranslation()
  const ct = useCoreText()
  const { api, notify } = useApp()
  const data = useRelayQuery(
    async (a) => {
      const [settings, history] = await Promise.all([
        a.getSettings(),
        a.queryHistory({ limit: SAMPLE_SIZE }),
      ])
      return { settings, alerts: history.items.map((e) => e.alert) }
    },
    [],
    (e) => e.type === 'alert.received',
  )
  const settings = data.data?.settings
  const alerts = useMemo(() => data.data?.alerts ?? [], [data.data])
  const [routes, setRoutes] = useState<RouteForm[]>()
  const [saved, setSaved] = useState<string>('')
  // The last save's error, with the rules it was about: it stays only while they are unchanged
  // or a matcher still does not parse, so fixing the field clears it.
  const [problem, setProblem] = useState<{ text: string; routes: string }>()
  const [dragging, setDragging] = useState<number>()
  useEffect(() => {
    if (settings && routes === undefined) {
      const forms = toRouteForms(settings.routes)
      setRoutes(forms)
      setSaved(JSON.stringify(toRoutesPatch(forms)))
    }
  }, [settings, routes])
  const dirty = routes !== undefined && JSON.stringify(toRoutesPatch(routes)) !== saved
  useUnsavedGuard(dirty)
  if (!settings || !routes) return <p>{t('common.loading')}</p>
  const current = JSON.stringify(toRoutesPatch(routes))
  const showProblem =
    problem &&
    (problem.routes === current || routes.some((r) => r.matchers.some((m) => matcherProblem(m))))
      ? problem.text
      : undefined
  const channels = settings.channels.map((c) => c.name)

  const update = (i: number, change: (r: RouteForm) => RouteForm) =>
    setRoutes((rs) => rs!.map((r, n) => (n === i ? change(r) : r)))
  const move = (from: number, to: number) => setRoutes((rs) => moveRoute(rs!, from, to))
  /** Keeps keyboard focus on the moved rule: on the same arrow, or the other one at an end. */
  const moveByKey = (key: string, from: number, dir: 'up' | 'down') => {
    move(from, dir === 'up' ? from - 1 : from + 1)
    requestAnimationFrame(() => {
      const q = (d: string) =>
        document.querySelector<HTMLButtonElement>(`[data-route="${key}"] [data-move="${d}"]`)
      const same = q(dir)
      ;(same && !same.disabled ? same : q(dir === 'up' ? 'down' : 'up'))?.focus()
    })
  }

  async function save() {
    try {
      const s = await api.updateSettings({ patch: { routes: toRoutesPatch(routes!) } })
      const forms = toRouteForms(s.routes)
      setRoutes(forms)
      setSaved(JSON.stringify(toRoutesPatch(forms)))
      setProblem(undefined)
      notify('ok', t('routes.saved'))
    } catch (err) {
      setProblem({
        text:
          err instanceof RelayError && err.fields.length
            ? err.fields.map((f) => ct(fieldSentence(f))).join(' ')
            : ct(errorSentence(err)),
        routes: JSON.stringify(toRoutesPatch(routes!)),
      })
    }
  }

  return (
    <section aria-labelledby="routes-title" className="routes">
      <header className="page-header">
        <h1 id="routes-title">{t('routes.title')}</h1>
        <button
          type="button"
          onClick={() => setRoutes((rs) => [...rs!, newRoute(channels[0])])}
          disabled={channels.length === 0}
        >
          {t('routes.add')}
        </button>
      </header>
      <p className="help">{t('routes.intro')}</p>
      <p className="help">
        {t('routes.defaults')}{' '}
        <strong>
          {settings.defaultChannels.length
            ? settings.defaultChannels.join(', ')
            : t('routes.noDefaults')}
        </strong>{' '}
        <a href="#/channels">{t('routes.changeDefaults')}</a>
      </p>
      {routes.length === 0 ? (
        <p className="empty">{t('routes.empty')}</p>
      ) : (
        <ol className="route-list" aria-label={t('routes.listLabel')}>
          {routes.map((r, i) => {
            const n = countMatches(r, alerts)
            return (
              <li
                key={r.key}
                data-route={r.key}
                className={`route${dragging === i ? ' dragging' : ''}`}
                draggable
                onDragStart={(e) => {
                  setDragging(i)
                  e.dataTransfer.effectAllowed = 'move'
                  e.dataTransfer.setData('text/plain', String(i))
                }}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault()
                  const from = Number(e.dataTransfer.getData('text/plain'))
                  if (!Number.isNaN(from)) move(from, i)
                  setDragging(undefined)
                }}
                onDragEnd={() => setDragging(undefined)}
                aria-labelledby={`${r.key}-title`}
              >
                <div className="route-head">
                  <span className="grip" aria-hidden="true">
                    ⠿
                  </span>
                  <h2 id={`${r.key}-title`}>{t('routes.rule', { n: i + 1 })}</h2>
                  <span className="route-count" aria-live="polite">
                    {n === undefined
                      ? t('routes.countUnknown')
                      : alerts.length === 0
                        ? t('routes.countNoAlerts')
                        : t('routes.count', { n, of: alerts.length })}
                  </span>
                  <span className="route-moves">
                    <button
                      type="button"
                      disabled={i === 0}
                      data-move="up"
                      aria-label={t('routes.moveUp', { n: i + 1 })}
                      onClick={() => moveByKey(r.key, i, 'up')}
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      disabled={i === routes.length - 1}
                      data-move="down"
                      aria-label={t('routes.moveDown', { n: i + 1 })}
                      onClick={() => moveByKey(r.key, i, 'down')}
                    >
                      ↓
                    </button>
                    <button
                      type="button"
                      className="danger"
                      aria-label={t('routes.remove', { n: i + 1 })}
                      onClick={() => setRoutes((rs) => rs!.filter((_, x) => x !== i))}
                    >
                      {t('common.delete')}
                    </button>
                  </span>
                </div>
                <fieldset>
                  <legend>{t('routes.when')}</legend>
                  {r.matchers.map((m, j) => {
                    const bad = matcherProblem(m)
                    const label = t('routes.matcherN', { rule: i + 1, n: j + 1 })
                    return (
                      <div className="matcher" key={j} role="group" aria-label={label}>
                        <input
                          aria-label={t('routes.fieldOf', {
                            matcher: label,
                            field: t('routes.name'),
                          })}
                          list="route-variables"
                          value={m.name}
                          onChange={(e) =>
                            update(i, (x) => ({
                              ...x,
                              matchers: x.matchers.map((y, k) =>
                                k === j ? { ...y, name: e.target.value } : y,
                              ),
                            }))
                          }
                        />
                        <select
                          aria-label={t('routes.fieldOf', {
                            matcher: label,
                            field: t('routes.op'),
                          })}
                          value={m.op}
                          onChange={(e) =>
                            update(i, (x) => ({
                              ...x,
                              matchers: x.matchers.map((y, k) =>
                                k === j ? { ...y, op: e.target.value as MatchOp } : y,
                              ),
                            }))
                          }
                        >
                          {MATCH_OPS.map((op) => (
                            <option key={op} value={op}>
                              {op} {t(`routes.ops.${opKey(op)}`)}
                            </option>
                          ))}
                        </select>
                        <input
                          aria-label={t('routes.fieldOf', {
                            matcher: label,
                            field: t('routes.value'),
                          })}
                          aria-invalid={bad ? true : undefined}
                          value={m.value}
                          onChange={(e) =>
                            update(i, (x) => ({
                              ...x,
                              matchers: x.matchers.map((y, k) =>
                                k === j ? { ...y, value: e.target.value } : y,
                              ),
                            }))
                          }
                        />
                        <button
                          type="button"
                          aria-label={t('routes.removeMatcher', { rule: i + 1, n: j + 1 })}
                          onClick={() =>
                            update(i, (x) => ({
                              ...x,
                              matchers: x.matchers.filter((_, k) => k !== j),
                            }))
                          }
                        >
                          ✕
                        </button>
                        {bad && <div className="error">{ct(bad)}</div>}
                      </div>
                    )
                  })}
                  {r.matchers.length === 0 && <p className="help">{t('routes.matchesAll')}</p>}
                  <button
                    type="button"
                    className="link"
                    onClick={() =>
                      update(i, (x) => ({
                        ...x,
                        matchers: [...x.matchers, { name: '', op: '=', value: '' }],
                      }))
                    }
                  >
                    {t('routes.addMatcher')}
                  </button>
                </fieldset>
                <fieldset>
                  <legend>{t('routes.sendTo')}</legend>
                  <div className="row">
                    {channels.map((c) => (
                      <label key={c} className="check">
                        <input
                          type="checkbox"
                          checked={r.channels.includes(c)}
                          onChange={(e) =>
                            update(i, (x) => ({
                              ...x,
                              channels: e.target.checked
                                ? [...x.channels, c]
                                : x.channels.filter((y) => y !== c),
                            }))
                          }
                        />{' '}
                        {c}
                      </label>
                    ))}
                  </div>
                  {r.channels.length === 0 && <p className="error">{t('routes.needsChannel')}</p>}
                </fieldset>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={r.continue}
                    onChange={(e) => update(i, (x) => ({ ...x, continue: e.target.checked }))}
                  />{' '}
                  {t('routes.continue')}
                </label>
              </li>
            )
          })}
        </ol>
      )}
      <datalist id="route-variables">
        {[...VARIABLES.map((v) => v.name), 'labels.alertname', 'labels.severity'].map((v) => (
          <option key={v} value={v} />
        ))}
      </datalist>
      {showProblem && (
        <p className="notice bad" role="alert" data-testid="routes-save-error">
          {showProblem}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="primary" disabled={!dirty} onClick={() => void save()}>
          {t('routes.save')}
        </button>
        <button
          type="button"
          disabled={!dirty}
          onClick={() => {
            if (!confirm(t('common.discard'))) return
            const forms = toRouteForms(settings.routes)
            setRoutes(forms)
          }}
        >
          {t('routes.discard')}
        </button>
        {dirty && <span className="warn">{t('common.unsaved')}</span>}
      </div>
    </section>
  )
}

function opKey(op: MatchOp): 'eq' | 'ne' | 're' | 'nre' {
  return op === '=' ? 'eq' : op === '!=' ? 'ne' : op === '=~' ? 're' : 'nre'
}
