import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../../context'
import { useCoreText } from '../../i18n/core-sentences'

/** The one form open on the Now page: acknowledge, mute or silence upstream. */
export type PanelState =
  | { kind: 'ack'; identities: string[]; what: string }
  | { kind: 'mute'; matchers: string[]; what: string }
  | { kind: 'silence'; alertId: string; what: string }

export function Panel({
  state,
  onClose,
  onDone,
}: {
  state: PanelState
  onClose(): void
  onDone(): void
}) {
  const { t } = useTranslation()
  const { api, notify } = useApp()
  const ct = useCoreText()
  // A refusal stays in the form it is about (a toast covered the form and went in seconds).
  const [error, setError] = useState<string>()
  const [note, setNote] = useState('')
  const [minutes, setMinutes] = useState(
    state.kind === 'ack' ? '' : state.kind === 'mute' ? '60' : '120',
  )
  const [matchers, setMatchers] = useState(state.kind === 'mute' ? state.matchers.join('\n') : '')
  const [busy, setBusy] = useState(false)
  // Say which Alertmanager a silence will contact before it does: without one configured, the
  // address is the alert's own externalURL, which whoever sent the alert chose.
  const [target, setTarget] = useState<{ address: string; from: 'settings' | 'alert' }>()
  const silenceOf = state.kind === 'silence' ? state.alertId : undefined
  useEffect(() => {
    if (!silenceOf) return
    let live = true
    api.silenceTarget({ alertId: silenceOf }).then(
      (t) => live && setTarget(t),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    )
    return () => {
      live = false
    }
  }, [api, silenceOf])
  const mins = minutes.trim() ? Number(minutes) : undefined
  const form = useRef<HTMLFormElement>(null)
  // The form opens where the person clicked; bring it into view and put the cursor in it, once:
  // a re-render must not pull the cursor back from the field being typed in.
  useEffect(() => {
    const el = form.current
    if (!el) return
    el.scrollIntoView?.({ block: 'nearest' })
    el.querySelector<HTMLElement>('textarea, input')?.focus({ preventScroll: true })
  }, [])

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(undefined)
    const ok = await (async () => {
      if (state.kind === 'ack') {
        const r = await api.acknowledge({
          identities: state.identities,
          ...(note.trim() ? { note } : {}),
          ...(mins ? { forMinutes: mins } : {}),
        })
        notify('ok', t('now.ackDone', { count: r.acknowledged }))
      } else if (state.kind === 'mute') {
        await api.createMute({
          matchers: matchers
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
          forMinutes: mins,
          comment: note,
        })
        notify('ok', t('now.muted'))
      } else {
        await api.silenceUpstream({
          alertId: state.alertId,
          forMinutes: mins ?? 120,
          comment: note,
        })
        notify('ok', t('now.silenced'))
      }
      return true
    })().catch((err: unknown) => {
      setError(err instanceof Error ? err.message : String(err))
      return false
    })
    setBusy(false)
    if (ok) onDone()
  }

  const title =
    state.kind === 'ack'
      ? t('now.ackTitle', { what: state.what })
      : state.kind === 'mute'
        ? t('now.muteTitle')
        : t('now.silenceTitle', { what: state.what })
  return (
    <form ref={form} className="form now-panel" aria-label={title} onSubmit={(e) => void submit(e)}>
      <fieldset>
        <legend>{title}</legend>
        {state.kind === 'mute' && (
          <div className="field">
            <label htmlFor="now-matchers">{t('now.matchers')}</label>
            <textarea
              id="now-matchers"
              rows={3}
              value={matchers}
              onChange={(e) => setMatchers(e.target.value)}
            />
          </div>
        )}
        <div className="row">
          <div className="field">
            <label htmlFor="now-minutes">
              {state.kind === 'ack' ? t('now.ackFor') : t('now.minutes')}
            </label>
            <input
              id="now-minutes"
              type="number"
              min={1}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="now-note">
              {state.kind === 'ack' ? t('now.note') : t('now.comment')}
            </label>
            <input id="now-note" value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
        </div>
        {target && (
          <p className="help" data-testid="silence-target">
            {t(target.from === 'settings' ? 'now.silenceToSettings' : 'now.silenceToAlert', {
              address: target.address,
            })}
          </p>
        )}
        {error && (
          <p className="notice bad" role="alert" data-testid="panel-error">
            {ct(error)}
          </p>
        )}
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {state.kind === 'ack'
              ? t('now.acknowledge')
              : state.kind === 'mute'
                ? t('now.create')
                : t('now.silenceCreate')}
          </button>
          <button type="button" onClick={onClose}>
            {t('now.cancel')}
          </button>
        </div>
      </fieldset>
    </form>
  )
}
