import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DeliveryStatus } from '../../../../electron/core/delivery/engine'
import type { FieldError } from '../../../../electron/core/settings/errors'
import type { Channel } from '../../../../electron/core/settings/schema'
import { RelayError } from '../../api'
import { Field, SecretInput } from '../../components/field'
import { useApp } from '../../context'
import { formatLocal } from '../../i18n'

interface Form {
  name: string
  enabled: boolean
  webhookUrl: string
  extraWebhookUrls: string
  signatureKey: string
  mentionMobiles: string
  proxy: string
  format: 'text' | 'markdown' | 'markdown_v2'
  template?: string
  sendResolved: boolean
  aggregateEnabled: boolean
  windowSeconds: string
  perMinute: string
  perHour: string
  perDay: string
  verifyType: 'json' | 'regex' | 'status'
  verifyMatch: string
  verifyPattern: string
  verifyCodes: string
}

const EMPTY: Form = {
  name: '',
  enabled: true,
  webhookUrl: '',
  extraWebhookUrls: '',
  signatureKey: '',
  mentionMobiles: '',
  proxy: '',
  format: 'markdown',
  sendResolved: true,
  aggregateEnabled: true,
  windowSeconds: '600',
  perMinute: '20',
  perHour: '0',
  perDay: '0',
  verifyType: 'json',
  verifyMatch: '{"errcode": 0}',
  verifyPattern: '"errcode":0',
  verifyCodes: '200',
}

function toForm(c: Channel): Form {
  return {
    name: c.name,
    enabled: c.enabled,
    webhookUrl: c.webhookUrl,
    extraWebhookUrls: c.extraWebhookUrls.join('\n'),
    signatureKey: c.signatureKey,
    mentionMobiles: c.mentionMobiles.join(', '),
    proxy: c.proxy,
    format: c.format,
    template: c.template,
    sendResolved: c.sendResolved,
    aggregateEnabled: c.aggregate.enabled,
    windowSeconds: String(c.aggregate.windowSeconds),
    perMinute: String(c.throttle.perMinute),
    perHour: String(c.throttle.perHour),
    perDay: String(c.throttle.perDay),
    verifyType: c.verify.type,
    verifyMatch: c.verify.type === 'json' ? JSON.stringify(c.verify.match) : EMPTY.verifyMatch,
    verifyPattern: c.verify.type === 'regex' ? c.verify.pattern : EMPTY.verifyPattern,
    verifyCodes: c.verify.type === 'status' ? c.verify.codes.join(', ') : EMPTY.verifyCodes,
  }
}

const num = (s: string) => (s.trim() === '' || Number.isNaN(Number(s)) ? s : Number(s))

/** The form as the relay's schema expects it; the schema answers what is wrong, in sentences. */
function toDraft(f: Form): Record<string, unknown> {
  let match: unknown = f.verifyMatch
  try {
    match = JSON.parse(f.verifyMatch)
  } catch {
    // left as text: the schema says it must be an object
  }
  return {
    name: f.name,
    type: 'wecom',
    enabled: f.enabled,
    webhookUrl: f.webhookUrl,
    extraWebhookUrls: f.extraWebhookUrls
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean),
    signatureKey: f.signatureKey,
    mentionMobiles: f.mentionMobiles,
    proxy: f.proxy,
    format: f.format,
    ...(f.template !== undefined ? { template: f.template } : {}),
    sendResolved: f.sendResolved,
    aggregate: { enabled: f.aggregateEnabled, windowSeconds: num(f.windowSeconds) },
    throttle: { perMinute: num(f.perMinute), perHour: num(f.perHour), perDay: num(f.perDay) },
    verify:
      f.verifyType === 'json'
        ? { type: 'json', match }
        : f.verifyType === 'regex'
          ? { type: 'regex', pattern: f.verifyPattern }
          : {
              type: 'status',
              codes: f.verifyCodes
                .split(/[,\s]+/)
                .filter(Boolean)
                .map(Number),
            },
  }
}

