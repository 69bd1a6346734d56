import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CoreText } from '../../../electron/core/text/core-text'
import type { CoreCode } from '../../../electron/core/text/text-registry'
import type { CoreTable } from './core-zh-table'

let table: CoreTable | undefined
let loading: Promise<CoreTable> | undefined

/**
 * Loads the registry and the Chinese table (their own chunk: an English window never needs them,
 * the core writes English). Started as soon as the window knows it is in 简体中文.
 */
export function loadCoreTexts(): Promise<CoreTable> {
  loading ??= import('./core-zh-table').then((m) => (table = m.TABLE))
  return loading
}

const isZh = (language: string) => language.startsWith('zh')

/**
 * A sentence from the core in the window's language, by its code: a sentence the core wrote with
 * `say` carries its code and parameters (a parameter that is a sentence carries its own); an
 * English string (a record stored before codes existed) is identified by the registry's templates
 * first. Shown as the core wrote it when no translation applies (or, for the moment the table
 * takes to load, in English).
 */
export function coreText(language: string, x: string | CoreText | undefined): string {
  if (x === undefined) return ''
  if (!isZh(language) || !table) return typeof x === 'string' ? x : x.text
  return typeof x === 'string' ? translate(table, table.identify(x), true) : translate(table, x)
}

function translate(t: CoreTable, c: CoreText, stored = false): string {
  if (c.parts) return c.parts.map((p) => translate(t, p, stored)).join('')
  const template = c.code && t.zh[c.code]
  if (!template) return c.text
  const params = Object.fromEntries(
    Object.entries(c.params ?? {}).map(([k, v]) => {
      const nested = c.nested?.[k]
      if (nested) return [k, translate(t, nested)]
      // A stored sentence's parameter may be a sentence or phrase of its own: identified too.
      return [k, stored ? translate(t, t.identify(v), true) : v]
    }),
  )
  return t.fill(template, params)
}

/**
 * A field error or warning from the API as a sentence: its English with the code, parameters and
 * nested sentences the core wrote it with, so the window words it by its code.
 */
export const fieldSentence = (e: {
  message: string
  code?: CoreCode
  params?: Record<string, string>
  nested?: Record<string, CoreText>
}): CoreText => ({ text: e.message, code: e.code, params: e.params, nested: e.nested })

/** `coreText` bound to the window's current language (drawn again once the table is loaded). */
export function useCoreText(): (x: string | CoreText | undefined) => string {
  const { i18n } = useTranslation()
  const language = i18n.language
  const [loaded, setLoaded] = useState(!!table)
  useEffect(() => {
    if (isZh(language) && !table) void loadCoreTexts().then(() => setLoaded(true))
  }, [language])
  return useCallback(
    (x: string | CoreText | undefined) => coreText(language, x),
    // `loaded` changes the result: the table arrived.
    [language, loaded],
  )
}
