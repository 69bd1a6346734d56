import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import {
  fillTemplate,
  identifyCoreText,
  type CoreText,
} from '../../../electron/core/text/core-text'
import { CORE_ZH } from './core-zh'

/**
 * A sentence from the core in the window's language: identified by its code (the core's one
 * registry), translated with its parameters (a parameter that is itself a core sentence or phrase
 * is translated too), and shown as the core wrote it when no translation applies.
 */
export function coreText(language: string, x: string | CoreText | undefined): string {
  if (x === undefined) return ''
  const c = typeof x === 'string' ? identifyCoreText(x) : x
  if (!language.startsWith('zh')) return c.text
  if (c.parts) return c.parts.map((p) => coreText(language, p)).join('')
  const template = c.code && CORE_ZH[c.code]
  if (!template) return c.text
  const params = Object.fromEntries(
    Object.entries(c.params ?? {}).map(([k, v]) => [k, coreText(language, v)]),
  )
  return fillTemplate(template, params)
}

/** `coreText` bound to the window's current language. */
export function useCoreText(): (x: string | CoreText | undefined) => string {
  const { i18n } = useTranslation()
  const language = i18n.language
  return useCallback((x: string | CoreText | undefined) => coreText(language, x), [language])
}
