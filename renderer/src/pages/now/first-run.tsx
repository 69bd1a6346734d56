import { useTranslation } from 'react-i18next'
import { useApp } from '../../context'
import { useRelayStatus } from '../../relay-status'

/** A generic JSON alert, as the README's curl example posts it. */
const SAMPLE =
  '{"title":"DiskFull","severity":"critical","host":"db-1","message":"/data is 97% full"}'

/** The curl that posts a sample alert to this relay's listener (the token as a variable). */
export function sampleCurl(address: string, token: boolean): string {
  return [
    `curl -H 'Content-Type: application/json' \\`,
    ...(token ? [`  -H "Authorization: Bearer $RELAY_TOKEN" \\`] : []),
    `  -d '${SAMPLE}' \\`,
    `  ${address}/alerts`,
  ].join('\n')
}

/** Nothing is firing: how to see the relay work, in one command, and where the message lands. */
export function FirstRun() {
  const { t } = useTranslation()
  const { notify } = useApp()
  // The status strip's own answer: the same listener address, followed through a rebind.
  const q = useRelayStatus()
  const info = q.data?.info
  const address = info?.listener.state === 'listening' ? info.listener.address : undefined
  const token = !!q.data?.settings.listener.token
  const curl = address ? sampleCurl(address, token) : undefined
  return (
    <div className="now-first-run" data-testid="first-run">
      <p className="empty">{t('now.empty')}</p>
      {curl && (
        <>
          <p>{t(token ? 'now.firstRunTryToken' : 'now.firstRunTry')}</p>
          <pre className="code" tabIndex={0} aria-label={t('now.firstRunCurl')}>
            {curl}
          </pre>
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard
                .writeText(curl)
                .then(() => notify('ok', t('common.copied')))
                .catch(() => notify('error', t('test.copyFailed')))
            }
          >
            {t('now.copyCurl')}
          </button>
        </>
      )}
      {info?.simulator && (
        <p>
          {t('now.firstRunSee')}{' '}
          <a href={`${info.simulator}/`} target="_blank" rel="noreferrer">
            {t('now.simulatorPage')}
          </a>
        </p>
      )}
    </div>
  )
}
