import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiParsed } from '../../../../electron/core/api/contract'
import type { StormPreview as StormPreviewResult } from '../../../../electron/core/delivery/storm-preview'
import type { Channel } from '../../../../electron/core/settings/schema'
import { useApp, useUnsavedGuard } from '../../context'
import { Bubble } from './bubble'
import { clockOffset, stormDraft, type StormDraft } from './storm-model'

type Sample = ApiParsed<'previewStorm'>['sample']

/** Messages drawn as bubbles; the rest of the timeline is one line each. */
const SHOWN = 3

/**
 * The studio's storm preview (#17): a storm generated from the sample (or the pasted alerts),
 * the summary and the messages after it with their send times as the robot's limits allow them,
 * and the channel's storm settings, saved to the channel from here.
 */
export function StormPreview(props: {
  template: string
  format: 'text' | 'markdown' | 'markdown_v2'
  sample: Sample
  language?: 'en' | 'zh'
  channel?: Channel
  onSaved: (c: Channel) => void
}) {
  const { t } = useTranslation()
  const { api, attempt, notify } = useApp()
  const { channel } = props
  const [count, setCount] = useState(1000)
  const [names, setNames] = useState(40)
  const [paste, setPaste] = useState(false)
  const [arrival, setArrival] = useState(3)
  const [sharedRobot, setSharedRobot] = useState(false)
  const [draft, setDraft] = useState<StormDraft>(stormDraft(channel))
  const [result, setResult] = useState<StormPreviewResult & { sampleError?: string }>()
  useEffect(() => setDraft(stormDraft(channel)), [channel])
  const saved = stormDraft(channel)
  const dirty = !!channel && JSON.stringify(saved) !== JSON.stringify(draft)
  useUnsavedGuard(dirty)

  const threshold = draft.auto ? ('auto' as const) : Math.max(1, draft.threshold)
  const gather = Math.min(10, Math.max(0, draft.gatherSeconds || 0))
  const key = JSON.stringify([
    props.template,
    props.format,
    props.sample,
    props.language,
    count,
    names,
    paste,
    arrival,
    sharedRobot,
    draft,
    channel?.type,
  ])
  useEffect(() => {
    const timer = setTimeout(() => {
      void api
        .previewStorm({
          template: props.template,
          format: props.format,
          sample: props.sample,
          mode: paste && props.sample.kind === 'payload' ? 'paste' : 'generate',
          count: Math.min(5000, Math.max(1, count)),
          names: Math.min(500, Math.max(1, names)),
          language: props.language,
          type: channel?.type,
          storm: {
            threshold,
            groupBy: draft.groupBy,
            details: draft.details,
            gatherSeconds: gather,
          },
          arrivalSeconds: Math.min(600, Math.max(0, arrival)),
          sharedRobot,
        })
        .then(setResult)
        .catch(() => {})
    }, 250)
    return () => clearTimeout(timer)
    // The key holds every input.
  }, [api, key])

  async function save() {
    if (!channel) return
    await attempt(async () => {
      const s = await api.saveChannel({
        channel: {
          ...channel,
          storm: {
            threshold,
            groupBy: draft.groupBy,
            details: draft.details,
            gatherSeconds: gather,
          },
        },
        originalName: channel.name,
      })
      props.onSaved(s)
      notify('ok', t('storm.saved', { name: channel.name }))
    })
  }

  return (
    <section aria-labelledby="storm-title" className="storm-preview">
      <h2 id="storm-title">{t('storm.title')}</h2>
      <fieldset>
        <legend>{t('storm.settings')}</legend>
        <label>
          <input
            type="checkbox"
            checked={draft.auto}
            onChange={(e) => setDraft({ ...draft, auto: e.target.checked })}
          />{' '}
          {t('storm.auto')}
        </label>
        {!draft.auto && (
          <label>
            {t('storm.threshold')}{' '}
            <input
              type="number"
              min={1}
              value={draft.threshold}
              onChange={(e) => setDraft({ ...draft, threshold: Number(e.target.value) })}
            />
          </label>
        )}
        <label>
          {t('storm.groupBy')}{' '}
          <input
            value={draft.groupBy}
            placeholder={t('storm.groupByPlaceholder')}
            onChange={(e) => setDraft({ ...draft, groupBy: e.target.value })}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={draft.details}
            onChange={(e) => setDraft({ ...draft, details: e.target.checked })}
          />{' '}
          {t('storm.details')}
        </label>
        <label>
          {t('storm.gather')}{' '}
          <input
            type="number"
            min={0}
            max={10}
            step={0.5}
            value={draft.gatherSeconds}
            onChange={(e) => setDraft({ ...draft, gatherSeconds: Number(e.target.value) })}
          />
        </label>
        {channel && (
          <button type="button" disabled={!dirty} onClick={() => void save()}>
            {t('storm.save', { name: channel.name })}
          </button>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('storm.input')}</legend>
        <label>
          <input type="checkbox" checked={paste} onChange={(e) => setPaste(e.target.checked)} />{' '}
          {t('storm.paste')}
        </label>
        {!paste && (
          <>
            <label>
              {t('storm.count')}{' '}
              <input
                type="number"
                min={1}
                max={5000}
                value={count}
                onChange={(e) => setCount(Number(e.target.value))}
              />
            </label>
            <label>
              {t('storm.names')}{' '}
              <input
                type="number"
                min={1}
                max={500}
                value={names}
                onChange={(e) => setNames(Number(e.target.value))}
              />
            </label>
          </>
        )}
        <label>
          {t('storm.arrival')}{' '}
          <input
            type="number"
            min={0}
            max={600}
            value={arrival}
            onChange={(e) => setArrival(Number(e.target.value))}
          />
        </label>
        <label>
          <input
            type="checkbox"
            checked={sharedRobot}
            onChange={(e) => setSharedRobot(e.target.checked)}
          />{' '}
          {t('storm.sharedRobot')}
        </label>
      </fieldset>
      {result?.sampleError && <p className="error">{result.sampleError}</p>}
      {result && (
        <>
          <p className="help" data-testid="storm-figures">
            {result.storm
              ? t('storm.figures', {
                  accounted: clockOffset(result.accountedAtMs),
                  last: clockOffset(result.lastAtMs),
                  messages: result.total,
                })
              : t('storm.noStorm', {
                  last: clockOffset(result.lastAtMs),
                  messages: result.total,
                })}{' '}
            {result.arrivedAtMs > 0 && t('storm.arrived', { at: clockOffset(result.arrivedAtMs) })}
          </p>
          <ol className="storm-messages">
            {result.messages.map((m, i) => (
              <li key={i}>
                <p className="help">
                  <time>{clockOffset(m.atMs)}</time> ·{' '}
                  {m.channel === 1 && <>{t('storm.otherChannel')} · </>}
                  {t(
                    m.kind === 'summary'
                      ? 'storm.summaryAt'
                      : m.kind === 'close'
                        ? 'storm.closeAt'
                        : 'storm.detailsAt',
                    { alerts: m.alerts },
                  )}{' '}
                  · {t('storm.bytes', { bytes: m.bytes })}
                </p>
                {i < SHOWN && (
                  <div
                    className="phone small digest-phone"
                    tabIndex={0}
                    role="region"
                    aria-label={t('storm.messageAt', { n: i + 1, at: clockOffset(m.atMs) })}
                  >
                    <Bubble html={m.html} msgtype={props.format} />
                  </div>
                )}
              </li>
            ))}
          </ol>
          {result.total > result.messages.length && (
            <p className="help">{t('storm.more', { n: result.total - result.messages.length })}</p>
          )}
        </>
      )}
    </section>
  )
}
