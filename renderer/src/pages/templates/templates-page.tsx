import { channelFacts } from '../../../../electron/core/channels/catalog'
import { weComFormat } from '../../../../electron/core/channels/type-names'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Preview } from '../../../../electron/core/api/contract'
import type { Channel } from '../../../../electron/core/settings/schema'
import type { ChannelFormat } from '../../../../electron/core/channels/type-names'
import { formatOption } from '../channels/type-limits'
import type { LintIssue } from '../../../../electron/core/templates/lint'
import { LintItem } from './lint-item'
import { useApp, useUnsavedGuard } from '../../context'
import { useRelayQuery } from '../../use-relay-query'
import { Bubble } from './bubble'
import { StormPreview } from './storm-preview'
import { RequestPreview } from './request-preview'
import { insertAt, saveVerdict, suggestionPrefix } from './editor-model'

/** The template studio: edit, preview as WeCom shows it, and save to a channel. */
export function TemplatesPage({ channelName }: { channelName?: string }) {
  const { t, i18n } = useTranslation()
  const { api, attempt, notify } = useApp()
  const boot = useRelayQuery(async (a) => {
    const [info, channels, h] = await Promise.all([
      a.templateInfo(),
      a.listChannels(),
      a.queryHistory({ limit: 10 }),
    ])
    return { info, channels, recent: h.items.map((e) => e.alert) }
  }, [])
  const info = boot.data?.info
  const [channels, setChannels] = useState<Channel[]>([])
  const [channel, setChannel] = useState<string>('')
  // The channel's own format; previews and lint speak the WeCom format it is composed in.
  const [format, setFormat] = useState<ChannelFormat>('markdown')
  const [template, setTemplate] = useState('')
  const [saved, setSaved] = useState<{ template: string; format: ChannelFormat }>()
  const [sampleId, setSampleId] = useState('alertmanager')
  const [sampleJson, setSampleJson] = useState('')
  const [preview, setPreview] = useState<Preview>()
  const [digest, setDigest] = useState<{
    html: string
    bytes: number
    limit: number
    carried: number
    of: number
  }>()
  const [suggest, setSuggest] = useState<{ prefix: string; at: number }>()
  const [active, setActive] = useState(0)
  // The last save that was held back, with the text it judged (the live preview may lag behind it).
  const [blocked, setBlocked] = useState<{
    kind: 'errors' | 'warnings'
    lint: LintIssue[]
    template: string
    at: number
  }>()
  // Each held-back save brings its notice into view (and, drawn anew, read out again).
  useEffect(() => {
    if (blocked) document.getElementById('save-blocked')?.scrollIntoView({ block: 'nearest' })
  }, [blocked])
  const editor = useRef<HTMLTextAreaElement>(null)

  const adopt = (c: Channel | undefined) => {
    if (!c) return
    setChannel(c.name)
    setFormat(c.format)
    setTemplate(c.template)
    setSaved({ template: c.template, format: c.format })
    setBlocked(undefined)
  }
  useEffect(() => {
    if (!boot.data) return
    const { channels: cs, info: i } = boot.data
    setChannels(cs)
    const c = cs.find((x) => x.name === (channelName ?? cs[0]?.name))
    if (c) adopt(c)
    else setTemplate(i.defaults.en.markdown)
    setSampleJson(i.samples[0]!.json)
  }, [boot.data, channelName])

  const dirty = !!saved && (saved.template !== template || saved.format !== format)
  useUnsavedGuard(dirty)

  const sample = useMemo(
    () =>
      sampleId === 'custom'
        ? { kind: 'payload' as const, json: sampleJson }
        : sampleId.startsWith('alert:')
          ? { kind: 'alert' as const, id: sampleId.slice(6) }
          : { kind: 'sample' as const, id: sampleId },
    [sampleId, sampleJson],
  )
  const selected = channels.find((c) => c.name === channel)
  const type = selected?.type ?? 'wecom'
  // HTTP and script channels send one alert per request (delivery/per-type.ts maxPerMessage).
  const oneAlertEach = channelFacts(type).capabilities.alertsPerMessage === 1
  const language = selected?.language
  const wecom = weComFormat(format)
  // Mobiles and user ids, as one key so the preview reruns only when they change.
  const mentionKey = JSON.stringify([
    selected?.mentionMobiles ?? [],
    selected?.mentionUserIds ?? [],
  ])

  useEffect(() => {
    if (!info) return
    const timer = setTimeout(() => {
      const [mentionMobiles, mentionUserIds] = JSON.parse(mentionKey) as [string[], string[]]
      void api
        .previewTemplate({
          template,
          format: wecom,
          sample,
          mentionMobiles,
          mentionUserIds,
          language,
          type,
          channelFormat: format,
          // The saved channel: an HTTP channel's request and a script's input are read there.
          channel: channel || undefined,
        })
        .then(setPreview)
        .catch(() => {})
      void api
        .previewDigest({
          template,
          format: wecom,
          sample,
          count: 10,
          language,
          type,
          channelFormat: format,
        })
        .then(setDigest)
        .catch(() => {})
    }, 150)
    return () => clearTimeout(timer)
  }, [api, info, template, wecom, sample, mentionKey, language, type, format, channel])

  function insert(text: string, replaceFrom?: number, select?: string) {
    const el = editor.current
    const start = replaceFrom ?? el?.selectionStart ?? template.length
    const end = el?.selectionEnd ?? template.length
    const r = insertAt(template, start, end, text, select)
    setTemplate(r.value)
    setSuggest(undefined)
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(...r.selection)
    })
  }

  const suggestions =
    suggest && info
      ? info.variables.filter((v) => v.name.startsWith(suggest.prefix)).slice(0, 8)
      : []
  const open = suggestions.length > 0
  const main = preview?.messages[0]
  const lang = i18n.language === 'zh' ? 'zh' : 'en'

  async function save(confirmed = false) {
    const c = channels.find((x) => x.name === channel)
    if (!c) return
    // Lint what is in the editor now, not the last preview: a fast typist must not save a broken template.
    const lint = await attempt(() => api.lintTemplate({ template, format: wecom }))
    if (!lint) return
    const verdict = saveVerdict(lint)
    if (verdict === 'errors' || (verdict === 'warnings' && !confirmed)) {
      setBlocked({ kind: verdict, lint, template, at: Date.now() })
      return
    }
    setBlocked(undefined)
    await attempt(async () => {
      const s = await api.saveChannel({
        channel: { ...c, format, template },
        originalName: channel,
      })
      setChannels((cs) => cs.map((x) => (x.name === s.name ? s : x)))
      setSaved({ template: s.template, format: s.format })
      notify('ok', t('templates.saved', { name: channel }))
    })
  }

  const lint = preview?.lint ?? []
  // Errors shown: the save's own verdict while the text is the one it judged (the preview may be
  // late or may have failed), then the live lint, so fixing them takes the notice away.
  const errorCount = (blocked?.template === template ? blocked.lint : lint).filter(
    (i) => i.severity === 'error',
  ).length
  return (
    <section aria-labelledby="tpl-title" className="templates">
      <header className="page-header">
        <h1 id="tpl-title">{t('templates.title')}</h1>
        <div className="toolbar">
          <label>
            {t('templates.channel')}{' '}
            <select
              value={channel}
              onChange={(e) => {
                if (dirty && !confirm(t('common.discard'))) return
                adopt(channels.find((x) => x.name === e.target.value))
              }}
            >
              {channels.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
          <label>
            {t('channels.format')}{' '}
            <select value={format} onChange={(e) => setFormat(e.target.value as ChannelFormat)}>
              {channelFacts(type).formats.map((f) => (
                <option key={f} value={f}>
                  {formatOption(t, type, f)}
                </option>
              ))}
            </select>
          </label>
        </div>
      </header>
      <div className="studio">
        <div className="studio-left">
          <div className="palette" role="group" aria-labelledby="palette-title">
            <h2 id="palette-title">{t('templates.variables')}</h2>
            <p className="help">{t('templates.variablesHelp')}</p>
            <div className="chips">
              {info?.variables.map((v) => (
                <button
                  key={v.name}
                  type="button"
                  className="chip"
                  title={lang === 'zh' ? v.zh : v.en}
                  onClick={() => insert(`\${${v.name}}`)}
                >
                  {v.name}
                </button>
              ))}
              <button
                type="button"
                className="chip"
                aria-label={t('templates.insertLabel')}
                onClick={() => insert('${labels.name}', undefined, 'name')}
              >
                labels.X
              </button>
              <button
                type="button"
                className="chip"
                aria-label={t('templates.insertAnnotation')}
                onClick={() => insert('${annotations.name}', undefined, 'name')}
              >
                annotations.X
              </button>
            </div>
          </div>
          <div className="editor-wrap">
            <label htmlFor="template-editor">{t('templates.editor')}</label>
            <textarea
              id="template-editor"
              ref={editor}
              className="editor"
              spellCheck={false}
              rows={12}
              value={template}
              aria-describedby="lint"
              aria-autocomplete="list"
              aria-controls={open ? 'var-suggestions' : undefined}
              aria-activedescendant={open ? `var-opt-${active}` : undefined}
              onChange={(e) => {
                setTemplate(e.target.value)
                setSuggest(suggestionPrefix(e.target.value, e.target.selectionStart))
                setActive(0)
              }}
              onBlur={() => setSuggest(undefined)}
              onKeyDown={(e) => {
                if (!open) return
                if (e.key === 'ArrowDown') {
                  e.preventDefault()
                  setActive((a) => (a + 1) % suggestions.length)
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault()
                  setActive((a) => (a - 1 + suggestions.length) % suggestions.length)
                } else if (e.key === 'Enter' || e.key === 'Tab') {
                  e.preventDefault()
                  insert(
                    `\${${suggestions[Math.min(active, suggestions.length - 1)]!.name}}`,
                    suggest!.at,
                  )
                } else if (e.key === 'Escape') {
                  e.preventDefault()
                  setSuggest(undefined)
                }
              }}
            />
            {open && (
              <ul
                className="suggestions"
                id="var-suggestions"
                role="listbox"
                aria-label={t('templates.variables')}
              >
                {suggestions.map((v, i) => (
                  <li
                    key={v.name}
                    id={`var-opt-${i}`}
                    role="option"
                    aria-selected={i === active}
                    className={i === active ? 'active' : undefined}
                    // Keeps the editor focused so the choice lands at the caret.
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => insert(`\${${v.name}}`, suggest!.at)}
                  >
                    <code>{v.name}</code> <span>{lang === 'zh' ? v.zh : v.en}</span>
                  </li>
                ))}
              </ul>
            )}
            <Lint issues={lint} clean={t('templates.lintClean')} />
          </div>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!channel}
              aria-describedby={errorCount ? 'save-blocked' : undefined}
              onClick={() => void save()}
            >
              {t('templates.save')}
            </button>
            <button type="button" onClick={() => info && setTemplate(info.defaults.en[wecom])}>
              {t('templates.resetEn')}
            </button>
            <button type="button" onClick={() => info && setTemplate(info.defaults.zh[wecom])}>
              {t('templates.resetZh')}
            </button>
            {dirty && <span className="warn">{t('common.unsaved')}</span>}
          </div>
          {/* Follows the live lint: once the errors are fixed (warnings may remain) it goes away. */}
          {blocked?.kind === 'errors' && errorCount > 0 && (
            <p key={blocked.at} className="notice bad" id="save-blocked" role="alert">
              {t('templates.blockedErrors', { count: errorCount })}
            </p>
          )}
          {blocked?.kind === 'warnings' && (
            <div key={blocked.at} className="notice" id="save-blocked" role="alert">
              {t('templates.askWarnings', {
                count: blocked.lint.filter((i) => i.severity === 'warning').length,
              })}{' '}
              <button type="button" onClick={() => void save(true)}>
                {t('templates.saveAnyway')}
              </button>{' '}
              <button type="button" className="link" onClick={() => setBlocked(undefined)}>
                {t('templates.keepEditing')}
              </button>
            </div>
          )}
          <div className="sample">
            <label htmlFor="sample-select">{t('templates.sample')}</label>
            <select
              id="sample-select"
              value={sampleId}
              onChange={(e) => setSampleId(e.target.value)}
            >
              {info?.samples.map((s) => (
                <option key={s.id} value={s.id}>
                  {t(`templates.sampleNames.${s.id}`, { defaultValue: s.name })}
                </option>
              ))}
              <option value="custom">{t('templates.sampleJson')}</option>
              {boot.data && boot.data.recent.length > 0 && (
                <optgroup label={t('templates.recent')}>
                  {boot.data.recent.map((a) => (
                    <option key={a.id} value={`alert:${a.id}`}>
                      {`${a.vars.alarm_name ?? t('history.detail')} · ${t(`sources.${a.source}`)}`}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
            {sampleId === 'custom' && (
              <>
                <label htmlFor="sample-json" className="sr-only">
                  {t('templates.sampleJson')}
                </label>
                <textarea
                  id="sample-json"
                  className="editor"
                  rows={8}
                  spellCheck={false}
                  value={sampleJson}
                  onChange={(e) => setSampleJson(e.target.value)}
                />
              </>
            )}
            {preview?.sampleError && (
              <div className="error" role="alert">
                {preview.sampleError}
              </div>
            )}
          </div>
        </div>
        <div className="studio-right">
          <h2>{t('templates.preview')}</h2>
          {i18n.exists(`templates.typeNote.${type}`) && (
            <p className="notice" role="note" data-testid="preview-type-note">
              {t(`templates.typeNote.${type}`)}
            </p>
          )}
          <div className="phone" data-testid="preview">
            {preview?.messages.map((m, i) => (
              <div key={i}>
                <Bubble html={m.html} msgtype={m.msgtype} mentions={m.mentions} />
                {i === 1 && <p className="help">{t('templates.mentionNote')}</p>}
              </div>
            ))}
          </div>
          {main && (
            <div
              className={`bytes${main.truncated || main.bytes > main.limit ? ' over' : ''}`}
              data-testid="byte-counter"
              aria-live="polite"
            >
              {t('templates.bytes', {
                // Cut to the limit, the message is as long as the limit: its own size is what helps.
                bytes: main.truncated ? main.fullBytes : main.bytes,
                limit: main.limit,
              })}
            </div>
          )}
          {preview?.body && (
            <>
              <h3>{t('templates.bodyTitle', { type: t(`channels.types.${type}`) })}</h3>
              <pre className="typed-body" data-testid="typed-body" tabIndex={0}>
                {preview.body.json}
              </pre>
              <div
                className={`bytes${preview.body.truncated ? ' over' : ''}`}
                data-testid="typed-byte-counter"
              >
                {t('templates.bytes', { bytes: preview.body.bytes, limit: preview.body.limit })}
              </div>
            </>
          )}
          <RequestPreview request={preview?.request} script={preview?.script} />
          {main?.truncated && (
            <div className="cut">
              <p className="error">{t('templates.overLimit')}</p>
              <pre>{main.cut}</pre>
            </div>
          )}
          <h2>{t('templates.digest')}</h2>
          {oneAlertEach && (
            <p className="help" data-testid="no-digest">
              {t('templatesRequest.noDigest')}
            </p>
          )}
          {digest && !oneAlertEach && (
            <>
              <div
                className="phone small digest-phone"
                tabIndex={0}
                role="region"
                aria-label={t('templates.digest')}
              >
                <Bubble html={digest.html} msgtype={wecom} />
              </div>
              <p className="help">
                {t('templates.bytes', { bytes: digest.bytes, limit: digest.limit })} ·{' '}
                {digest.carried >= digest.of
                  ? t('templates.digestAllFit', { count: digest.of })
                  : t('templates.digestCarried', { carried: digest.carried, of: digest.of })}
              </p>
            </>
          )}
          <StormPreview
            template={template}
            format={wecom}
            sample={sample}
            language={language}
            channel={selected}
            onSaved={(c) => setChannels((cs) => cs.map((x) => (x.name === c.name ? c : x)))}
          />
        </div>
      </div>
    </section>
  )
}

function Lint({ issues, clean }: { issues: LintIssue[]; clean: string }) {
  return (
    <ul id="lint" className="lint" aria-live="polite">
      {issues.length === 0 ? (
        <li className="good">{clean}</li>
      ) : (
        issues.map((i, n) => <LintItem key={n} issue={i} />)
      )}
    </ul>
  )
}
