import { useEffect, useRef, useState } from 'react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type {
  ConnectivityReport,
  StageResult,
} from '../../../../electron/core/diagnose/connectivity'
import { MESSAGE_FORMATS, type MessageFormat } from '../../../../electron/core/templates/formats'
import { Field, SecretInput, WebhookInput } from '../../components/field'
import { routeQuery, useApp, useRelayEvents } from '../../context'
import { useCoreText } from '../../i18n/core-sentences'
import { useRelayQuery } from '../../use-relay-query'
import { hasKey, needsProxyPassword, withExports, withPlaceholders } from './curl-model'

const STAGES = ['url', 'proxy', 'dns', 'tcp', 'tls', 'http', 'response'] as const
const ICON: Record<StageResult['status'], string> = {
  ok: '✔',
  warning: '!',
  failed: '✘',
  skipped: '–',
}

/** Which host took the message: a test that passed names it (another program may hold a port). */
function answeredBy(t: TFunction, url: string, simulator: string | undefined): string {
  let host: string
  try {
    host = new URL(url).host
  } catch {
    return t('test.ok')
  }
  return simulator && new URL(simulator).host === host
    ? t('trust.answeredBySimulator', { host })
    : t('trust.answeredBy', { host })
}

/** The staged webhook test: what each stage found, and the first failure says what to do. */
export function TestPage({ channelName }: { channelName?: string } = {}) {
  const { t, i18n } = useTranslation()
  const ct = useCoreText()
  const { api, attempt, notify } = useApp()
  const channels = useRelayQuery((a) => a.listChannels(), []).data ?? []
  const simulator = useRelayQuery((a) => a.appInfo(), []).data?.simulator
  // `#/test/NAME` chooses the channel; `?action=run` (the Test button of a channel's row) runs it.
  const [chosen, setChannel] = useState<string | undefined>(channelName)
  const channel = chosen ?? channels[0]?.name ?? ''
  const [url, setUrl] = useState('')
  const [proxy, setProxy] = useState('')
  const [signatureKey, setSignatureKey] = useState('')
  const [format, setFormat] = useState<MessageFormat | ''>('')
  const [message, setMessage] = useState('')
  const [dryRun, setDryRun] = useState(false)
  const [running, setRunning] = useState(false)
  const [stages, setStages] = useState<StageResult[]>([])
  const [report, setReport] = useState<ConnectivityReport>()
  const [revealed, setRevealed] = useState<string>()
  const runId = useRef('')

  useRelayEvents((e) => {
    if (e.type === 'connectivity.stage' && e.runId === runId.current)
      setStages((s) => [...s, e.stage as StageResult])
  })

  const input = () => ({
    channel: url.trim() ? undefined : channel || undefined,
    url: url.trim() || undefined,
    proxy: proxy.trim() || undefined,
    signatureKey: signatureKey.trim() || undefined,
    format: format || undefined,
    message: message.trim() || undefined,
    // The default message to the group speaks the window's language.
    language: i18n.language === 'zh' ? ('zh' as const) : ('en' as const),
  })

  async function run() {
    runId.current = `${Date.now()}-${Math.random().toString(36).slice(2)}`
    setStages([])
    setReport(undefined)
    setRevealed(undefined)
    setRunning(true)
    const r = await attempt(() => api.testWebhook({ runId: runId.current, ...input(), dryRun }))
    setRunning(false)
    if (r) {
      setReport(r)
      setStages(r.stages)
    }
  }

  const runOnArrival = useRef(routeQuery().get('action') === 'run' && !!channelName)
  useEffect(() => {
    if (!runOnArrival.current) return
    runOnArrival.current = false
    // Once: a reload of the page shows the channel chosen, and sends nothing by itself.
    history.replaceState(null, '', `#/test/${encodeURIComponent(channelName!)}`)
    void run()
  }, [])

  const failed = report?.stages.find((s) => s.status === 'failed')
  // Shown and copied alike: the export lines the placeholders need, then the curl.
  const curl =
    revealed ??
    (report
      ? withExports(withPlaceholders(report.curl), {
          key: t('test.keyPlaceholder'),
          proxyPassword: t('test.proxyPasswordPlaceholder'),
        })
      : undefined)
  return (
    <section aria-labelledby="test-title">
      <header className="page-header">
        <h1 id="test-title">{t('test.title')}</h1>
      </header>
      <p className="help">{t('test.intro')}</p>
      <form
        className="form test-form"
        onSubmit={(e) => {
          e.preventDefault()
          void run()
        }}
      >
        <div className="row">
          <Field label={t('test.channel')}>
            {(p) => (
              <select
                {...p}
                value={channel}
                onChange={(e) => setChannel(e.target.value)}
                disabled={!!url.trim()}
              >
                {channels.map((c) => (
                  <option key={c.name}>{c.name}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('test.pasteUrl')}>
            {(p) => (
              <WebhookInput
                {...p}
                value={url}
                onChange={setUrl}
                revealLabel={t('common.revealKey')}
                hideLabel={t('common.hideKey')}
                placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"
              />
            )}
          </Field>
        </div>
        <div className="row">
          <Field label={t('channels.proxy')}>
            {(p) => (
              <input
                {...p}
                value={proxy}
                onChange={(e) => setProxy(e.target.value)}
                placeholder="http://host:port"
              />
            )}
          </Field>
          <Field label={t('channels.signatureKey')}>
            {(p) => (
              <SecretInput
                {...p}
                value={signatureKey}
                onChange={setSignatureKey}
                revealLabel={t('common.reveal')}
                hideLabel={t('common.hide')}
              />
            )}
          </Field>
          <Field label={t('channels.alertFormat')}>
            {(p) => (
              <select
                {...p}
                value={format}
                onChange={(e) => setFormat(e.target.value as MessageFormat | '')}
              >
                <option value="">{t('test.channelFormat')}</option>
                {MESSAGE_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {t(`formats.${f}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <Field label={t('test.message')}>
          {(p) => (
            <textarea
              {...p}
              rows={2}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
            />
          )}
        </Field>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={running}>
            {running ? t('common.loading') : t('test.send')}
          </button>
          <label className="check">
            <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />{' '}
            {t('test.dryRun')}
          </label>
        </div>
      </form>

      {(stages.length > 0 || running) && (
        <ol className="stages" aria-live="polite" aria-label={t('test.stagesLabel')}>
          {STAGES.map((name) => {
            const s = stages.find((x) => x.stage === name)
            return (
              <li key={name} className={s ? s.status : 'waiting'} data-stage={name}>
                <span className="icon" aria-hidden="true">
                  {s ? ICON[s.status] : '…'}
                </span>
                <strong>{t(`test.stages.${name}`)}</strong>
                <span className="sr-only">{t(`test.stageStatus.${s ? s.status : 'waiting'}`)}</span>
                <span className="time">
                  {s && s.status !== 'skipped' ? t('test.ms', { ms: s.durationMs }) : ''}
                </span>
                <span className="detail">{ct(s?.detail)}</span>
                {s?.explanation && <div className="explain">{ct(s.explanation)}</div>}
                {s?.fix && (
                  <div className="fix">
                    <strong>{t('test.whatToDo')}</strong> {ct(s.fix)}
                  </div>
                )}
              </li>
            )
          })}
        </ol>
      )}

      {report && (
        <div
          className={`verdict ${report.ok ? 'good' : report.reached ? 'warn' : 'bad'}`}
          role="status"
        >
          {report.ok
            ? report.dryRun
              ? t('test.dryRun')
              : answeredBy(t, report.request.url, simulator)
            : report.reached
              ? t('test.reachedOnly', { host: report.reached })
              : t('test.failedAt', { stage: failed ? t(`test.stages.${failed.stage}`) : '?' })}
        </div>
      )}
      {report && (
        <div className="columns">
          <div>
            <h2>{t('test.request')}</h2>
            <pre
              className="code"
              tabIndex={0}
              aria-label={t('test.request')}
            >{`POST ${report.request.url}\n${Object.entries(report.request.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join(
                '\n',
              )}\n\n${report.request.bodies.map((b) => JSON.stringify(b, null, 2)).join('\n\n')}`}</pre>
            <h2>{t('test.curlTitle')}</h2>
            {revealed ? (
              <p className="notice bad" role="alert">
                {t('test.revealedWarning')}
              </p>
            ) : (
              curl &&
              hasKey(curl) && (
                <p className="help" id="curl-help">
                  {t('test.placeholderHelp')}{' '}
                  {needsProxyPassword(curl) && t('test.proxyPasswordHelp')}
                </p>
              )
            )}
            <pre className="code" data-testid="curl" tabIndex={0} aria-label={t('test.curlTitle')}>
              {curl}
            </pre>
            <div className="row">
              <button
                type="button"
                aria-describedby={revealed ? undefined : 'curl-help'}
                onClick={() => {
                  void navigator.clipboard
                    ?.writeText(curl ?? '')
                    .then(() => notify('ok', t('common.copied')))
                    .catch(() => notify('error', t('test.copyFailed')))
                }}
              >
                {t('test.curl')}
              </button>
              {revealed ? (
                <button type="button" onClick={() => setRevealed(undefined)}>
                  {t('test.hideKeyCurl')}
                </button>
              ) : (
                <button
                  type="button"
                  onClick={() =>
                    void attempt(() => api.revealCurl(input()).then((r) => setRevealed(r.curl)))
                  }
                >
                  {t('test.revealKey')}
                </button>
              )}
            </div>
          </div>
          <div>
            <h2>{t('test.response')}</h2>
            <pre className="code" tabIndex={0} aria-label={t('test.response')}>
              {report.send
                ? `HTTP ${report.send.httpStatus ?? '–'} · ${t('test.ms', { ms: report.send.latencyMs })}\n\n${report.send.response ?? ct(report.send.explanation)}`
                : '–'}
            </pre>
          </div>
        </div>
      )}
    </section>
  )
}
