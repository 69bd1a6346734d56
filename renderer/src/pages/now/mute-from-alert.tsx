import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Alert } from '../../../../electron/core/alerts/model'
import { prefillMatchers } from '../../../../electron/core/oncall/views'
import { Panel } from './panel'

/** "Mute from this alert": the mute form, prefilled with the alert's name and target. */
export function MuteFromAlert({ alert }: { alert: Pick<Alert, 'vars' | 'labels'> }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const name = alert.vars.alarm_name || alert.labels.alertname || ''
  if (!open)
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {t('now.muteFromAlert')}
      </button>
    )
  return (
    <Panel
      state={{
        kind: 'mute',
        matchers: prefillMatchers({
          name,
          target: alert.vars.alarm_target || '',
          labels: alert.labels,
        }),
        what: name,
      }}
      onClose={() => setOpen(false)}
      onDone={() => setOpen(false)}
    />
  )
}
