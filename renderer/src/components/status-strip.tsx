import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppInfo } from '../../../electron/core/api/contract'
import type { DeliveryStatus } from '../../../electron/core/delivery/status'
import type { Settings } from '../../../electron/core/settings/schema'
import { useApp, useRelayEvents } from '../context'
import { formatLocal } from '../i18n'
import { startupProblems } from './status-model'

/** Always visible: where alerts come in, how many wait, and whether anything is wrong. */
export function StatusStrip() {
  const { t } = useTranslation()
  const { api, attempt } = useApp()
  const [info, setInfo] = useState<AppInfo>()
  const [status, setStatus] = useState<DeliveryStatus>()
  const [settings, setSettings] = useState<Settings>()
  const refresh = useCallback(() => {
    void api
      .appInfo()
      .then(setInfo)
      .catch(() => {})
    void api
      .deliveryStatus()
      .then(setStatus)
      .catch(() => {})
    void api
      .getSettings()
      .then(setSettings)
      .catch(() => {})
  }, [api])
  useEffect(() => {
    refresh()
    const timer = setInterval(refresh, 10_000)
    return () => clearInterval(timer)
  }, [refresh])
  useRelayEvents((e) => {
    if (
      e.type === 'backlog' ||
      e.type === 'paused' ||
      e.type === 'listener' ||
      e.type === 'delivery' ||
      e.type === 'settings.changed'
    )
      refresh()
  })
  const failing = status?.channels.some((c) => c.lastOutcome === 'failed')
  const problems = info && settings ? startupProblems(info, settings) : undefined
  const otherWarnings = (info?.warnings ?? []).filter(
    (w) => !(problems?.simulatorDown && /simulator/i.test(w)),
  )
  return (
    <div className="status-strip" role="region" aria-label={t('status.label')}>
      <div className="status-line">
        <span>
          {t('status.listener')}:{' '}
          {info?.listener.state === 'listening' ? (
            <code>{info.listener.address}/alerts</code>
          ) : (
            <strong className="bad">{info?.listener.error ?? t('status.notListening')}</strong>
          )}
        </span>
        <span>
          {t('status.backlog')}: <strong>{status?.backlog ?? '…'}</strong>
        </span>
        {status?.paused ? (
          <span className="warn">
            {status.pausedUntil
              ? t('status.pausedUntil', { time: formatLocal(status.pausedUntil) })
              : t('status.paused')}{' '}
            <button
              type="button"
              onClick={() => void attempt(() => api.resumeDelivery().then(setStatus))}
            >
              {t('status.resume')}
            </button>
          </span>
        ) : (
          <span className={failing || problems?.simulatorDown ? 'bad' : 'good'}>
            {failing
              ? t('status.failing')
              : problems?.simulatorDown
                ? t('status.notAllGood')
                : t('status.allGood')}{' '}
            <button
              type="button"
              className="link"
              onClick={() => void attempt(() => api.pauseDelivery({ minutes: 15 }).then(setStatus))}
            >
              {t('status.pause15')}
            </button>
          </span>
        )}
      </div>
      {problems?.simulatorDown && (
        <div className="notice bad" role="alert" data-testid="simulator-problem">
          {t('status.simulatorDown', {
            reason: info?.warnings.find((w) => /simulator/i.test(w)) ?? '',
          })}
          {problems.seededChannels.map((c) => (
            <div key={c.channel}>{t('status.simulatorSeed', c)}</div>
          ))}
        </div>
      )}
      {otherWarnings.length > 0 && (
        <div className="notice" role="note" aria-label={t('status.warnings')}>
          {otherWarnings.join('\n')}
        </div>
      )}
    </div>
  )
}
