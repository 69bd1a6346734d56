import { useCallback, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { urgencyFor, type OnCallSettings } from '../../../../electron/core/oncall/urgency'
import type { ActiveAlertView } from '../../../../electron/core/oncall/views'
import alertSoundUrl from '../../../../resources/sounds/alert.wav'
import { useApp, useRelayEvents } from '../../context'
import { levelRank } from './format'

/**
 * Plays the bundled chime when a new alert starts firing, per the urgency rules (level, quiet
 * hours), and again every few minutes for critical alerts nobody has acknowledged when the user
 * asked for that. Mounted once by the app shell, so it rings whatever page is open; in headless
 * mode the browser page is what rings.
 */
export function AlertSound() {
  const { t } = useTranslation()
  const { api } = useApp()
  const [blocked, setBlocked] = useState(false)
  const [played, setPlayed] = useState(0)
  const [repeatMinutes, setRepeatMinutes] = useState(5)
  const settings = useRef<OnCallSettings>(undefined)
  const known = useRef<Set<string>>(undefined)
  const firing = useRef<ActiveAlertView[]>([])
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined)

  const play = useCallback(() => {
    const audio = new Audio(alertSoundUrl)
    audio.play().then(
      () => {
        setBlocked(false)
        setPlayed((n) => n + 1)
      },
      () => setBlocked(true),
    )
  }, [])

  const check = useCallback(async () => {
    const view = await api.listActive({}).catch(() => undefined)
    if (!view) return
    const alerts = view.groups.flatMap((g) => g.alerts)
    firing.current = alerts
    const seen = known.current
    known.current = new Set(alerts.map((a) => a.identity))
    // The first look only learns what is already firing: opening the window does not ring.
    if (!seen || !settings.current) return
    const fresh = alerts.filter((a) => !seen.has(a.identity) && !a.ack && !a.mutedBy)
    if (!fresh.length) return
    const worst = fresh.sort((a, b) => levelRank(a.level) - levelRank(b.level))[0]!
    if (urgencyFor(worst.level, settings.current, { now: Date.now() }).sound) play()
  }, [api, play])

  const loadSettings = useCallback(
    () =>
      api
        .getSettings()
        .then((s) => {
          settings.current = s.oncall
          setRepeatMinutes(s.oncall.repeatMinutes)
        })
        .catch(() => {}),
    [api],
  )
  useEffect(() => {
    void loadSettings().then(check)
  }, [loadSettings, check])
  useRelayEvents((e) => {
    if (e.type === 'settings.changed') void loadSettings()
    if (e.type !== 'oncall.changed') return
    clearTimeout(pending.current)
    pending.current = setTimeout(() => void check(), 150)
  })

  // Repeat until acknowledged (critical and down only, when enabled for the level).
  useEffect(() => {
    const timer = setInterval(() => {
      const cur = settings.current
      if (!cur) return
      const now = Date.now()
      if (
        firing.current.some(
          (a) => !a.ack && !a.mutedBy && urgencyFor(a.level, cur, { now }).repeatUntilAck,
        )
      )
        play()
    }, repeatMinutes * 60_000)
    return () => clearInterval(timer)
  }, [play, repeatMinutes])

  return (
    <>
      <span hidden data-testid="alert-sound" data-played={played} />
      {blocked && (
        <p className="notice" role="status" onClick={() => setBlocked(false)}>
          {t('now.soundBlocked')}
        </p>
      )}
    </>
  )
}
