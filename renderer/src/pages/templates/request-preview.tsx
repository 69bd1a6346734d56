import { useTranslation } from 'react-i18next'
import type { Preview } from '../../../../electron/core/api/contract'
import { useCoreText } from '../../i18n/core-sentences'
import { LintItem } from './lint-item'

/**
 * An HTTP channel's request (method, URL, headers, body) or a script channel's input (command,
 * environment, stdin) for the sample alert, as the core built them with the senders' own code:
 * what is shown is what is sent, credentials masked.
 */
export function RequestPreview({ request, script }: Pick<Preview, 'request' | 'script'>) {
  const { t } = useTranslation()
  const ct = useCoreText()
  if (request)
    return (
      <section
        className="request-preview"
        aria-labelledby="http-request-title"
        data-testid="http-request"
      >
        <h3 id="http-request-title">{t('templatesRequest.httpTitle')}</h3>
        <p className="help">{t('templatesRequest.editBody')}</p>
        <pre className="typed-body" aria-label={t('templatesRequest.line')}>
          {`${request.method} ${request.url}`}
        </pre>
        <table className="request-headers">
          <caption>{t('templatesRequest.headers')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('templatesRequest.header')}</th>
              <th scope="col">{t('templatesRequest.value')}</th>
            </tr>
          </thead>
          <tbody>
            {request.headers.map((h) => (
              <tr key={h.name}>
                <th scope="row">
                  <code>{h.name}</code>
                </th>
                <td>
                  <code>{h.value}</code>
                  {h.masked && <span className="help"> ({t('templatesRequest.masked')})</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h4>{t('templatesRequest.body')}</h4>
        {request.json && <p className="help">{t('templatesRequest.bodyJson')}</p>}
        <pre className="typed-body" data-testid="http-body" tabIndex={0}>
          {request.body || t('templatesRequest.bodyEmpty')}
        </pre>
        <div className={`bytes${request.jsonError ? ' over' : ''}`} data-testid="http-byte-counter">
          {t('templatesRequest.bytes', { bytes: request.bytes })}
        </div>
        {request.jsonError && (
          <p className="error" role="alert" data-testid="http-body-error">
            {ct(request.jsonError)}
          </p>
        )}
        {request.lint.length > 0 && (
          <ul className="lint" data-testid="http-body-lint">
            {request.lint.map((i, n) => (
              <LintItem key={n} issue={i} />
            ))}
          </ul>
        )}
      </section>
    )
  if (script)
    return (
      <section
        className="request-preview"
        aria-labelledby="script-input-title"
        data-testid="script-input"
      >
        <h3 id="script-input-title">{t('templatesRequest.scriptTitle')}</h3>
        <pre className="typed-body" aria-label={t('templatesRequest.command')}>
          {script.command.join(' ')}
        </pre>
        <h4>{t('templatesRequest.env')}</h4>
        <pre className="typed-body" data-testid="script-env" tabIndex={0}>
          {script.env.map((e) => `${e.name}=${e.value}`).join('\n')}
        </pre>
        <h4>{t('templatesRequest.stdin')}</h4>
        <pre className="typed-body" data-testid="script-stdin" tabIndex={0}>
          {script.stdin}
        </pre>
        <div className="bytes">{t('templatesRequest.bytes', { bytes: script.bytes })}</div>
      </section>
    )
  return null
}
