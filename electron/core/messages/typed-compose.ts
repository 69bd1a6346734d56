import type { Alert } from '../alerts/model'
import type { MessageParts } from '../channels/channel-sender'
import { isTypedRobot } from '../channels/robot-bodies'
import type { TemplateLanguage } from '../templates/defaults'

export { isTypedRobot }

/** The links one alert's message offers (a card's buttons), in the channel's language. */
const LINKS = [
  ['alarm_url', 'Open', '打开'],
  ['alarm_dashboard_url', 'Dashboard', '仪表盘'],
  ['alarm_runbook_url', 'Runbook', '处理手册'],
  ['alarm_silence_url', 'Silence', '静默'],
] as const

/**
 * The facts a message states beside its text, from the alerts it carries: the title (the name,
 * marked when resolved, or the count of a digest), the first alert's level and status (a card's
 * colour) and their links (buttons, post links): an alert's source, dashboard, runbook and
 * silence; a digest's first three sources.
 */
export function messageFacts(
  alerts: ReadonlyArray<Pick<Alert, 'vars' | 'status'>>,
  language?: TemplateLanguage,
): Pick<MessageParts, 'title' | 'level' | 'status' | 'links'> {
  const first = alerts[0]!
  const zh = language === 'zh'
  const links =
    alerts.length === 1
      ? LINKS.flatMap(([v, en, cn]) => {
          const url = first.vars[v]
          return url ? [{ text: zh ? cn : en, url }] : []
        })
      : alerts
          .map((a) => a.vars.alarm_url)
          .filter((u): u is string => !!u)
          .slice(0, 3)
          .map((url, n) => ({ text: `${zh ? '打开' : 'Open'} ${n + 1}`, url }))
  return {
    title:
      alerts.length === 1
        ? `${first.vars.alarm_name ?? 'Alert'}${first.status === 'resolved' ? ' (resolved)' : ''}`
        : `${alerts.length} alerts`,
    level: first.vars.alarm_level,
    status: first.status,
    links,
  }
}
