import {
  MAPPED_FIELDS,
  type MappedField,
  type SourceMappingInput,
} from '../../../../electron/core/alerts/mapping-schema'
import { LEVEL_ORDER } from '../../../../electron/core/alerts/levels'

/** The form of a mapping being drawn: the value table and resolved values as text. */
export interface MappingForm {
  name: string
  itemsPath: string
  fields: Partial<Record<MappedField, string>>
  levelsText: string
  resolvedText: string
  timeFormat: 'auto' | 'epoch-s' | 'epoch-ms' | 'local'
}

export const emptyForm = (): MappingForm => ({
  name: '',
  itemsPath: '',
  fields: {},
  levelsText: '',
  resolvedText: '',
  timeFormat: 'auto',
})

/** `critical=down` lines → the level table (unknown levels are left for the schema to refuse). */
export function parseLevels(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of text.split(/\n|,/)) {
    const m = /^\s*(.+?)\s*[=:→]\s*(\S+)\s*$/.exec(line)
    if (m) out[m[1]!] = m[2]!.toLowerCase()
  }
  return out
}

/** The form → what the settings file keeps (the name may still be empty while drawing). */
export function toMapping(form: MappingForm): SourceMappingInput {
  const fields: Partial<Record<MappedField, string>> = {}
  for (const f of MAPPED_FIELDS) if (form.fields[f]) fields[f] = form.fields[f]
  return {
    name: form.name.trim(),
    itemsPath: form.itemsPath.trim(),
    fields,
    levels: parseLevels(form.levelsText) as SourceMappingInput['levels'],
    resolvedValues: form.resolvedText
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
    timeFormat: form.timeFormat,
  }
}

/** A saved mapping → the form. */
export function toForm(m: SourceMappingInput): MappingForm {
  return {
    name: m.name,
    itemsPath: m.itemsPath ?? '',
    fields: { ...(m.fields ?? {}) },
    levelsText: Object.entries(m.levels ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
    resolvedText: (m.resolvedValues ?? []).join(', '),
    timeFormat: m.timeFormat ?? 'auto',
  }
}

/** True when the form maps anything at all (else the body is read as the relay detects it). */
export const mapsAnything = (form: MappingForm) =>
  !!form.itemsPath.trim() || MAPPED_FIELDS.some((f) => form.fields[f])

export { LEVEL_ORDER, MAPPED_FIELDS, type MappedField }
