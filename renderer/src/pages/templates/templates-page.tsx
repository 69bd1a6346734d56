import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Preview } from '../../../../electron/core/api/contract'
import type { Channel } from '../../../../electron/core/settings/schema'
import type { LintIssue } from '../../../../electron/core/templates/lint'
import type { VariableInfo } from '../../../../electron/core/templates/variables'
import { maskMobile } from '../../../../electron/core/secrets/mask'
import { useApp } from '../../context'

type Format = 'text' | 'markdown' | 'markdown_v2'
type Info = {
  variables: readonly VariableInfo[]
  defaults: Record<'en' | 'zh', Record<Format, string>>
  limits: Record<string, number>
  samples: Array<{ id: string; name: string; json: string }>
}

/** The phone-width WeCom chat bubble. The HTML comes from the core's renderer (raw HTML off). */
export function Bubble({
  html,
  msgtype,
  mentions,
}: {
  html: string
  msgtype: string
  mentions?: string[]
}) {
  return (
    <div className="chat-row">
      <div className="avatar" aria-hidden="true">
        R
      </div>
      <div className={`bubble ${msgtype}`}>
        <div dangerouslySetInnerHTML={{ __html: html }} />
        {mentions && mentions.length > 0 && (
          <div className="mentions">
            {mentions.map((m) => (
              <span key={m} className="wc-mention">
                @{maskMobile(m)}{' '}
              </span>
            ))}
          </div>
        )}
      </div>
    </div>
  )
}

