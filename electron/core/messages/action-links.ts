import type { Alert } from '../alerts/model'
import { utf8Length } from '../templates/bytes'
import type { TemplateLanguage } from '../templates/defaults'
import type { MessageFormat } from '../templates/formats'
import { uiLink } from './ui-links'

/**
 * "Acknowledge · Mute 1 h" under a message, linking back to the relay's window (`app.linkBaseUrl`)
 * for the person at the workstation. The links carry no token and do nothing by themselves: the
 * window shows the alert and asks for one click (and, in a browser, for the UI token first).
 */

/**
 * A digest's one link lists its firing alerts' ids up to this many; past it, the link opens Now.
 * One link, not two, and a small cap: in a storm every byte the links take is an alert less per
 * message.
 */
export const MAX_LINKED_IDS = 10

const WORDS = {
  en: {
    ack: 'Acknowledge',
    mute: 'Mute 1 h',
    these: (n: number) => `Acknowledge or mute these ${n}`,
    now: 'Open Now',
  },
  zh: {
    ack: '确认',
    mute: '静音 1 小时',
    these: (n: number) => `确认或静音这 ${n} 条`,
    now: '打开“当前”',
  },
}

function line(links: ReadonlyArray<[text: string, url: string]>, format: MessageFormat): string {
  if (format === 'text') return `\n\n${links.map(([t, u]) => `${t}: ${u}`).join('\n')}`
  return `\n\n${links.map(([t, u]) => `[${t}](${u})`).join(' · ')}`
}

/**
 * The links a message carrying `alerts` ends with ('' when `base` is empty or nothing in it is
 * firing): one alert → acknowledge it, mute it; a digest → one link to its firing alerts on the
 * Now page (both buttons there), or, past `MAX_LINKED_IDS`, to the Now page itself.
 */
export function actionLinks(
  alerts: ReadonlyArray<Pick<Alert, 'id' | 'status'>>,
  format: MessageFormat,
  base: string,
  language?: TemplateLanguage,
): string {
  if (!base) return ''
  const w = WORDS[language === 'zh' ? 'zh' : 'en']
  const firing = alerts.filter((a) => a.status === 'firing')
  if (!firing.length) return ''
  if (alerts.length === 1) {
    const id = firing[0]!.id
    return line(
      [
        [w.ack, uiLink(base, 'now', id, { action: 'ack' })!],
        [w.mute, uiLink(base, 'now', id, { action: 'mute' })!],
      ],
      format,
    )
  }
  if (firing.length > MAX_LINKED_IDS) return line([[w.now, uiLink(base, 'now')!]], format)
  const ids = firing.map((a) => a.id).join(',')
  return line([[w.these(firing.length), uiLink(base, 'now', undefined, { alerts: ids })!]], format)
}

/**
 * Bytes to keep free for the links before the message is packed: the most the links can take for
 * any message made from the front of `alerts` (one alone, or a digest of up to all of them).
 */
export function actionLinksReserve(
  alerts: ReadonlyArray<Pick<Alert, 'id' | 'status'>>,
  format: MessageFormat,
  base: string,
  language?: TemplateLanguage,
): number {
  if (!base || !alerts.length) return 0
  const alone = utf8Length(actionLinks(alerts.slice(0, 1), format, base, language))
  if (alerts.length === 1) return alone
  // The longest a digest's links get: all the firing alerts one link lists, or the Now link.
  const firing = alerts.filter((a) => a.status === 'firing').slice(0, MAX_LINKED_IDS)
  const longestId = Math.max(0, ...alerts.map((a) => a.id.length))
  // A resolved one keeps the sample a digest even when a single alert in it fires.
  const sample = [
    ...firing.map((a) => ({ id: 'x'.repeat(longestId), status: a.status })),
    { id: '', status: 'resolved' as const },
  ]
  const w = WORDS[language === 'zh' ? 'zh' : 'en']
  const many = Math.max(
    utf8Length(actionLinks(sample, format, base, language)),
    utf8Length(line([[w.now, uiLink(base, 'now')!]], format)),
  )
  return Math.max(alone, many)
}
