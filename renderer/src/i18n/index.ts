import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'

import type { Settings } from '../../../electron/core/settings/schema'
import { loadCoreTexts } from './core-text'
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

/** Local time with the zone, as on-call engineers read it: `2026-11-27 16:00:05 UTC+08:00`. */
export function formatLocal(iso: string | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const pad = (n: number) => String(n).padStart(2, '0')
  const off = -d.getTimezoneOffset()
  const zone = `UTC${off >= 0 ? '+' : '-'}${pad(Math.floor(Math.abs(off) / 60))}:${pad(Math.abs(off) % 60)}`
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())} ${zone}`
}
