import { useCallback, useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CoreText } from '../../../electron/core/text/core-text'
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
 * A sentence from the core in the window's language: identified by its code (the core's one
 * registry), translated with its parameters (a parameter that is itself a core sentence or phrase
 * is translated too), and shown as the core wrote it when no translation applies (or, for the
 * moment the table takes to load, in English).
 */
export function coreText(language: string, x: string | CoreText | undefined): string {
  if (x === undefined) return ''
  if (!isZh(language) || !table) return typeof x === 'string' ? x : x.text
  return translate(table, typeof x === 'string' ? table.identify(x) : x)
}

function translate(t: CoreTable, c: CoreText): string {
  if (c.parts) return c.parts.map((p) => translate(t, p)).join('')
  const template = c.code && t.zh[c.code]
  if (!template) return c.text
  const params = Object.fromEntries(
    Object.entries(c.params ?? {}).map(([k, v]) => [k, translate(t, t.identify(v))]),
  )
  return t.fill(template, params)
}

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
