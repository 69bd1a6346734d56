import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { HistoryEntry } from '../../../../electron/core/history/records'
import type { ActiveView } from '../../../../electron/core/oncall/views'
import { useApp } from '../../context'
import { formatLocal } from '../../i18n'
import { levelLabel } from '../../i18n/labels'
import { levelClass } from './format'
import type { LinkRequest } from './link-request'

/**
 * The alerts a message link (or a notification) points at, with Acknowledge and Mute 1 h one click
 * away. A link never acts by itself: it carries no token and may have been forwarded, so the
 * person at the window confirms (the action the link named is the highlighted button).
 */
export function LinkAction({
  request,
  view,
  onDone,
}: {
  request: LinkRequest
  view: ActiveView | undefined
  onDone(): void
}) {
  const { t } = useTranslation()
  const { api, attempt, notify } = useApp()
  const [entries, setEntries] = useState<Array<HistoryEntry | null>>()
  const [busy, setBusy] = useState(false)
  const key = request.alertIds.join(',')

  useEffect(() => {
    let live = true
    void Promise.all(key.split(',').map((id) => api.getAlert({ id }).catch(() => null))).then(
      (e) => live && setEntries(e),
    )
    return () => {
      live = false
    }
  }, [api, key])

  const firing = new Map(
    (view?.groups ?? []).flatMap((g) => g.alerts).map((a) => [a.identity, a] as const),
  )
  const found = (entries ?? []).filter((e): e is HistoryEntry => !!e)
  const open = found.filter(
    (e) => firing.get(e.alert.fingerprint) && !firing.get(e.alert.fingerprint)!.ack,
  )
  /** Clears the action from the address, so a reload does not ask again. */
  const settle = () => {
    const ids = request.alertIds
    history.replaceState(
      null,
      '',
      ids.length === 1
        ? `#/now/${encodeURIComponent(ids[0]!)}`
        : `#/now?alerts=${ids.map(encodeURIComponent).join(',')}`,
    )
    onDone()
  }

  async function acknowledge() {
    setBusy(true)
    await attempt(async () => {
      const r = await api.acknowledge({
        identities: [...new Set(open.map((e) => e.alert.fingerprint))],
      })
      notify('ok', t('now.ackDone', { count: r.acknowledged }))
      settle()
    })
    setBusy(false)
  }

  async function mute() {
    setBusy(true)
    await attempt(async () => {
      for (const e of found)
        await api.createMuteFromAlert({
          alertId: e.alert.id,
          forMinutes: 60,
          comment: t('now.linkMuteComment'),
        })
      notify('ok', t('now.muted'))
      settle()
    })
    setBusy(false)
  }

  if (!entries) return null
  const n = request.alertIds.length
  const title = n > 1 ? t('now.linkTitleMany', { count: n }) : t('now.linkTitle')
  return (
    <section className="now-link" role="region" aria-label={title}>
      <h2>{title}</h2>
      {!found.length && <p className="notice error">{t('now.linkUnknown')}</p>}
      <ul>
        {found.map((e) => {
          const a = firing.get(e.alert.fingerprint)
          const v = e.alert.vars
          return (
            <li key={e.alert.id}>
              <span className={`level ${levelClass(v.alarm_level ?? '')}`}>
                {levelLabel(t, v.alarm_level)}
              </span>{' '}
              <a href={`#/history/${encodeURIComponent(e.alert.id)}`}>
                {v.alarm_name || e.alert.id}
              </a>
              {v.alarm_target && ` · ${v.alarm_target}`}
              {' — '}
              {!a
                ? t('now.linkNotFiring')
                : a.ack
                  ? t('now.acknowledged', { by: a.ack.by, time: formatLocal(a.ack.at) })
                  : t('now.linkFiring')}
            </li>
          )
        })}
      </ul>
      {found.length > 0 && (
        <div className="form-actions">
          {open.length > 0 && (
            <button
              type="button"
              className={request.action === 'mute' ? undefined : 'primary'}
              disabled={busy}
              onClick={() => void acknowledge()}
            >
              {open.length > 1
                ? t('now.linkAckMany', { count: open.length })
                : t('now.acknowledge')}
            </button>
          )}
          <button
            type="button"
            className={request.action === 'mute' ? 'primary' : undefined}
            disabled={busy}
            onClick={() => void mute()}
          >
            {t('now.linkMute')}
          </button>
        </div>
      )}
    </section>
  )
}
