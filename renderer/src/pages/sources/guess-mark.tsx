import { useTranslation } from 'react-i18next'

/** "Sender not recognised", with the link that maps it: History and the Now page show it. */
export function GuessMark({ alertId }: { alertId: string }) {
  const { t } = useTranslation()
  return (
    <span className="guess-mark">
      {' '}
      <span className="badge guessed" title={t('sourceMap.guessed')}>
        {t('sourceMap.notRecognised')}
      </span>{' '}
      <a href={`#/sources/${encodeURIComponent(alertId)}`}>{t('sourceMap.mapIt')}</a>
    </span>
  )
}