export function ChannelsPage() {
  const { t } = useTranslation()
  const { api, attempt, notify } = useApp()
  const [channels, setChannels] = useState<Channel[]>([])
  const [status, setStatus] = useState<DeliveryStatus>()
  const [editing, setEditing] = useState<{ original?: string; form: Form }>()
  const load = useCallback(() => {
    void attempt(() => api.listChannels().then(setChannels))
    void api
      .deliveryStatus()
      .then(setStatus)
      .catch(() => {})
  }, [api, attempt])
  useEffect(load, [load])

  if (editing) {
    return (
      <ChannelForm
        initial={editing.form}
        original={editing.original}
        onDone={(saved) => {
          setEditing(undefined)
          if (saved) notify('ok', t('channels.saved', { name: saved }))
          load()
        }}
      />
    )
  }

  return (
    <section aria-labelledby="channels-title">
      <header className="page-header">
        <h1 id="channels-title">{t('channels.title')}</h1>
        <button type="button" className="primary" onClick={() => setEditing({ form: EMPTY })}>
          {t('channels.create')}
        </button>
      </header>
      {channels.length === 0 ? (
        <p className="empty">{t('channels.empty')}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th>{t('channels.name')}</th>
              <th>{t('channels.type')}</th>
              <th>{t('channels.robots')}</th>
              <th>{t('channels.format')}</th>
              <th>{t('channels.last')}</th>
              <th>{t('channels.enabled')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {channels.map((c) => {
              const s = status?.channels.find((x) => x.channel === c.name)
              return (
                <tr key={c.name}>
                  <td>
                    <strong>{c.name}</strong>
                  </td>
                  <td>{t('channels.typeWeCom')}</td>
                  <td>{1 + c.extraWebhookUrls.length}</td>
                  <td>{c.format}</td>
                  <td>
                    {s?.lastOutcome === 'failed' ? (
                      <span className="bad" title={s.lastError}>
                        ✘ {s.lastError}
                      </span>
                    ) : s?.lastOutcome === 'delivered' ? (
                      <span className="good">✔</span>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>
                    <label className="switch">
                      <input
                        type="checkbox"
                        checked={c.enabled}
                        aria-label={`${c.name}: ${t('channels.enabled')}`}
                        onChange={(e) =>
                          void attempt(() =>
                            api.saveChannel({
                              channel: { ...c, enabled: e.target.checked },
                              originalName: c.name,
                            }),
                          ).then(load)
                        }
                      />
                      {c.enabled ? t('channels.enabled') : t('channels.disabled')}
                    </label>
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      onClick={() => setEditing({ original: c.name, form: toForm(c) })}
                    >
                      {t('common.edit')}
                    </button>
                    <button
                      type="button"
                      onClick={() =>
                        void attempt(() => api.duplicateChannel({ name: c.name })).then(load)
                      }
                    >
                      {t('common.duplicate')}
                    </button>
                    <button
                      type="button"
                      className="danger"
                      onClick={() => {
                        if (!confirm(t('channels.confirmDelete', { name: c.name }))) return
                        void attempt(() => api.deleteChannel({ name: c.name })).then((r) => {
                          if (r) notify('ok', t('channels.deleted', { name: c.name }))
                          load()
                        })
                      }}
                    >
                      {t('common.delete')}
                    </button>
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {status?.channels.some((c) => c.robots.some((r) => r.broken)) && (
        <div className="notice bad" role="alert">
          {status.channels
            .flatMap((c) =>
              c.robots
                .filter((r) => r.broken)
                .map(
                  (r) => `${c.channel}: ${r.robot} — ${r.broken} (${formatLocal(r.lastErrorAt)})`,
                ),
            )
            .join('\n')}
        </div>
      )}
    </section>
  )
}

function ChannelForm({
  initial,
  original,
  onDone,
}: {
  initial: Form
  original?: string
  onDone: (saved?: string) => void
}) {
  const { t } = useTranslation()
  const { api, notify } = useApp()
  const [form, setForm] = useState(initial)
  const [errors, setErrors] = useState<FieldError[]>([])
  const [warnings, setWarnings] = useState<string[]>([])
  const [touched, setTouched] = useState(false)
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setTouched(true)
    setForm((f) => ({ ...f, [key]: value }))
  }
  const draft = useMemo(() => toDraft(form), [form])
  useEffect(() => {
    if (!touched) return
    const timer = setTimeout(() => {
      void api
        .validateChannel({ channel: draft, originalName: original })
        .then((r) => {
          setErrors(r.errors)
          setWarnings(r.warnings)
        })
        .catch(() => {})
    }, 250)
    return () => clearTimeout(timer)
  }, [api, draft, original, touched])
  const err = (path: string) =>
    errors.find(
      (e) => e.path === path || e.path.startsWith(`${path}.`) || e.path.startsWith(`${path}[`),
    )?.message

  async function submit(e: React.FormEvent) {
    e.preventDefault()
    try {
      const saved = await api.saveChannel({ channel: draft, originalName: original })
      onDone(saved.name)
    } catch (error) {
      if (error instanceof RelayError && error.fields.length) setErrors(error.fields)
      notify('error', (error as Error).message)
    }
  }

  const proxyWarning = warnings.find((w) => w.includes('HTTPS'))
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="form-title">
      <header className="page-header">
        <h1 id="form-title">
          {original ? `${t('common.edit')}: ${original}` : t('channels.create')}
        </h1>
      </header>
      <fieldset>
        <legend>{t('channels.basic')}</legend>
        <Field label={t('channels.type')}>
          {(p) => (
            <select {...p} disabled value="wecom">
              <option value="wecom">{t('channels.typeWeCom')}</option>
            </select>
          )}
        </Field>
        <Field label={t('channels.channelName')} error={err('name')}>
          {(p) => (
            <input
              {...p}
              required
              value={form.name}
              onChange={(e) => set('name', e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('channels.webhookUrl')}
          help={t('channels.webhookHelp')}
          error={err('webhookUrl')}
          warning={warnings.find((w) => w.includes('not qyapi'))}
        >
          {(p) => (
            <SecretInput
              {...p}
              value={form.webhookUrl}
              onChange={(v) => set('webhookUrl', v)}
              revealLabel={t('common.reveal')}
              hideLabel={t('common.hide')}
              placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
            />
          )}
        </Field>
        <Field
          label={t('channels.signatureKey')}
          help={t('channels.signatureHelp')}
          error={err('signatureKey')}
        >
          {(p) => (
            <SecretInput
              {...p}
              value={form.signatureKey}
              onChange={(v) => set('signatureKey', v)}
              revealLabel={t('common.reveal')}
              hideLabel={t('common.hide')}
            />
          )}
        </Field>
        <Field
          label={t('channels.mentions')}
          help={t('channels.mentionsHelp')}
          error={err('mentionMobiles')}
          warning={warnings.find((w) => w.includes('mention'))}
        >
          {(p) => (
            <input
              {...p}
              value={form.mentionMobiles}
              onChange={(e) => set('mentionMobiles', e.target.value)}
              placeholder="13800001111, 13900002222"
            />
          )}
        </Field>
        <Field label={t('channels.proxy')} help={t('channels.proxyHelp')} error={err('proxy')}>
          {(p) => (
            <input
              {...p}
              value={form.proxy}
              onChange={(e) => set('proxy', e.target.value)}
              placeholder="http://10.0.0.1:3128"
            />
          )}
        </Field>
        {(proxyWarning || form.proxy.trim()) && (
          <div className="notice" role="note">
            {t('channels.proxyNotice')}
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('channels.message')}</legend>
        <Field label={t('channels.alertFormat')} error={err('format')}>
          {(p) => (
            <select
              {...p}
              value={form.format}
              onChange={(e) => set('format', e.target.value as Form['format'])}
            >
              <option value="markdown">Markdown (4096 B)</option>
              <option value="markdown_v2">Markdown v2 (4096 B)</option>
              <option value="text">Text (2048 B)</option>
            </select>
          )}
        </Field>
        <Field label={t('channels.template')} error={err('template')}>
          {(p) => (
            <textarea
              {...p}
              rows={7}
              value={form.template ?? ''}
              placeholder="(default)"
              onChange={(e) => set('template', e.target.value)}
            />
          )}
        </Field>
        {original && (
          <p>
            <a href={`#/templates/${encodeURIComponent(original)}`}>
              {t('channels.editTemplate')} →
            </a>
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('channels.delivery')}</legend>
        <Field
          label={t('channels.extraRobots')}
          help={t('channels.extraHelp')}
          error={err('extraWebhookUrls')}
        >
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={form.extraWebhookUrls}
              onChange={(e) => set('extraWebhookUrls', e.target.value)}
            />
          )}
        </Field>
        <div className="row">
          <label className="check">
            <input
              type="checkbox"
              checked={form.sendResolved}
              onChange={(e) => set('sendResolved', e.target.checked)}
            />{' '}
            {t('channels.sendResolved')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.aggregateEnabled}
              onChange={(e) => set('aggregateEnabled', e.target.checked)}
            />{' '}
            {t('channels.aggregate')}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={form.enabled}
              onChange={(e) => set('enabled', e.target.checked)}
            />{' '}
            {t('channels.enabled')}
          </label>
        </div>
        <div className="row">
          <Field label={t('channels.aggregateWindow')} error={err('aggregate.windowSeconds')}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={form.windowSeconds}
                onChange={(e) => set('windowSeconds', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('channels.perMinute')} error={err('throttle.perMinute')}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={form.perMinute}
                onChange={(e) => set('perMinute', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('channels.perHour')} error={err('throttle.perHour')}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={form.perHour}
                onChange={(e) => set('perHour', e.target.value)}
              />
            )}
          </Field>
          <Field label={t('channels.perDay')} error={err('throttle.perDay')}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                value={form.perDay}
                onChange={(e) => set('perDay', e.target.value)}
              />
            )}
          </Field>
        </div>
        <div className="row">
          <Field label={t('channels.verify')} error={err('verify.type')}>
            {(p) => (
              <select
                {...p}
                value={form.verifyType}
                onChange={(e) => set('verifyType', e.target.value as Form['verifyType'])}
              >
                <option value="json">{t('channels.verifyJson')}</option>
                <option value="regex">{t('channels.verifyRegex')}</option>
                <option value="status">{t('channels.verifyStatus')}</option>
              </select>
            )}
          </Field>
          {form.verifyType === 'json' && (
            <Field label={t('channels.verifyMatch')} error={err('verify.match')}>
              {(p) => (
                <input
                  {...p}
                  value={form.verifyMatch}
                  onChange={(e) => set('verifyMatch', e.target.value)}
                />
              )}
            </Field>
          )}
          {form.verifyType === 'regex' && (
            <Field label={t('channels.verifyPattern')} error={err('verify.pattern')}>
              {(p) => (
                <input
                  {...p}
                  value={form.verifyPattern}
                  onChange={(e) => set('verifyPattern', e.target.value)}
                />
              )}
            </Field>
          )}
          {form.verifyType === 'status' && (
            <Field label={t('channels.verifyCodes')} error={err('verify.codes')}>
              {(p) => (
                <input
                  {...p}
                  value={form.verifyCodes}
                  onChange={(e) => set('verifyCodes', e.target.value)}
                />
              )}
            </Field>
          )}
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
        <button type="button" onClick={() => onDone()}>
          {t('common.cancel')}
        </button>
        {errors.length > 0 && (
          <span className="error">✘ {errors.map((e) => e.path || '–').join(', ')}</span>
        )}
      </div>
    </form>
  )
}
