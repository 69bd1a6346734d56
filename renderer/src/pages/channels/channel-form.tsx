import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldError } from '../../../../electron/core/settings/errors'
import type { Channel } from '../../../../electron/core/settings/schema'
import { MESSAGE_FORMATS, FORMAT_BYTE_LIMITS } from '../../../../electron/core/templates/formats'
import { RelayError } from '../../api'
import { Field, SecretInput, WebhookInput } from '../../components/field'
import { useApp, useUnsavedGuard } from '../../context'
import { saveVerdict } from '../templates/editor-model'
import {
  fieldOfPath,
  isDirty,
  newForm,
  toDraft,
  toForm,
  type ChannelForm as Form,
} from './channel-form-model'

/** The visible label of each field, so an error is named the way the person sees it. */
const LABELS: Record<keyof Form, string> = {
  name: 'channels.channelName',
  enabled: 'channels.enabled',
  webhookUrl: 'channels.webhookUrl',
  extraWebhookUrls: 'channels.extraRobots',
  signatureKey: 'channels.signatureKey',
  mentionMobiles: 'channels.mentions',
  proxy: 'channels.proxy',
  format: 'channels.alertFormat',
  template: 'channels.template',
  sendResolved: 'channels.sendResolved',
  aggregateEnabled: 'channels.aggregate',
  windowSeconds: 'channels.aggregateWindow',
  perMinute: 'channels.perMinute',
  perHour: 'channels.perHour',
  perDay: 'channels.perDay',
  timeoutSeconds: 'channels.timeout',
  verifyType: 'channels.verify',
  verifyMatch: 'channels.verifyMatch',
  verifyPattern: 'channels.verifyPattern',
  verifyCodes: 'channels.verifyCodes',
}
const fid = (k: keyof Form) => `channel-${k}`

