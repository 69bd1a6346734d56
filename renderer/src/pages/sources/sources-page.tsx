import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SenderReading } from '../../../../electron/core/api/contract'
import { errorSentence } from '../../api'
import { useApp } from '../../context'
import { useCoreText } from '../../i18n/core-sentences'
import { useRelayQuery } from '../../use-relay-query'
import { BodyTree } from './body-tree'
import {
  emptyForm,
  LEVEL_ORDER,
  MAPPED_FIELDS,
  mapsAnything,
  parseLevels,
  toForm,
  toMapping,
  type MappedField,
  type MappingForm,
} from './mapping-model'

/** The variable an alert's status is read into: shown as a name, like the others. */
const STATUS_VARIABLE = 'status'

const RECENT = 50
/** What "What the relay found" lists, in the order a reader wants them. */
const FOUND = [
  'alarm_name',
  'alarm_level',
  'alarm_target',
  'alarm_summary',
  'value',
  'alarm_active_at',
  'alarm_url',
] as const

/**
 * Maps a sender the relay does not know: pick a received body (or paste one), click its fields to
 * say what they are, watch the next message change, save it as a source with its own endpoint.
 */
export function SourcesPage({ selected }: { selected?: string }) {
  const { t, i18n } = useTranslation()
  const { api, notify } = useApp()
  const data = useRelayQuery(
    async (a) => {
      const [settings, history, subscriptions, info] = await Promise.all([
        a.getSettings(),
        a.queryHistory({ limit: RECENT }),
        a.subscriptionRequests(),
        a.appInfo(),
      ])
      return { settings, entries: history.items, subscriptions, listener: info.listener.address }
    },
    [],
    (e) => e.type === 'subscription.requested' || e.type === 'settings.changed',
  )
  const [alertId, setAlertId] = useState<string>(selected ?? '')
  const [pasted, setPasted] = useState('')
  const [form, setForm] = useState<MappingForm>(emptyForm)
  const [active, setActive] = useState<MappedField>('title')
  const [reading, setReading] = useState<SenderReading>()
  const core = useCoreText()
  useEffect(() => {
    if (selected) setAlertId(selected)
  }, [selected])

  // Every change reads the body again: the preview is what the next alert will look like.
  const mapping = useMemo(() => {
    if (!mapsAnything(form)) return undefined
    const m = toMapping(form)
    const levels = Object.fromEntries(
      Object.entries(parseLevels(form.levelsText)).filter(([, v]) =>
        (LEVEL_ORDER as readonly string[]).includes(v),
      ),
    )
    return { ...m, name: /^[a-z0-9][a-z0-9-]{0,39}$/.test(m.name) ? m.name : 'draft', levels }
  }, [form])
  useEffect(() => {
    if (!alertId && !pasted.trim()) {
      setReading(undefined)
      return
    }
    let live = true
    const timer = setTimeout(() => {
      api
        .readSenderBody({
          ...(alertId ? { alertId } : { json: pasted }),
          ...(mapping ? { mapping: mapping as never } : {}),
          language: i18n.language === 'zh' ? 'zh' : 'en',
        })
        .then((r) => live && setReading(r))
        .catch((e: unknown) => live && notify('error', errorSentence(e)))
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [api, alertId, pasted, mapping, notify, i18n.language])

  const settings = data.data?.settings
  if (!settings) return <p>{t('common.loading')}</p>
  const mappings = settings.sources.mappings
  const first = reading?.alerts[0]
  const pathTags: Record<string, string> = {}
  for (const f of MAPPED_FIELDS) {
    const p = form.fields[f]
    if (p) pathTags[p] = t(`sourceMap.fields.${f}`)
  }
  if (form.itemsPath) pathTags[form.itemsPath] = t('sourceMap.itemsPath')
  // Where the listener really listens (the settings' port may be 0, or pinned by `serve --listen`).
  const origin = data.data?.listener ?? `http://${settings.listener.host}:${settings.listener.port}`
  const endpoint = `${origin.replace(/\/alerts\/?$/, '')}/alerts/${form.name || '<name>'}`

  async function save() {
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(form.name.trim())) {
      notify('error', t('sourceMap.saveFirst'))
      return
    }
    const next = toMapping(form)
    try {
      await api.updateSettings({
        patch: {
          sources: {
            ...settings!.sources,
            mappings: [...mappings.filter((m) => m.name !== next.name), next],
          },
        },
      })
      notify('ok', t('sourceMap.saved', { name: next.name }))
      data.reload()
    } catch (e) {
      notify('error', errorSentence(e))
    }
  }

  async function remove(name: string) {
    try {
      await api.updateSettings({
        patch: {
          sources: { ...settings!.sources, mappings: mappings.filter((m) => m.name !== name) },
        },
      })
      data.reload()
    } catch (e) {
      notify('error', errorSentence(e))
    }
  }

  const pick = (path: string) => setForm((f) => ({ ...f, fields: { ...f.fields, [active]: path } }))

  return (
    <section className="sources-page" aria-labelledby="sources-title">
      <h1 id="sources-title">{t('sourceMap.title')}</h1>
      <p className="help">{t('sourceMap.intro')}</p>

      {!!data.data?.subscriptions.length && (
        <div className="card" role="status">
          <h2>{t('sourceMap.subscriptions')}</h2>
          <p className="help">{t('sourceMap.subscriptionsHint')}</p>
          <ul>
            {data.data.subscriptions.map((s) => (
              <li key={s.confirmUrl}>
                <code>{s.topic}</code>{' '}
                <a href={s.confirmUrl} target="_blank" rel="noreferrer noopener">
                  {t('sourceMap.confirm', { service: s.service })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="row">
        <label>
          {t('sourceMap.pick')}{' '}
          <select value={alertId} onChange={(e) => setAlertId(e.target.value)}>
            <option value="">{t('sourceMap.pickNone')}</option>
            {data.data?.entries.map((e) => (
              <option key={e.alert.id} value={e.alert.id}>
                {e.alert.vars.alarm_name} · {t(`sources.${e.alert.source}`)}
                {e.alert.vars.alarm_guessed ? ` · ${t('sourceMap.notRecognised')}` : ''}
              </option>
            ))}
          </select>
        </label>
      </div>
      {!alertId && (
        <label className="block">
          {t('sourceMap.paste')}
          <textarea
            rows={6}
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
            spellCheck={false}
          />
        </label>
      )}

      {reading?.error && <p className="error">{core(reading.error)}</p>}
      {first && (
        <p>
          {first.vars.alarm_guessed
            ? t('sourceMap.guessed')
            : t('sourceMap.detected', {
                source: first.vars.alarm_mapping ?? t(`sources.${first.source}`),
              })}
        </p>
      )}

      <div className="sources-grid">
        <div>
          <h2>{t('sourceMap.tree')}</h2>
          <p className="help">{t('sourceMap.treeHint')}</p>
          <fieldset className="row" aria-label={t('sourceMap.field')}>
            {MAPPED_FIELDS.map((f) => (
              <span key={f} className={`chip${active === f ? ' active' : ''}`}>
                <label>
                  <input
                    type="radio"
                    name="mapped-field"
                    checked={active === f}
                    onChange={() => setActive(f)}
                  />
                  {t(`sourceMap.fields.${f}`)}
                </label>
                {form.fields[f] && (
                  <>
                    <code>{form.fields[f]}</code>
                    <button
                      type="button"
                      className="link"
                      aria-label={`${t('sourceMap.clear')} ${t(`sourceMap.fields.${f}`)}`}
                      onClick={() => setForm((x) => ({ ...x, fields: { ...x.fields, [f]: '' } }))}
                    >
                      {t('sourceMap.clear')}
                    </button>
                  </>
                )}
              </span>
            ))}
          </fieldset>
          {reading?.body !== undefined && (
            <BodyTree value={reading.body} mapped={pathTags} onPick={pick} />
          )}
        </div>

        <div>
          <h2>{t('sourceMap.found')}</h2>
          {first ? (
            <dl className="found">
              {FOUND.map((k) =>
                first.vars[k] ? (
                  <div key={k}>
                    <dt>
                      <code>{k}</code>
                    </dt>
                    <dd>{first.vars[k]}</dd>
                  </div>
                ) : null,
              )}
              <div>
                <dt>
                  <code>{STATUS_VARIABLE}</code>
                </dt>
                <dd>{t(`alertStatus.${first.status}`)}</dd>
              </div>
            </dl>
          ) : (
            reading && <p>{t('sourceMap.noAlerts')}</p>
          )}
          <h2>{t('sourceMap.preview')}</h2>
          {reading?.preview && <pre className="preview">{reading.preview}</pre>}
          {!!reading?.scores.length && (
            <details>
              <summary>{t('sourceMap.scores')}</summary>
              <ul>
                {reading.scores.map((s) => (
                  <li key={s.source}>
                    {t(`sources.${s.source}`)}: {s.score.toFixed(2)}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      </div>

      <div className="card">
        <label className="block">
          {t('sourceMap.itemsPath')}
          <input
            value={form.itemsPath}
            onChange={(e) => setForm({ ...form, itemsPath: e.target.value })}
          />
        </label>
        <label className="block">
          {t('sourceMap.levels')}
          <textarea
            rows={3}
            placeholder={t('sourceMap.levelsHint')}
            value={form.levelsText}
            onChange={(e) => setForm({ ...form, levelsText: e.target.value })}
          />
        </label>
        <label className="block">
          {t('sourceMap.resolved')}
          <input
            placeholder={t('sourceMap.resolvedHint')}
            value={form.resolvedText}
            onChange={(e) => setForm({ ...form, resolvedText: e.target.value })}
          />
        </label>
        <label className="block">
          {t('sourceMap.timeFormat')}{' '}
          <select
            value={form.timeFormat}
            onChange={(e) =>
              setForm({ ...form, timeFormat: e.target.value as MappingForm['timeFormat'] })
            }
          >
            {(['auto', 'epoch-s', 'epoch-ms', 'local'] as const).map((f) => (
              <option key={f} value={f}>
                {t(`sourceMap.timeFormats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="block">
          {t('sourceMap.name')}
          <input
            value={form.name}
            placeholder={t('sourceMap.namePlaceholder')}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <p className="help">{t('sourceMap.endpoint', { url: endpoint })}</p>
        <button type="button" className="primary" onClick={() => void save()}>
          {t('sourceMap.save')}
        </button>
      </div>

      {!!mappings.length && (
        <div className="card">
          <h2>{t('sourceMap.existing')}</h2>
          <ul>
            {mappings.map((m) => (
              <li key={m.name}>
                <button type="button" className="link" onClick={() => setForm(toForm(m))}>
                  <code>{`/alerts/${m.name}`}</code>
                </button>{' '}
                <button type="button" onClick={() => void remove(m.name)}>
                  {t('sourceMap.delete')}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
