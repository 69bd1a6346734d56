import { channelFacts } from '../../../../electron/core/channels/catalog'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Channel, Settings } from '../../../../electron/core/settings/schema'
import { useApp } from '../../context'
import { useCoreText } from '../../i18n/core-sentences'
import { formatLocal } from '../../i18n'
import { useRelayQuery } from '../../use-relay-query'
import { deletionEffects, receptionOf, toggleDefault } from '../routes/reception'

// The form carries the settings schema (for its defaults): loaded when a form is opened.
const ChannelFormView = lazy(() => import('./channel-form'))

/** The channel list: where each channel's alerts come from, how it last did, and its actions. */
export function ChannelsPage() {
  const { t } = useTranslation()
  const ct = useCoreText()
  const { api, attempt, notify } = useApp()
  const [editing, setEditing] = useState<{ channel?: Channel }>()
  const data = useRelayQuery(
    async (a) => {
      const [channels, settings, status] = await Promise.all([
        a.listChannels(),
        a.getSettings(),
        a.deliveryStatus().catch(() => undefined),
      ])
      return { channels, settings, status }
    },
    [],
    (e) => e.type === 'delivery' || e.type === 'settings.changed',
  )
  const { channels = [], settings, status } = data.data ?? {}

  if (editing) {
    return (
      <Suspense fallback={<p>{t('common.loading')}</p>}>
        <ChannelFormView
          original={editing.channel}
          onDone={(saved) => {
            setEditing(undefined)
            if (saved) notify('ok', t('channels.saved', { name: saved }))
            data.reload()
          }}
        />
      </Suspense>
    )
  }

  const setDefault = (name: string, on: boolean) =>
    void attempt(() =>
      api.updateSettings({
        patch: { defaultChannels: toggleDefault(settings?.defaultChannels ?? [], name, on) },
      }),
    ).then(data.reload)

  const broken = status?.channels.flatMap((c) =>
    c.robots.filter((r) => r.broken).map((r) => ({ channel: c.channel, robot: r })),
  )

  return (
    <section>
      <header className="page-header">
        <h1 id="channels-title">{t('channels.title')}</h1>
        <button type="button" className="primary" onClick={() => setEditing({})}>
          {t('channels.create')}
        </button>
      </header>
      {data.error && (
        <p className="notice bad" role="alert">
          {data.error}
        </p>
      )}
      {channels.length === 0 ? (
        <p className="empty">{t('channels.empty')}</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="channels-title">
          <table className="table channels-table" aria-labelledby="channels-title">
            <thead>
              <tr>
                <th scope="col">{t('channels.name')}</th>
                <th scope="col">{t('channels.receives')}</th>
                <th scope="col">{t('channels.last')}</th>
                <th scope="col">
                  <span className="sr-only">{t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {channels.map((c) => {
                const s = status?.channels.find((x) => x.channel === c.name)
                const r = settings ? receptionOf(c.name, settings) : undefined
                return (
                  <tr key={c.name}>
                    <th scope="row" className="c-name">
                      <strong title={c.name}>{c.name}</strong>
                      <div className="help">
                        {channelFacts(c.type).capabilities.body === 'request'
                          ? t('channels.summaryOwn', {
                              type: t(`channels.types.${c.type}`),
                              format: t(`formats.${c.format}`),
                            })
                          : t('channels.summary', {
                              type: t(`channels.types.${c.type}`),
                              count: 1 + c.extraWebhookUrls.length,
                              format: t(`formats.${c.format}`),
                            })}
                      </div>
                    </th>
                    <td>
                      <div
                        className={
                          r && (!c.enabled || (!r.isDefault && !r.rules.length))
                            ? 'warn'
                            : undefined
                        }
                      >
                        {r ? receivesText(t, r) : '…'}
                        {r && !c.enabled && ` · ${t('channels.receivesDisabled')}`}
                      </div>
                      <label className="check small">
                        <input
                          type="checkbox"
                          checked={r?.isDefault ?? false}
                          disabled={!settings}
                          aria-label={t('channels.defaultToggle', { name: c.name })}
                          onChange={(e) => setDefault(c.name, e.target.checked)}
                        />{' '}
                        {t('channels.defaultChannel')}
                      </label>
                    </td>
                    <td className="c-last">
                      <div>
                        {s?.lastOutcome === 'failed' ? (
                          <span className="bad" title={ct(s.lastError)}>
                            ✘ {ct(s.lastError)}
                          </span>
                        ) : s?.lastOutcome === 'delivered' ? (
                          <span className="good">✔ {t('states.delivered')}</span>
                        ) : (
                          <span className="help">{t('channels.never')}</span>
                        )}
                      </div>
                      <label className="check small">
                        <input
                          type="checkbox"
                          checked={c.enabled}
                          aria-label={t('channels.enabledToggle', { name: c.name })}
                          onChange={(e) =>
                            void attempt(() =>
                              api.saveChannel({
                                channel: { ...c, enabled: e.target.checked },
                                originalName: c.name,
                              }),
                            ).then(data.reload)
                          }
                        />
                        {t('channels.enabled')}
                      </label>
                    </td>
                    <td className="actions">
                      <div className="actions-box">
                        {canTest(c) && (
                          <button
                            type="button"
                            aria-label={t('channels.testNamed', { name: c.name })}
                            onClick={() => {
                              location.hash = `#/test/${encodeURIComponent(c.name)}?action=run`
                            }}
                          >
                            {t('channels.testRow')}
                          </button>
                        )}
                        <button
                          type="button"
                          aria-label={t('channels.editNamed', { name: c.name })}
                          onClick={() => setEditing({ channel: c })}
                        >
                          {t('common.edit')}
                        </button>
                        <button
                          type="button"
                          aria-label={t('channels.duplicateNamed', { name: c.name })}
                          onClick={() =>
                            void attempt(() => api.duplicateChannel({ name: c.name })).then(
                              data.reload,
                            )
                          }
                        >
                          {t('common.duplicate')}
                        </button>
                        <button
                          type="button"
                          className="danger"
                          aria-label={t('channels.deleteNamed', { name: c.name })}
                          onClick={() => {
                            if (!confirm(deleteQuestion(t, c.name, settings))) return
                            void attempt(() => api.deleteChannel({ name: c.name })).then((x) => {
                              if (x) notify('ok', t('channels.deleted', { name: c.name }))
                              data.reload()
                            })
                          }}
                        >
                          {t('common.delete')}
                        </button>
                      </div>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      {settings && channels.length > 0 && (
        <p className="help">
          {t('channels.routingHelp')} <a href="#/routes">{t('channels.editRoutes')}</a>
        </p>
      )}
      {broken && broken.length > 0 && (
        <div className="notice bad" role="alert">
          <strong>{t('channels.brokenTitle')}</strong>
          <ul>
            {broken.map(({ channel, robot }) => (
              <li key={`${channel}-${robot.robot}`}>
                {channel}: <code>{robot.robot}</code> — {ct(robot.broken)} (
                {formatLocal(robot.lastErrorAt)})
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}

/** The staged test checks robot URLs: HTTP and script channels are tested by a test alert. */
function canTest(c: Channel): boolean {
  return channelFacts(c.type).capabilities.endpoint === 'robot-urls'
}

/**
 * What a channel receives: "what no route matches", "rules 2, 5", both, or "nothing yet". Whether
 * it is a default channel is said once, by the checkbox under it.
 */
export function receivesText(
  t: (key: string, o?: Record<string, unknown>) => string,
  r: { isDefault: boolean; rules: number[] },
): string {
  const parts = [
    r.isDefault ? t('channels.receivesDefault') : '',
    r.rules.length
      ? t('channels.receivesRules', { count: r.rules.length, rules: r.rules.join(', ') })
      : '',
  ].filter(Boolean)
  return parts.length ? parts.join(' · ') : t('channels.receivesNothing')
}

/** The delete question, with what it does to routing: a rule never disappears unannounced. */
function deleteQuestion(
  t: (key: string, o?: Record<string, unknown>) => string,
  name: string,
  settings: Pick<Settings, 'routes' | 'defaultChannels'> | undefined,
): string {
  const e = settings
    ? deletionEffects(name, settings)
    : { removed: [], trimmed: [], lastDefault: false }
  return [
    t('channels.confirmDelete', { name }),
    e.removed.length ? t('channels.deleteRemovesRules', { rules: e.removed.join(', ') }) : '',
    e.trimmed.length ? t('channels.deleteTrimsRules', { rules: e.trimmed.join(', ') }) : '',
    e.lastDefault ? t('channels.deleteLastDefault') : '',
  ]
    .filter(Boolean)
    .join('\n')
}
