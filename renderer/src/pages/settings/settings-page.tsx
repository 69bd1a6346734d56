import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldError } from '../../../../electron/core/settings/settings-errors'
import type { Settings } from '../../../../electron/core/settings/schema'
import { errorSentence, RelayError } from '../../api'
import { Field, SecretInput } from '../../components/field'
import { startupProblems } from '../../components/status-model'
import { useApp, useUnsavedGuard } from '../../context'
import { useRelayQuery } from '../../use-relay-query'
import { download } from '../../download'
import { setLanguage, setTimeZone, type Language } from '../../i18n'
import { fieldSentence, useCoreText } from '../../i18n/core-sentences'
import { importPathLabel, importSummary } from './import-model'

/** The machine's zone, which an empty `app.timeZone` means. */
const MACHINE_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone

/** The IANA zones this runtime knows, with the saved one kept even if it does not know it. */
function timeZones(saved: string): string[] {
  const zones = Intl.supportedValuesOf('timeZone')
  return saved && !zones.includes(saved) ? [saved, ...zones] : zones
}

export function SettingsPage() {
  const { t } = useTranslation()
  const ct = useCoreText()
  const { api, attempt, notify } = useApp()
  const [settings, setSettings] = useState<Settings>()
  const boot = useRelayQuery(async (a) => {
    const [s, i] = await Promise.all([a.getSettings(), a.appInfo()])
    return { settings: s, info: i }
  }, [])
  const info = boot.data?.info
  const [form, setForm] = useState({
    host: '',
    port: '',
    token: '',
    maxAlerts: '',
    maxAgeDays: '',
    linkBaseUrl: '',
  })
  const [errors, setErrors] = useState<FieldError[]>([])
  // The last import's refusal, by field: cleared by the next import, so it never sits above a success.
  const [importErrors, setImportErrors] = useState<string[]>([])
  const [loaded, setLoaded] = useState(form)
  const file = useRef<HTMLInputElement>(null)

  const adopt = (s: Settings) => {
    setSettings(s)
    const f = {
      host: s.listener.host,
      port: String(s.listener.port),
      token: s.listener.token,
      maxAlerts: String(s.history.maxAlerts),
      maxAgeDays: String(s.history.maxAgeDays),
      linkBaseUrl: s.app.linkBaseUrl,
    }
    setForm(f)
    setLoaded(f)
  }
  useUnsavedGuard(JSON.stringify(form) !== JSON.stringify(loaded))
  useEffect(() => {
    if (boot.data) adopt(boot.data.settings)
  }, [boot.data])

  async function update(patch: Record<string, unknown>, message = t('settings.saved')) {
    try {
      const s = await api.updateSettings({ patch })
      adopt(s)
      setErrors([])
      notify('ok', message)
      return s
    } catch (err) {
      // Field errors show beside their fields and in the summary, named by label; others toast.
      if (err instanceof RelayError && err.fields.length) setErrors(err.fields)
      else notify('error', ct(errorSentence(err)))
      return undefined
    }
  }
  async function importFile(content: string) {
    setImportErrors([])
    let parsed: unknown
    try {
      parsed = JSON.parse(content.replace(/^\uFEFF/, ''))
    } catch {
      // not JSON: the relay's refusal says so
    }
    if (parsed !== undefined && settings) {
      // An import replaces everything: say what it changes, and ask.
      const summary = importSummary(settings, parsed, t)
      const lines = summary.length ? summary : [t('trust.importNothing')]
      if (!confirm([t('trust.importQuestion'), ...lines.map((l) => `• ${l}`)].join('\n'))) return
    }
    try {
      adopt(await api.importSettings({ content }))
      notify('ok', t('settings.imported'))
    } catch (e) {
      setImportErrors(
        e instanceof RelayError && e.fields.length
          ? e.fields.map((f) =>
              f.path
                ? t('settings.importFieldError', {
                    where: importPathLabel(f.path, parsed, t),
                    reason: ct(fieldSentence(f)),
                  })
                : ct(fieldSentence(f)),
            )
          : [ct(errorSentence(e))],
      )
    }
  }
  const err = (path: string) => {
    const e = errors.find((x) => x.path === path)
    return e ? ct(fieldSentence(e)) : undefined
  }
  const LABELS: Record<string, { label: string; id: string }> = {
    'listener.host': { label: t('settings.host'), id: 'settings-host' },
    'listener.port': { label: t('settings.port'), id: 'settings-port' },
    'listener.token': { label: t('settings.token'), id: 'settings-token' },
    'history.maxAlerts': { label: t('settings.maxAlerts'), id: 'settings-max-alerts' },
    'history.maxAgeDays': { label: t('settings.maxAgeDays'), id: 'settings-max-age' },
    'app.timeZone': { label: t('settings.timeZone'), id: 'settings-time-zone' },
    'app.linkBaseUrl': { label: t('links.base'), id: 'settings-link-base' },
  }
  const pace = (s: number) =>
    s === 0 ? t('settings.notifyEach') : t('settings.notifyEverySeconds', { count: s })
  /** Saves a choice at once, with one toast that says which setting it was and its value. */
  const choose = (patch: Record<string, unknown>, what: string, value: string) =>
    update(patch, t('settings.savedChoice', { what, value }))
  // The text fields save together; the button names the sections that changed.
  const changed = [
    (['host', 'port', 'token'] as const).some((k) => form[k] !== loaded[k]) &&
      t('settings.listener'),
    (['maxAlerts', 'maxAgeDays'] as const).some((k) => form[k] !== loaded[k]) &&
      t('settings.retention'),
    form.linkBaseUrl !== loaded.linkBaseUrl && t('links.legend'),
  ].filter((x): x is string => !!x)
  const n = (s: string) => (s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s)

  if (!settings)
    return boot.error ? (
      <p className="notice bad" role="alert">
        {boot.error}
      </p>
    ) : (
      <p>{t('common.loading')}</p>
    )
  const override = info ? startupProblems(info, settings).listenOverride : undefined
  return (
    <section aria-labelledby="settings-title" className="settings">
      <header className="page-header">
        <h1 id="settings-title">{t('settings.title')}</h1>
      </header>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault()
          void update({
            listener: { host: form.host, port: n(form.port), token: form.token },
            history: { maxAlerts: n(form.maxAlerts), maxAgeDays: n(form.maxAgeDays) },
            app: { linkBaseUrl: form.linkBaseUrl },
          })
        }}
      >
        <fieldset>
          <legend>{t('settings.listener')}</legend>
          {override && (
            <p className="notice" role="note" data-testid="listen-override">
              {t('status.listenOverride', { address: override })}
            </p>
          )}
          <div className="row">
            <Field label={t('settings.host')} error={err('listener.host')} id="settings-host">
              {(p) => (
                <input
                  {...p}
                  value={form.host}
                  onChange={(e) => setForm({ ...form, host: e.target.value })}
                />
              )}
            </Field>
            <Field label={t('settings.port')} error={err('listener.port')} id="settings-port">
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={form.port}
                  onChange={(e) => setForm({ ...form, port: e.target.value })}
                />
              )}
            </Field>
          </div>
          <Field
            label={t('settings.token')}
            help={t('settings.tokenHelp')}
            error={err('listener.token')}
            id="settings-token"
          >
            {(p) => (
              <SecretInput
                {...p}
                value={form.token}
                onChange={(v) => setForm({ ...form, token: v })}
                reveal={() =>
                  attempt(() => api.revealSecret({ field: 'token' }).then((r) => r.value))
                }
                onRevealed={(token) => {
                  setForm((f) => ({ ...f, token }))
                  setLoaded((f) => ({ ...f, token }))
                }}
                revealLabel={t('common.reveal')}
                hideLabel={t('common.hide')}
              />
            )}
          </Field>
        </fieldset>
        {info && (
          <fieldset data-testid="simulator-status">
            <legend>{t('runtime.simulator')}</legend>
            {info.simulatorStatus.state === 'running' ? (
              <p className="good">
                ✔ {t('runtime.simRunning')} <code>{info.simulatorStatus.origin}</code>
              </p>
            ) : info.simulatorStatus.state === 'failed' ? (
              <p className="notice bad" role="alert">
                ✘ {t('runtime.simFailed', { code: info.simulatorStatus.code })}{' '}
                {ct(info.simulatorStatus.reason)}
              </p>
            ) : (
              <p className="help">{t('runtime.simDisabled')}</p>
            )}
          </fieldset>
        )}
        <fieldset>
          <legend>{t('settings.retention')}</legend>
          <div className="row">
            <Field
              label={t('settings.maxAlerts')}
              error={err('history.maxAlerts')}
              id="settings-max-alerts"
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={form.maxAlerts}
                  onChange={(e) => setForm({ ...form, maxAlerts: e.target.value })}
                />
              )}
            </Field>
            <Field
              label={t('settings.maxAgeDays')}
              error={err('history.maxAgeDays')}
              id="settings-max-age"
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={form.maxAgeDays}
                  onChange={(e) => setForm({ ...form, maxAgeDays: e.target.value })}
                />
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('links.legend')}</legend>
          <Field
            label={t('links.base')}
            help={t('links.help')}
            error={err('app.linkBaseUrl')}
            id="settings-link-base"
          >
            {(p) => (
              <input
                {...p}
                inputMode="url"
                placeholder={t('links.placeholder')}
                value={form.linkBaseUrl}
                onChange={(e) => setForm({ ...form, linkBaseUrl: e.target.value })}
              />
            )}
          </Field>
        </fieldset>
        {errors.length > 0 && (
          <div className="error-summary" role="alert">
            <strong>{t('channels.fixThese', { count: errors.length })}</strong>
            <ul>
              {errors.map((e) => {
                const f = LABELS[e.path]
                return (
                  <li key={e.path}>
                    {f ? (
                      <a
                        href={`#${f.id}`}
                        onClick={(ev) => {
                          ev.preventDefault()
                          document.getElementById(f.id)?.focus()
                        }}
                      >
                        {f.label}
                      </a>
                    ) : (
                      ct(fieldSentence(e))
                    )}
                  </li>
                )
              })}
            </ul>
          </div>
        )}
        <div className="form-actions settings-save">
          <button type="submit" className="primary" disabled={!changed.length}>
            {changed.length
              ? t('settings.saveWhat', { what: changed.join(t('settings.listJoin')) })
              : t('settings.save')}
          </button>
          {changed.length > 0 && <span className="warn">{t('common.unsaved')}</span>}
        </div>
      </form>
      <p className="help">{t('settings.atOnce')}</p>
      <fieldset className="form">
        <legend>{t('settings.language')}</legend>
        <div className="row" role="radiogroup" aria-label={t('settings.language')}>
          {(['en', 'zh'] satisfies Language[]).map((l) => (
            <label key={l} className="check">
              <input
                type="radio"
                name="language"
                checked={settings.app.language === l}
                onChange={() => {
                  setSettings({ ...settings, app: { ...settings.app, language: l } })
                  setLanguage(l)
                  localStorage.setItem('language', l)
                  void choose(
                    { app: { language: l } },
                    t('settings.language'),
                    l === 'en' ? 'English' : '简体中文',
                  )
                }}
              />{' '}
              {l === 'en' ? 'English' : '简体中文'}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="form">
        <legend>{t('settings.timeZone')}</legend>
        <Field
          label={t('settings.timeZone')}
          help={t('settings.timeZoneHelp')}
          error={err('app.timeZone')}
          id="settings-time-zone"
        >
          {(p) => (
            <select
              {...p}
              value={settings.app.timeZone}
              onChange={(e) => {
                const timeZone = e.target.value
                setSettings({ ...settings, app: { ...settings.app, timeZone } })
                setTimeZone(timeZone)
                void choose(
                  { app: { timeZone } },
                  t('settings.timeZone'),
                  timeZone || t('settings.timeZoneMachine', { zone: MACHINE_ZONE }),
                )
              }}
            >
              <option value="">{t('settings.timeZoneMachine', { zone: MACHINE_ZONE })}</option>
              {timeZones(settings.app.timeZone).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          )}
        </Field>
      </fieldset>
      <fieldset className="form">
        <legend>{t('settings.notifications')}</legend>
        <div className="row" role="radiogroup" aria-label={t('settings.notifications')}>
          {(['off', 'critical', 'all'] satisfies Settings['app']['notifications'][]).map((m) => (
            <label key={m} className="check">
              <input
                type="radio"
                name="notifications"
                checked={settings.app.notifications === m}
                onChange={() => {
                  setSettings({ ...settings, app: { ...settings.app, notifications: m } })
                  void choose(
                    { app: { notifications: m } },
                    t('settings.notifications'),
                    t(`settings.notify${m[0]!.toUpperCase()}${m.slice(1)}`),
                  )
                }}
              />{' '}
              {t(`settings.notify${m[0]!.toUpperCase()}${m.slice(1)}`)}
            </label>
          ))}
        </div>
        <p className="help">{t('oncallNotify.help')}</p>
        <label className="row">
          {t('settings.notifyEvery')}{' '}
          <select
            value={settings.app.notifyEverySeconds}
            onChange={(e) => {
              const every = Number(e.target.value)
              setSettings({ ...settings, app: { ...settings.app, notifyEverySeconds: every } })
              void choose(
                { app: { notifyEverySeconds: every } },
                t('settings.notifyEvery'),
                pace(every),
              )
            }}
          >
            {[...new Set([0, 5, 15, 30, 60, settings.app.notifyEverySeconds])]
              .sort((a, b) => a - b)
              .map((s) => (
                <option key={s} value={s}>
                  {pace(s)}
                </option>
              ))}
          </select>
        </label>
        <p className="help">{t('settings.notifyEveryHelp')}</p>
        {/* Only the desktop app lives in a tray and can start at login. */}
        {info?.mode === 'electron' && (
          <label className="check">
            <input
              type="checkbox"
              checked={settings.app.startAtLogin}
              onChange={(e) => {
                const on = e.target.checked
                setSettings({ ...settings, app: { ...settings.app, startAtLogin: on } })
                void choose(
                  { app: { startAtLogin: on } },
                  t('settings.startAtLogin'),
                  on ? t('settings.on') : t('settings.off'),
                )
              }}
            />{' '}
            {t('settings.startAtLogin')}
          </label>
        )}
      </fieldset>
      <fieldset className="form">
        <legend>{t('settings.file')}</legend>
        <p className="help">
          {t('settings.dataDir')}: <code>{info?.dataDir}</code> · <code>{info?.settingsPath}</code>
        </p>
        <div className="row">
          <button
            type="button"
            onClick={() =>
              void attempt(() =>
                api
                  .exportSettings({ includeSecrets: false })
                  .then((r) => download(r.filename, r.content, 'application/json')),
              )
            }
          >
            {t('settings.export')}
          </button>
          <button
            type="button"
            onClick={() => {
              // The file then holds every key in clear text: asked first.
              if (!confirm(t('trust.exportSecretsQuestion'))) return
              void attempt(() =>
                api
                  .exportSettings({ includeSecrets: true })
                  .then((r) => download(r.filename, r.content, 'application/json')),
              )
            }}
          >
            {t('settings.exportSecrets')}
          </button>
          <button type="button" onClick={() => file.current?.click()}>
            {t('settings.import')}
          </button>
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            hidden
            aria-label={t('settings.import')}
            onChange={(e) => {
              const f = e.target.files?.[0]
              if (!f) return
              void f.text().then(importFile)
              e.target.value = ''
            }}
          />
        </div>
        {importErrors.length > 0 && (
          <div className="notice bad" role="alert" data-testid="import-errors">
            <p>{t('trust.importFailed')}</p>
            <ul>
              {importErrors.map((e) => (
                <li key={e}>{e}</li>
              ))}
            </ul>
          </div>
        )}
      </fieldset>
    </section>
  )
}
