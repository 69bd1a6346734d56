import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'

import { WALL_CLOCK_FIELDS } from '../../../electron/core/time/wall-clock'
import type { Settings } from '../../../electron/core/settings/schema'
import { loadCoreTexts } from './core-sentences'
import { en } from './en'
import { zh } from './zh'

/** The languages the settings accept (the schema's own union). */
export type Language = Settings['app']['language']

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, zh: { translation: zh } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  })
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en'
  if (language === 'zh') void loadCoreTexts()
  return i18next
}

export function setLanguage(language: Language): void {
  void i18next.changeLanguage(language)
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en'
  if (language === 'zh') void loadCoreTexts()
}

/** The zone the window shows times in: `app.timeZone`, empty for the machine's own. */
let displayZone = ''

/**
 * Shows every time in the window in `zone` (the setting `app.timeZone`; empty: the machine's), as
 * messages do. Re-announces the language so that every translated component renders again.
 */
export function setTimeZone(zone: string): void {
  if (zone === displayZone) return
  displayZone = zone
  if (i18next.isInitialized) void i18next.changeLanguage(i18next.language)
}

/**
 * One formatter per zone, made once: making one costs about a millisecond, and History formats a
 * time for every row that scrolls into view (tens a frame).
 */
const formatters = new Map<string, Intl.DateTimeFormat>()
function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      ...WALL_CLOCK_FIELDS,
      ...(zone ? { timeZone: zone } : {}),
      timeZoneName: 'longOffset',
    })
    formatters.set(zone, f)
  }
  return f
}

/**
 * A time in the zone the person chose (`app.timeZone`), with that zone, as on-call engineers read
 * it: `2026-11-27 16:00:05 UTC+08:00`. Every page shows times through this one function.
 */
export function formatLocal(iso: string | undefined, zone: string = displayZone): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  let parts: Intl.DateTimeFormatPart[]
  try {
    parts = formatterFor(zone).formatToParts(d)
  } catch {
    // A zone this browser does not know: the machine's, rather than no time at all.
    return zone ? formatLocal(iso, '') : iso
  }
  const p = (type: Intl.DateTimeFormatPartTypes) => parts.find((x) => x.type === type)?.value ?? ''
  // `GMT+08:00`, or plain `GMT` at zero.
  const offset = p('timeZoneName').replace(/^GMT/, '') || '+00:00'
  return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')}:${p('second')} UTC${offset}`
}
