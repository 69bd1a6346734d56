import { useTranslation } from 'react-i18next'
import { useApp } from '../../context'
import { firstAnswer } from '../../first-load'
import { useRelayQuery } from '../../use-relay-query'

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
  // The first page's early answers, when they are there: the status strip read the same two.
  const q = useRelayQuery(
    async (a) => {
      const [info, settings] = await Promise.all([a.appInfo(), a.getSettings()])
      return { info, token: !!settings.listener.token }
    },
    [],
    undefined,
    () => {
      const [info, settings] = [firstAnswer('appInfo'), firstAnswer('getSettings')]
      return info && settings ? { info, token: !!settings.listener.token } : undefined
    },
  )
  const info = q.data?.info
  const address = info?.listener.state === 'listening' ? info.listener.address : undefined
  const curl = address ? sampleCurl(address, q.data!.token) : undefined
  return (
    <div className="now-first-run" data-testid="first-run">
      <p className="empty">{t('now.empty')}</p>
      {curl && (
        <>
          <p>{t(q.data!.token ? 'now.firstRunTryToken' : 'now.firstRunTry')}</p>
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
