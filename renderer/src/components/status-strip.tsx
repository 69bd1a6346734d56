import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppInfo } from '../../../electron/core/api/contract'
import type { DeliveryStatus } from '../../../electron/core/delivery/status'
import { useApp, useRelayEvents } from '../context'
import { formatLocal } from '../i18n'

/** Always visible: where alerts come in, how many wait, and whether anything is wrong. */
export function StatusStrip() {
  const { t } = useTranslation()
  const { api, attempt } = useApp()
  const [info, setInfo] = useState<AppInfo>()
  const [status, setStatus] = useState<DeliveryStatus>()
  const refresh = useCallback(() => {
    void api
      .appInfo()
      .then(setInfo)
      .catch(() => {})
    void api
      .deliveryStatus()
      .then(setStatus)
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
      e.type === 'delivery'
    )
      refresh()
  })
  const failing = status?.channels.some((c) => c.lastOutcome === 'failed')
  return (
    <div className="status-strip" aria-label="Status">
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
        <span className={failing ? 'bad' : 'good'}>
          {failing ? t('status.failing') : t('status.allGood')}{' '}
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
  )
}
