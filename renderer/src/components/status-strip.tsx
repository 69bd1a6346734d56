import { useTranslation } from 'react-i18next'
import { useApp } from '../context'
import { formatLocal } from '../i18n'
import { useCoreText } from '../i18n/core-sentences'
import { useRelayStatus } from '../relay-status'
import { deliveryLine, startupProblems } from './status-model'

/** Always visible: where alerts come in, how many wait, and whether anything is wrong. */
export function StatusStrip() {
  const { t } = useTranslation()
  const ct = useCoreText()
  const { api, attempt } = useApp()
  const q = useRelayStatus()
  const { reload } = q
  const { info, status, settings } = q.data ?? {}
  const problems = info && settings ? startupProblems(info, settings) : undefined
  const line = status ? deliveryLine(status, !!problems?.simulatorDown) : undefined
  const otherWarnings = (info?.warnings ?? []).filter(
    (w) => w.text !== problems?.simulatorReason?.text,
  )
  return (
    <div className="status-strip" role="region" aria-label={t('status.label')}>
      <div className="status-line">
        <span>
          {t('status.listener')}:{' '}
          {info?.listener.state === 'listening' ? (
            <code>{info.listener.address}/alerts</code>
          ) : (
            <strong className="bad">
              {info?.listener.error ? ct(info.listener.error) : t('status.notListening')}
            </strong>
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
              onClick={() => void attempt(() => api.resumeDelivery()).then(reload)}
            >
              {t('status.resume')}
            </button>
          </span>
        ) : (
          <span
            className={
              line?.kind === 'allGood' ? 'good' : line?.kind === 'waiting' ? 'warn' : 'bad'
            }
            data-testid="delivery-line"
          >
            {line?.kind === 'failing'
              ? t('status.failing')
              : line?.kind === 'problem'
                ? t('status.notAllGood')
                : line?.kind === 'waiting'
                  ? line.next
                    ? t('status.waitingUntil', { count: line.count, time: formatLocal(line.next) })
                    : t('status.waiting', { count: line.count })
                  : line
                    ? t('status.allGood')
                    : '…'}{' '}
            <button
              type="button"
              className="link"
              onClick={() => {
                // Stops every channel: asked first, so a stray click or Enter pauses nothing.
                if (!confirm(t('trust.pauseQuestion'))) return
                void attempt(() => api.pauseDelivery({ minutes: 15 })).then(reload)
              }}
            >
              {t('status.pause15')}
            </button>
          </span>
        )}
      </div>
      {problems?.simulatorDown && (
        <div className="notice bad" role="alert" data-testid="simulator-problem">
          {t('status.simulatorDown', {
            reason: ct(problems.simulatorReason) || t('status.simulatorOff'),
          })}
          {problems.seededChannels.map((c) => (
            <div key={c.channel}>{t('status.simulatorSeed', c)}</div>
          ))}
        </div>
      )}
      {status?.storage && (
        <div className="notice bad" role="alert" data-testid="storage-problem">
          {ct(status.storage)}
        </div>
      )}
      {otherWarnings.length > 0 && (
        <div className="notice" role="note" aria-label={t('status.warnings')}>
          {otherWarnings.map((w) => ct(w)).join('\n')}
        </div>
      )}
    </div>
  )
}
