import { mapLevel, type Level } from '../levels'
import type { SourceMapping } from '../mapping-schema'
import type { AlertDraft } from '../model'
import { formatTime, isRecord, str } from '../normalize'
import { isResolvedWord } from '../recovery'
import { readTags } from '../tags'
import { senderTime } from '../times'
import { fromGenericJson, getPath } from './generic'

/** A mapped field → the variable the generic reader fills from that path. */
const VARIABLE: Record<string, string> = {
  title: 'alarm_name',
  level: 'alarm_level',
  status: 'alarm_status',
  time: 'alarm_active_at',
  target: 'alarm_target',
  summary: 'alarm_summary',
  value: 'value',
  link: 'alarm_url',
}

/** A time written in the mapping's format, as the display re-reads it. */
function mappedTime(v: unknown, format: SourceMapping['timeFormat']): string | undefined {
  const s = str(v)?.trim()
  if (!s) return undefined
  if (format === 'epoch-s' || format === 'epoch-ms') {
    const n = Number(s)
    if (!Number.isFinite(n) || n <= 0) return undefined
    return String(Math.round(format === 'epoch-s' ? n * 1000 : n))
  }
  return senderTime(s)
}

/**
 * A body read with a person's mapping: the mapped paths win; the rest is found as the generic
 * reader finds it. The level goes through the mapping's value table first, the status through its
 * resolved values; the alert is not a guess (a person said where things are).
 */
export function fromMapping(body: unknown, m: SourceMapping): AlertDraft[] {
  const fields: Record<string, string> = {}
  for (const [field, variable] of Object.entries(VARIABLE)) {
    const p = m.fields[field as keyof SourceMapping['fields']]
    if (p) fields[variable] = p
  }
  // A mapping with no field set still is a mapping: the list path alone is a person's choice.
  const drafts = fromGenericJson(body, { itemsPath: m.itemsPath, fields })
  const table = new Map(Object.entries(m.levels).map(([k, v]) => [k.trim().toLowerCase(), v]))
  const resolved = new Set(m.resolvedValues.map((v) => v.trim().toLowerCase()))
  return drafts.map((d) => {
    const item = d.raw
    const vars = { ...d.vars }
    delete vars.alarm_guessed
    delete vars.fact_other
    vars.alarm_mapping = m.name
    const levelWord = m.fields.level ? str(getPath(item, m.fields.level))?.trim() : undefined
    if (levelWord) {
      const mapped: Level | undefined = table.get(levelWord.toLowerCase())
      const level = mapped
        ? { level: mapped, raw: levelWord.toLowerCase() === mapped ? undefined : levelWord }
        : mapLevel(levelWord)
      vars.alarm_level = level.level ?? ''
      if (level.raw) vars.alarm_level_raw = level.raw
      else delete vars.alarm_level_raw
    }
    let status = d.status
    if (m.fields.status) {
      const word = str(getPath(item, m.fields.status))?.trim() ?? ''
      status = (resolved.size ? resolved.has(word.toLowerCase()) : isResolvedWord(word))
        ? 'resolved'
        : 'firing'
    }
    if (m.fields.time) {
      const when = mappedTime(getPath(item, m.fields.time), m.timeFormat)
      if (when) {
        vars.alarm_active_raw = when
        vars.alarm_active_at = formatTime(when) ?? when
      }
    }
    const labels = m.fields.labels ? readTags(getPath(item, m.fields.labels)) : d.labels
    return { ...d, status, vars, labels: isRecord(labels) ? labels : {} }
  })
}