/** Creates or edits one channel; nothing is lost by Cancel without asking. */
export default function ChannelFormView({
  original,
  onDone,
}: {
  original?: Channel
  onDone: (saved?: string) => void
}) {
  const { t } = useTranslation()
  const { api, notify, attempt } = useApp()
  const [initial, setInitial] = useState(() => (original ? toForm(original) : newForm()))
  const [form, setForm] = useState(initial)
  /** The relay shows secrets masked; "Show" fetches the real one, which is not an edit. */
  const reveal = (field: 'webhookUrl' | 'signatureKey') =>
    original
      ? () =>
          attempt(() => api.revealSecret({ channel: original.name, field }).then((r) => r.value))
      : undefined
  const revealed = (k: 'webhookUrl' | 'signatureKey') => (value: string) => {
    setInitial((f) => ({ ...f, [k]: value }))
    setForm((f) => ({ ...f, [k]: value }))
  }
  const [serverErrors, setErrors] = useState<FieldError[]>([])
  // The template's lint verdict at the last Submit; kept apart so live validation cannot clear it.
  const [lintError, setLintError] = useState<FieldError>()
  const errors = lintError ? [...serverErrors, lintError] : serverErrors
  const [warnings, setWarnings] = useState<string[]>([])
  const [touched, setTouched] = useState(false)
  const dirty = isDirty(initial, form)
  useUnsavedGuard(dirty)
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setTouched(true)
    setForm((f) => ({ ...f, [key]: value }))
    if (key === 'template' || key === 'format') setLintError(undefined)
  }
  const draft = useMemo(() => toDraft(form, original), [form, original])
  useEffect(() => {
    if (!touched) return
    const timer = setTimeout(() => {
      void api
        .validateChannel({ channel: draft, originalName: original?.name })
        .then((r) => {
          setErrors(r.errors)
          setWarnings(r.warnings)
        })
        .catch(() => {})
    }, 250)
    return () => clearTimeout(timer)
  }, [api, draft, original, touched])
  const byField = new Map<keyof Form, string>()
  for (const e of errors) {
    const f = fieldOfPath(e.path)
    if (f && !byField.has(f)) byField.set(f, e.message)
  }
  const unplaced = errors.filter((e) => !fieldOfPath(e.path))
  const err = (k: keyof Form) => byField.get(k)

  const [warnedFor, setWarnedFor] = useState<string>()
  async function submit(e: React.FormEvent) {
    e.preventDefault()
    // The template is held to the studio's rule: errors block the save, warnings ask once.
    if (form.template !== undefined) {
      const lint = await attempt(() =>
        api.lintTemplate({ template: form.template!, format: form.format }),
      )
      if (!lint) return
      const verdict = saveVerdict(lint)
      const bad = lint.filter((i) => i.severity === (verdict === 'errors' ? 'error' : 'warning'))
      const message = bad.map((i) => `${i.line}:${i.column} ${i.message}`).join(' ')
      if (verdict === 'errors') {
        setLintError({ path: 'template', message: t('channels.templateErrors', { message }) })
        requestAnimationFrame(() => document.getElementById('channel-errors')?.focus())
        return
      }
      if (verdict === 'warnings' && warnedFor !== form.template) {
        setWarnedFor(form.template)
        if (!confirm(t('channels.templateWarnings', { message }))) return
      }
    }
    try {
      const saved = await api.saveChannel({ channel: draft, originalName: original?.name })
      onDone(saved.name)
    } catch (error) {
      // Field errors are listed under the form, each linked to its field; only other failures toast.
      if (error instanceof RelayError && error.fields.length) {
        setErrors(error.fields)
        setTouched(true)
        requestAnimationFrame(() => document.getElementById('channel-errors')?.focus())
      } else notify('error', (error as Error).message)
    }
  }
  const cancel = () => {
    if (dirty && !confirm(t('common.discard'))) return
    onDone()
  }

  const proxyWarning = warnings.find((w) => w.includes('HTTPS'))
  const text = (k: keyof Form, extra?: { placeholder?: string; inputMode?: 'numeric' }) => (
    <Field label={t(LABELS[k])} error={err(k)} id={fid(k)}>
      {(p) => (
        <input
          {...p}
          {...extra}
          value={form[k] as string}
          onChange={(e) => set(k, e.target.value as never)}
        />
      )}
    </Field>
  )
  return (
    <form className="form" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="form-title">
      <header className="page-header">
        <h1 id="form-title">
          {original ? t('channels.editNamed', { name: original.name }) : t('channels.create')}
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
        <Field label={t('channels.channelName')} error={err('name')} id={fid('name')}>
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
          id={fid('webhookUrl')}
        >
          {(p) => (
            <WebhookInput
              {...p}
              value={form.webhookUrl}
              onChange={(v) => set('webhookUrl', v)}
              reveal={reveal('webhookUrl')}
              onRevealed={revealed('webhookUrl')}
              revealLabel={t('common.revealKey')}
              hideLabel={t('common.hideKey')}
              placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
            />
          )}
        </Field>
        <Field
          label={t('channels.signatureKey')}
          help={t('channels.signatureHelp')}
          error={err('signatureKey')}
          id={fid('signatureKey')}
        >
          {(p) => (
            <SecretInput
              {...p}
              value={form.signatureKey}
              onChange={(v) => set('signatureKey', v)}
              reveal={reveal('signatureKey')}
              onRevealed={revealed('signatureKey')}
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
          id={fid('mentionMobiles')}
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
        <Field
          label={t('channels.proxy')}
          help={t('channels.proxyHelp')}
          error={err('proxy')}
          id={fid('proxy')}
        >
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
        <Field label={t('channels.alertFormat')} error={err('format')} id={fid('format')}>
          {(p) => (
            <select
              {...p}
              value={form.format}
              onChange={(e) => set('format', e.target.value as Form['format'])}
            >
              {MESSAGE_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {t('formats.withLimit', {
                    format: t(`formats.${f}`),
                    limit: FORMAT_BYTE_LIMITS[f],
                  })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('channels.template')} error={err('template')} id={fid('template')}>
          {(p) => (
            <textarea
              {...p}
              rows={7}
              value={form.template ?? ''}
              placeholder={t('channels.templateDefault')}
              onChange={(e) => set('template', e.target.value)}
            />
          )}
        </Field>
        {original && (
          <p>
            <a href={`#/templates/${encodeURIComponent(original.name)}`}>
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
          id={fid('extraWebhookUrls')}
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
          {(['sendResolved', 'aggregateEnabled', 'enabled'] as const).map((k) => (
            <label className="check" key={k}>
              <input
                type="checkbox"
                id={fid(k)}
                checked={form[k]}
                onChange={(e) => set(k, e.target.checked)}
              />{' '}
              {t(LABELS[k])}
            </label>
          ))}
        </div>
        <div className="row">
          {text('windowSeconds', { inputMode: 'numeric' })}
          {text('perMinute', { inputMode: 'numeric' })}
          {text('perHour', { inputMode: 'numeric' })}
          {text('perDay', { inputMode: 'numeric' })}
          {text('timeoutSeconds', { inputMode: 'numeric' })}
        </div>
        <div className="row">
          <Field label={t('channels.verify')} error={err('verifyType')} id={fid('verifyType')}>
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
          {form.verifyType === 'json' && text('verifyMatch')}
          {form.verifyType === 'regex' && text('verifyPattern')}
          {form.verifyType === 'status' && text('verifyCodes')}
        </div>
      </fieldset>
      {errors.length > 0 && (
        <div className="error-summary" id="channel-errors" tabIndex={-1} role="alert">
          <strong>{t('channels.fixThese', { count: errors.length })}</strong>
          <ul>
            {[...byField.keys()].map((k) => (
              <li key={k}>
                <a
                  href={`#${fid(k)}`}
                  onClick={(e) => {
                    e.preventDefault()
                    document.getElementById(fid(k))?.focus()
                  }}
                >
                  {t(LABELS[k])}
                </a>
              </li>
            ))}
            {unplaced.map((e) => (
              <li key={e.path}>{e.message}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary">
          {t('common.save')}
        </button>
        <button type="button" onClick={cancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
