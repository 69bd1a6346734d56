import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FieldError } from '../../../../electron/core/settings/settings-errors'
import type { Channel } from '../../../../electron/core/settings/schema'
import {
  channelFacts,
  channelTypes,
  detectChannelType,
} from '../../../../electron/core/channels/catalog'
import { weComFormat } from '../../../../electron/core/channels/type-names'
import { errorSentence, RelayError } from '../../api'
import { Field, SecretInput, WebhookInput } from '../../components/field'
import { useApp, useUnsavedGuard } from '../../context'
import { fieldSentence, useCoreText } from '../../i18n/core-sentences'
import { saveVerdict } from '../templates/editor-model'
import {
  fieldOfPath,
  isDirty,
  newForm,
  shownFields,
  toDraft,
  toForm,
  withType,
  type ChannelForm as Form,
} from './channel-form-model'
import { formatOption, TypeLimits } from './type-limits'

/** The visible label of each field, so an error is named the way the person sees it. */
const LABELS: Record<keyof Form, string> = {
  type: 'channels.type',
  mentionUserIds: 'channels.mentionUserIds',
  mentionAll: 'channels.mentionAll',
  language: 'channels.language',
  url: 'channels.url',
  method: 'channels.method',
  headers: 'channels.headers',
  body: 'channels.body',
  command: 'channels.command',
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
  const { t, i18n } = useTranslation()
  const ct = useCoreText()
  const { api, notify, attempt } = useApp()
  // A new channel speaks the window's language until the person picks another.
  const [initial, setInitial] = useState(() =>
    original
      ? toForm(original)
      : { ...newForm(), language: i18n.language === 'zh' ? ('zh' as const) : ('en' as const) },
  )
  const [form, setForm] = useState(initial)
  /** The relay shows secrets masked; "Show" fetches the real one, which is not an edit. */
  const reveal = (field: 'webhookUrl' | 'signatureKey') =>
    original
      ? () =>
          attempt(() => api.revealSecret({ channel: original.name, field }).then((r) => r.value))
      : undefined
  const revealed = (k: 'webhookUrl' | 'signatureKey' | 'headers') => (value: string) => {
    setInitial((f) => ({ ...f, [k]: value }))
    setForm((f) => ({ ...f, [k]: value }))
  }
  /** Secret header values come masked; "Show" replaces each masked one with the real value. */
  const revealHeaders = async () => {
    if (!original) return
    const lines = await Promise.all(
      form.headers.split('\n').map(async (line) => {
        const i = line.indexOf(':')
        if (i < 0 || !line.slice(i + 1).includes('…')) return line
        const header = line.slice(0, i).trim()
        const r = await attempt(() =>
          api.revealSecret({ channel: original.name, field: 'headers', header }),
        )
        return r ? `${header}: ${r.value}` : line
      }),
    )
    revealed('headers')(lines.join('\n'))
  }
  // Without the desktop bridge the headless API refuses script channels unless serve was started
  // with --allow-script-channels, which appInfo reports; until it has answered, they stay locked.
  const [scriptsAllowed, setScriptsAllowed] = useState(!!window.relay)
  useEffect(() => {
    if (window.relay) return
    void api
      .appInfo()
      .then((i) => setScriptsAllowed(i.scriptChannels))
      .catch(() => {})
  }, [api])
  const shown = shownFields(form.type)
  const scriptLocked = !scriptsAllowed && shown.runsProgram
  const [serverErrors, setErrors] = useState<FieldError[]>([])
  // The template's lint verdict at the last Submit; kept apart so live validation cannot clear it.
  const [lintError, setLintError] = useState<FieldError>()
  // A robot URL of another type (a DingTalk URL pasted into a WeCom channel): its error offers
  // to switch the type instead of saying what the URL lacks for this one.
  const urlType = shown.robotUrls ? detectChannelType(form.webhookUrl) : undefined
  const offerType = urlType && urlType !== form.type ? urlType : undefined
  const offer = offerType
    ? t('channels.otherType', {
        type: t(`channels.types.${offerType}`),
        current: t(`channels.types.${form.type}`),
      })
    : undefined
  const shownErrors = offer
    ? serverErrors.map((e) => (fieldOfPath(e.path) === 'webhookUrl' ? { ...e, message: offer } : e))
    : serverErrors
  const errors = lintError ? [...shownErrors, lintError] : shownErrors
  // Focus starts on the form's first field, not on the page.
  const formRef = useRef<HTMLFormElement>(null)
  useEffect(() => {
    formRef.current
      ?.querySelector<HTMLElement>(
        'select:not([disabled]), input:not([disabled]), textarea:not([disabled])',
      )
      ?.focus()
  }, [])
  const [warnings, setWarnings] = useState<FieldError[]>([])
  const [touched, setTouched] = useState(false)
  const dirty = isDirty(initial, form)
  useUnsavedGuard(dirty)
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setTouched(true)
    setForm((f) => ({ ...f, [key]: value }))
    if (key === 'template' || key === 'format') setLintError(undefined)
  }
  const robot = shown.robotUrls
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
        .catch((error: unknown) => {
          // A draft the relay cannot check (a mask it does not know): its reasons replace the
          // last check's, so no warning outlives the value it was about.
          setWarnings([])
          if (error instanceof RelayError && error.fields.length) setErrors(error.fields)
        })
    }, 250)
    return () => clearTimeout(timer)
  }, [api, draft, original, touched])
  const byField = new Map<keyof Form, string>()
  for (const e of errors) {
    const f = fieldOfPath(e.path)
    if (f && !byField.has(f)) byField.set(f, ct(fieldSentence(e)))
  }
  const unplaced = errors.filter((e) => !fieldOfPath(e.path))
  const err = (k: keyof Form) => byField.get(k)

  const [warnedFor, setWarnedFor] = useState<string>()
  async function submit(e: React.FormEvent) {
    e.preventDefault()
    // The template is held to the studio's rule: errors block the save, warnings ask once.
    if (form.template !== undefined && shown.messageTemplate) {
      const lint = await attempt(() =>
        api.lintTemplate({ template: form.template!, format: weComFormat(form.format) }),
      )
      if (!lint) return
      const verdict = saveVerdict(lint)
      const bad = lint.filter((i) => i.severity === (verdict === 'errors' ? 'error' : 'warning'))
      const message = bad.map((i) => `${i.line}:${i.column} ${ct(i.message)}`).join(' ')
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
      } else notify('error', ct(errorSentence(error)))
    }
  }
  const cancel = () => {
    if (dirty && !confirm(t('common.discard'))) return
    onDone()
  }

  /** The warnings about one field, in the window's language. */
  const warnAt = (k: keyof Form) =>
    warnings
      .filter((w) => fieldOfPath(w.path) === k)
      .map((w) => ct(fieldSentence(w)))
      .join(' ') || undefined
  const proxyWarning = warnAt('proxy')
  const text = (
    k: keyof Form,
    extra?: { placeholder?: string; inputMode?: 'numeric' },
    help?: string,
    rows?: number,
  ) => (
    <Field label={t(LABELS[k])} help={help} error={err(k)} id={fid(k)}>
      {(p) =>
        rows ? (
          <textarea
            {...p}
            rows={rows}
            placeholder={extra?.placeholder}
            value={form[k] as string}
            onChange={(e) => set(k, e.target.value as never)}
          />
        ) : (
          <input
            {...p}
            {...extra}
            value={form[k] as string}
            onChange={(e) => set(k, e.target.value as never)}
          />
        )
      }
    </Field>
  )
  const secretField = (k: 'webhookUrl' | 'signatureKey', help: string, placeholder?: string) => (
    <Field label={t(LABELS[k])} help={help} error={err(k)} warning={warnAt(k)} id={fid(k)}>
      {(p) =>
        k === 'webhookUrl' ? (
          <WebhookInput
            {...p}
            value={form.webhookUrl}
            onChange={(v) => set('webhookUrl', v)}
            reveal={reveal('webhookUrl')}
            onRevealed={revealed('webhookUrl')}
            revealLabel={t('common.revealKey')}
            hideLabel={t('common.hideKey')}
            placeholder={placeholder}
          />
        ) : (
          <SecretInput
            {...p}
            value={form.signatureKey}
            onChange={(v) => set('signatureKey', v)}
            reveal={reveal('signatureKey')}
            onRevealed={revealed('signatureKey')}
            revealLabel={t('common.reveal')}
            hideLabel={t('common.hide')}
          />
        )
      }
    </Field>
  )
  const mentionAll = (
    <label className="check">
      <input
        type="checkbox"
        id={fid('mentionAll')}
        checked={form.mentionAll}
        onChange={(e) => set('mentionAll', e.target.checked)}
      />{' '}
      {t('channels.mentionAll')}
    </label>
  )
  return (
    <form
      ref={formRef}
      className="form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="form-title"
    >
      <header className="page-header">
        <h1 id="form-title">
          {original ? t('channels.editNamed', { name: original.name }) : t('channels.create')}
        </h1>
      </header>
      <div className="form-with-aside">
        <fieldset>
          <legend>{t('channels.basic')}</legend>
          <Field label={t('channels.type')} error={err('type')} id={fid('type')}>
            {(p) => (
              <select
                {...p}
                value={form.type}
                disabled={!!original && scriptLocked}
                // Not "touched": a new type alone should not flag the fields not yet filled.
                onChange={(e) => setForm((f) => withType(f, e.target.value as Form['type']))}
              >
                {channelTypes().map(({ id: type }) => (
                  <option key={type} value={type}>
                    {t(`channels.types.${type}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {scriptLocked && (
            <div className="notice" role="note">
              {t('channels.scriptHeadless')}
            </div>
          )}
        </fieldset>
        <TypeLimits type={form.type} />
      </div>
      <fieldset disabled={scriptLocked}>
        <legend>{t('channels.details')}</legend>
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
        {shown.robotUrls && (
          <>
            {secretField(
              'webhookUrl',
              t(`channels.robotHelp.${form.type}.webhook`),
              t(`channels.placeholder.${form.type}`),
            )}
            {offerType && (
              <p className="notice" role="note">
                <button type="button" onClick={() => setForm((f) => withType(f, offerType))}>
                  {t('channels.switchType', { type: t(`channels.types.${offerType}`) })}
                </button>
              </p>
            )}
            {secretField('signatureKey', t(`channels.robotHelp.${form.type}.signature`))}
            {(shown.mobiles || shown.userIds) && (
              <div className="row">
                {shown.mobiles && (
                  <Field
                    label={t('channels.mentions')}
                    help={t(`channels.robotHelp.${form.type}.mobiles`)}
                    error={err('mentionMobiles')}
                    warning={warnAt('mentionMobiles')}
                    id={fid('mentionMobiles')}
                  >
                    {(p) => (
                      <input
                        {...p}
                        value={form.mentionMobiles}
                        onChange={(e) => set('mentionMobiles', e.target.value)}
                        placeholder={t('channels.placeholder.mobiles')}
                      />
                    )}
                  </Field>
                )}
                {shown.userIds &&
                  text(
                    'mentionUserIds',
                    { placeholder: t(`channels.robotHelp.${form.type}.usersPlaceholder`) },
                    t(`channels.robotHelp.${form.type}.users`),
                  )}
              </div>
            )}
            {shown.allFlag && mentionAll}
            {form.format === 'markdown_v2' && (
              <div className="notice" role="note">
                {t('channels.v2MentionNote')}
              </div>
            )}
          </>
        )}
        {shown.url && (
          <>
            {text('url', { placeholder: t('channels.placeholder.http') }, t('channels.urlHelp'))}
            <Field label={t('channels.method')} error={err('method')} id={fid('method')}>
              {(p) => (
                <select
                  {...p}
                  value={form.method}
                  onChange={(e) => set('method', e.target.value as Form['method'])}
                >
                  <option value="POST">{t('channels.methodPost')}</option>
                  <option value="PUT">{t('channels.methodPut')}</option>
                </select>
              )}
            </Field>
            <Field
              label={t('channels.headers')}
              help={t('channels.headersHelp')}
              error={err('headers')}
              id={fid('headers')}
            >
              {(p) => (
                <textarea
                  {...p}
                  rows={3}
                  value={form.headers}
                  onChange={(e) => set('headers', e.target.value)}
                />
              )}
            </Field>
            {original && form.headers.includes('…') && (
              <p>
                <button type="button" onClick={() => void revealHeaders()}>
                  {t('channels.revealHeaders')}
                </button>
              </p>
            )}
          </>
        )}
        {shown.command &&
          text(
            'command',
            { placeholder: t('channels.placeholder.command') },
            t('channels.commandHelp'),
            3,
          )}
        {shown.proxy && (
          <>
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
                  placeholder={t('channels.placeholder.proxy')}
                />
              )}
            </Field>
            {(proxyWarning || form.proxy.trim()) && (
              <div className="notice" role="note">
                {t('channels.proxyNotice')}
              </div>
            )}
          </>
        )}
      </fieldset>
      <fieldset disabled={scriptLocked}>
        <legend>{t('channels.message')}</legend>
        <div className="row">
          <Field label={t('channels.alertFormat')} error={err('format')} id={fid('format')}>
            {(p) => (
              <select
                {...p}
                value={form.format}
                onChange={(e) => set('format', e.target.value as Form['format'])}
              >
                {channelFacts(form.type).formats.map((f) => (
                  <option key={f} value={f}>
                    {formatOption(t, form.type, f)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field
            label={t('channels.language')}
            help={t('channels.languageHelp')}
            error={err('language')}
            id={fid('language')}
          >
            {(p) => (
              <select
                {...p}
                value={form.language}
                onChange={(e) => set('language', e.target.value as Form['language'])}
              >
                <option value="en">English</option>
                <option value="zh">简体中文</option>
              </select>
            )}
          </Field>
        </div>
        {shown.requestBody ? (
          text('body', {}, t('channels.bodyHelp'), 7)
        ) : (
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
        )}
        {original && shown.messageTemplate && (
          <p>
            <a href={`#/templates/${encodeURIComponent(original.name)}`}>
              {t('channels.editTemplate')} →
            </a>
          </p>
        )}
      </fieldset>
      <fieldset disabled={scriptLocked}>
        <legend>{t('channels.delivery')}</legend>
        {robot && (
          <Field
            label={t('channels.extraRobots')}
            help={t(`channels.extraHelpByType.${form.type}`)}
            error={err('extraWebhookUrls')}
            warning={warnAt('extraWebhookUrls')}
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
        )}
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
              <li key={e.path}>{ct(fieldSentence(e))}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="form-actions">
        <button type="submit" className="primary" disabled={scriptLocked}>
          {t('common.save')}
        </button>
        <button type="button" onClick={cancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  )
}
