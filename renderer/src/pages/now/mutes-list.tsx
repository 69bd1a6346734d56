import { useTranslation } from 'react-i18next'
import type { MutesView } from '../../../../electron/core/oncall/views'
import { useApp } from '../../context'
import { formatLocal } from '../../i18n'

/** Mutes (active, pending, ended within a week) and silences made in Alertmanager from here. */
export function MutesList({ mutes, onChange }: { mutes: MutesView; onChange(): void }) {
  const { t } = useTranslation()
  const { api, attempt, notify } = useApp()
  const expireMute = (id: string) =>
    attempt(async () => {
      await api.expireMute({ id })
      notify('ok', t('now.expired'))
      onChange()
    })
  const expireSilence = (id: string) =>
    attempt(async () => {
      await api.expireSilence({ id })
      notify('ok', t('now.silenceExpired'))
      onChange()
    })
  return (
    <section className="now-mutes" aria-labelledby="mutes-title">
      <h2 id="mutes-title">{t('now.mutes')}</h2>
      {!mutes.mutes.length && <p className="empty">{t('now.noMutes')}</p>}
      {!!mutes.mutes.length && (
        <table className="table" aria-labelledby="mutes-title">
          <thead>
            <tr>
              <th>{t('now.state')}</th>
              <th>{t('now.matchers').replace(/\s*[(（].*$/, '')}</th>
              <th>{t('now.starts')}</th>
              <th>{t('now.ends')}</th>
              <th>{t('now.comment')}</th>
              <th>{t('now.by')}</th>
              <th>{t('now.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {mutes.mutes.map((m) => (
              <tr key={m.id} data-state={m.state}>
                <td>{t(`now.states.${m.state}`)}</td>
                <td>
                  <code>{m.text.join(', ')}</code>
                </td>
                <td>{formatLocal(m.startsAt)}</td>
                <td>{formatLocal(m.expiredAt ?? m.endsAt)}</td>
                <td>{m.comment}</td>
                <td>{m.createdBy}</td>
                <td className="actions">
                  {m.state !== 'expired' && (
                    <button type="button" onClick={() => void expireMute(m.id)}>
                      {t('now.expire')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!!mutes.silences.length && (
        <>
          <h2 id="silences-title">{t('now.silences')}</h2>
          <table className="table" aria-labelledby="silences-title">
            <thead>
              <tr>
                <th>{t('now.state')}</th>
                <th>{t('now.alert')}</th>
                <th>{t('now.ends')}</th>
                <th>{t('now.comment')}</th>
                <th>{t('now.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {mutes.silences.map((s) => (
                <tr key={s.id}>
                  <td>{t(`now.states.${s.state}`)}</td>
                  <td>
                    {s.name}{' '}
                    <a href={s.link} target="_blank" rel="noreferrer">
                      {t('now.openSilence')}
                    </a>
                  </td>
                  <td>{formatLocal(s.expiredAt ?? s.endsAt)}</td>
                  <td>{s.comment}</td>
                  <td className="actions">
                    {s.state === 'active' && (
                      <button type="button" onClick={() => void expireSilence(s.id)}>
                        {t('now.expire')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