export function TemplatesPage({ channelName }: { channelName?: string }) {
  const { t, i18n } = useTranslation()
  const { api, attempt, notify } = useApp()
  const [info, setInfo] = useState<Info>()
  const [channels, setChannels] = useState<Channel[]>([])
  const [channel, setChannel] = useState<string>(channelName ?? '')
  const [format, setFormat] = useState<Format>('markdown')
  const [template, setTemplate] = useState('')
  const [sampleId, setSampleId] = useState('alertmanager')
  const [sampleJson, setSampleJson] = useState('')
  const [recent, setRecent] = useState<Array<{ id: string; name: string }>>([])
  const [preview, setPreview] = useState<Preview>()
  const [digest, setDigest] = useState<{
    html: string
    bytes: number
    limit: number
    carried: number
    of: number
  }>()
  const [suggest, setSuggest] = useState<{ prefix: string; at: number } | undefined>()
  const editor = useRef<HTMLTextAreaElement>(null)

  useEffect(() => {
    void attempt(async () => {
      const [i, cs, h] = await Promise.all([
        api.templateInfo(),
        api.listChannels(),
        api.queryHistory({ limit: 10 }),
      ])
      setInfo(i as Info)
      setChannels(cs)
      setRecent(
        h.items.map((e) => ({
          id: e.alert.id,
          name: `${e.alert.vars.alarm_name ?? 'Alert'} · ${e.alert.source}`,
        })),
      )
      const c = cs.find((x) => x.name === (channelName ?? cs[0]?.name))
      if (c) {
        setChannel(c.name)
        setFormat(c.format)
        setTemplate(c.template)
      } else setTemplate((i as Info).defaults.en.markdown)
      setSampleJson((i as Info).samples[0]!.json)
    })
  }, [api, attempt, channelName])

  const sample = useMemo(
    () =>
      sampleId === 'custom'
        ? { kind: 'payload' as const, json: sampleJson }
        : sampleId.startsWith('alert:')
          ? { kind: 'alert' as const, id: sampleId.slice(6) }
          : { kind: 'sample' as const, id: sampleId },
    [sampleId, sampleJson],
  )
  const mentions = channels.find((c) => c.name === channel)?.mentionMobiles ?? []

  useEffect(() => {
    if (!info) return
    const timer = setTimeout(() => {
      void api
        .previewTemplate({ template, format, sample, mentionMobiles: mentions })
        .then(setPreview)
        .catch(() => {})
      void api
        .previewDigest({ template, format, sample, count: 10 })
        .then(setDigest)
        .catch(() => {})
    }, 150)
    return () => clearTimeout(timer)
  }, [api, info, template, format, sample, mentions.join(',')])

  function insert(text: string, replaceFrom?: number) {
    const el = editor.current
    const start = replaceFrom ?? el?.selectionStart ?? template.length
    const end = el?.selectionEnd ?? template.length
    const next = template.slice(0, start) + text + template.slice(end)
    setTemplate(next)
    setSuggest(undefined)
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(start + text.length, start + text.length)
    })
  }

  function onEdit(value: string, caret: number) {
    setTemplate(value)
    const m = /\$\{([\w.]*)$/.exec(value.slice(0, caret))
    setSuggest(m ? { prefix: m[1]!, at: caret - m[0].length } : undefined)
  }

  const suggestions =
    suggest && info
      ? info.variables.filter((v) => v.name.startsWith(suggest.prefix)).slice(0, 8)
      : []
  const main = preview?.messages[0]
  const lang = i18n.language === 'zh' ? 'zh' : 'en'

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
                const c = channels.find((x) => x.name === e.target.value)
                setChannel(e.target.value)
                if (c) {
                  setFormat(c.format)
                  setTemplate(c.template)
                }
              }}
            >
              {channels.map((c) => (
                <option key={c.name}>{c.name}</option>
              ))}
            </select>
          </label>
          <label>
            {t('channels.format')}{' '}
            <select value={format} onChange={(e) => setFormat(e.target.value as Format)}>
              <option value="markdown">Markdown</option>
              <option value="markdown_v2">Markdown v2</option>
              <option value="text">Text</option>
            </select>
          </label>
        </div>
      </header>
      <div className="studio">
        <div className="studio-left">
          <div className="palette" aria-label={t('templates.variables')}>
            <h2>{t('templates.variables')}</h2>
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
              <button type="button" className="chip" onClick={() => insert('${labels.}')}>
                labels.X
              </button>
              <button type="button" className="chip" onClick={() => insert('${annotations.}')}>
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
              onChange={(e) => onEdit(e.target.value, e.target.selectionStart)}
              onKeyDown={(e) => {
                if (suggestions.length && (e.key === 'Enter' || e.key === 'Tab')) {
                  e.preventDefault()
                  insert(`\${${suggestions[0]!.name}}`, suggest!.at)
                } else if (e.key === 'Escape') setSuggest(undefined)
              }}
            />
            {suggestions.length > 0 && (
              <ul className="suggestions" role="listbox" aria-label="Variables">
                {suggestions.map((v, i) => (
                  <li key={v.name} role="option" aria-selected={i === 0}>
                    <button type="button" onClick={() => insert(`\${${v.name}}`, suggest!.at)}>
                      <code>{v.name}</code> <span>{lang === 'zh' ? v.zh : v.en}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <Lint issues={preview?.lint ?? []} clean={t('templates.lintClean')} />
          </div>
          <div className="row">
            <button
              type="button"
              className="primary"
              disabled={!channel}
              onClick={() =>
                void attempt(async () => {
                  const c = channels.find((x) => x.name === channel)!
                  const saved = await api.saveChannel({
                    channel: { ...c, format, template },
                    originalName: channel,
                  })
                  setChannels((cs) => cs.map((x) => (x.name === saved.name ? saved : x)))
                  notify('ok', t('templates.saved', { name: channel }))
                })
              }
            >
              {t('templates.save')}
            </button>
            <span>{t('templates.reset')}:</span>
            <button type="button" onClick={() => info && setTemplate(info.defaults.en[format])}>
              {t('templates.resetEn')}
            </button>
            <button type="button" onClick={() => info && setTemplate(info.defaults.zh[format])}>
              {t('templates.resetZh')}
            </button>
          </div>
          <div className="sample">
            <label htmlFor="sample-select">{t('templates.sample')}</label>
            <select
              id="sample-select"
              value={sampleId}
              onChange={(e) => setSampleId(e.target.value)}
            >
              {info?.samples.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
              <option value="custom">{t('templates.sampleJson')}</option>
              {recent.length > 0 && (
                <optgroup label={t('templates.recent')}>
                  {recent.map((r) => (
                    <option key={r.id} value={`alert:${r.id}`}>
                      {r.name}
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
              {t('templates.bytes', { bytes: main.bytes, limit: main.limit })}
            </div>
          )}
          {main?.truncated && (
            <div className="cut">
              <p className="error">{t('templates.overLimit')}</p>
              <pre>{main.cut}</pre>
            </div>
          )}
          <h2>{t('templates.digest')}</h2>
          {digest && (
            <>
              <div className="phone small">
                <Bubble html={digest.html} msgtype={format} />
              </div>
              <p className="help">
                {t('templates.bytes', { bytes: digest.bytes, limit: digest.limit })} ·{' '}
                {t('templates.digestCarried', { carried: digest.carried, of: digest.of })}
              </p>
            </>
          )}
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
        issues.map((i, n) => (
          <li key={n} className={i.severity}>
            <strong>
              {i.line}:{i.column}
            </strong>{' '}
            {i.message}
          </li>
        ))
      )}
    </ul>
  )
}
