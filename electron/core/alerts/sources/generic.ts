import { levelFromTags, mapLevel } from '../levels'
import { stringMap, type AlertDraft } from '../model'
import { first, formatTime, isRecord, str } from '../normalize'
import { isFiringWord, isResolvedWord, isTrueFlag } from '../recovery'
import { readTags } from '../tags'
import { senderTime } from '../times'
import { SourceError } from './source-errors'

/**
 * Any JSON (or form-encoded) body no reader claims: a field mapping of dotted paths picks the
 * variables; what is not mapped is looked for under the names senders commonly use, at the top
 * and one or two objects down, so `curl -d '{"title":"…"}'` works with no setup and an unknown
 * sender still shows what broke, where, how bad, and when. What it could not place is listed in a
 * short "Other fields" line (`fact_other`), never dumped as JSON.
 */
export interface GenericMapping {
  /** Dotted path to the list of alerts inside the body; empty: the body (object or array). */
  itemsPath: string
  /** Template variable → dotted path in each item. */
  fields: Record<string, string>
}

/** The usual names for each variable, most telling first. */
export const CANDIDATES: Record<string, string[]> = {
  alarm_name: [
    'alarm_name',
    'alertname',
    'alertName',
    'alert_name',
    'rule_name',
    'ruleName',
    'labels.alertname',
    'title',
    'name',
    'subject',
    'rule',
    'event_definition_title',
    'messageTitle',
    'check.alias',
    'check.url',
    'check_name',
    'monitor_friendly_name',
    'monitorFriendlyName',
    'monitor_name',
    'monitorName',
    'search_name',
    'searchName',
    'event',
  ],
  alarm_level: [
    'alarm_level',
    'severity',
    'level',
    'priority',
    'urgency',
    'alert_level',
    'severity_level',
    'triggerLevel',
    'labels.severity',
    'labels.priority',
  ],
  alarm_target: [
    'alarm_target',
    'instance',
    'instanceName',
    'host',
    'hostname',
    'host_name',
    'ident',
    'target_ident',
    'resource_display_name',
    'resource_name',
    'resource',
    'object',
    'device',
    'node',
    'server',
    'service',
    'entity',
    'address',
    'monitor_url',
    'monitorURL',
    'tag.monitorName',
    'labels.instance',
    'target',
    'source',
  ],
  alarm_summary: [
    'alarm_summary',
    'summary',
    'annotations.summary',
    'message',
    'msg',
    'text',
    'content',
    'messageBody',
    'output',
    'title',
    'subject',
  ],
  alarm_description: [
    'alarm_description',
    'description',
    'details',
    'detail',
    'body',
    'message',
    'long_description',
    '_raw',
  ],
  alarm_url: [
    'alarm_url',
    'url',
    'link',
    'href',
    'html_url',
    'web_url',
    'permalink',
    'generatorURL',
    'detectorUrl',
    'incident_url',
    'alert_url',
    'results_link',
    'runbookUrl',
  ],
  alarm_status: [
    'alarm_status',
    'status',
    'state',
    'current_state',
    'alertState',
    'alert_state',
    'notification_type',
    'event_type',
    'action',
    'alert_type_friendly_name',
    'alertTypeFriendlyName',
  ],
  alarm_active_at: [
    'alarm_active_at',
    'startsAt',
    'startedAt',
    'started_at',
    'startAt',
    'start_time',
    'activeAt',
    'triggered_at',
    'trigger_time',
    'fired_at',
    'occurred_at',
    'event_time',
    'state_changed_timestamp',
    'alert_datetime',
    'alertDateTime',
    'timestamp',
    'time',
    '_time',
    'created_at',
    'createdAt',
    'gmtCreate',
    'short_date_time',
    'long_date_time',
    'date',
  ],
  value: [
    'value',
    'curValue',
    'current',
    'current_value',
    'currentValue',
    'observed_value',
    'metric_value',
    'trigger_value',
  ],
  alarm_threshold: ['threshold', 'alarm_threshold', 'trigger_threshold'],
  alarm_id: ['alarm_id', 'id', 'eventId', 'event_id', 'incident_id', 'incidentId'],
}

/** Where a list of alerts usually sits inside a body. */
const LIST_KEYS = [
  'alerts',
  'alarms',
  'events',
  'incidents',
  'items',
  'records',
  'results',
  'data',
  'list',
  'notifications',
  'messages',
]
/** Objects an alert usually sits in, when the body wraps one. */
const WRAPPERS = ['alert', 'alarm', 'incident', 'event', 'data', 'payload', 'detail', 'issue']
/**
 * Objects that describe who sent or handled the alert, not the alert: their `name` is the
 * integration's or a person's (Opsgenie's `source.name` is "web"), never what broke.
 */
const NOT_THE_ALERT = new Set([
  'source',
  'sender',
  'integration',
  'webhook',
  'agent',
  'user',
  'actor',
  'creator',
  'owner',
  'client',
])
/** Never shown in "Other fields": credentials and signatures. */
const SECRET = /token|secret|passw|signature|api_?key|auth|cookie|credential/i
const OTHER_MAX = 5

export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const part of path.split('.').filter(Boolean)) {
    if (part === '__proto__' || part === 'constructor' || part === 'prototype') return undefined
    if (Array.isArray(cur) && /^\d+$/.test(part)) cur = cur[Number(part)]
    else if (isRecord(cur) && Object.hasOwn(cur, part)) cur = cur[part]
    else return undefined
  }
  return cur
}

/** The items of a body: the mapped list, a top-level list, a common key's list of objects, or the body. */
function itemsOf(body: unknown, mapping: GenericMapping): { container: unknown; items: unknown[] } {
  if (mapping.itemsPath) {
    const container = getPath(body, mapping.itemsPath)
    return { container, items: Array.isArray(container) ? container : [container] }
  }
  if (Array.isArray(body)) return { container: body, items: body }
  if (isRecord(body)) {
    for (const key of LIST_KEYS) {
      const list = body[key]
      if (Array.isArray(list) && list.length && list.every(isRecord))
        return { container: list, items: list }
    }
  }
  return { container: body, items: [body] }
}

/** Objects to look in, nearest first: the item, then the objects it wraps (two levels down). */
function scopesOf(
  item: Record<string, unknown>,
): Array<{ path: string; obj: Record<string, unknown> }> {
  const scopes = [{ path: '', obj: item }]
  const wrapped = (o: Record<string, unknown>, prefix: string, depth: number) => {
    const keys = [
      ...WRAPPERS.filter((k) => isRecord(o[k])),
      ...Object.keys(o).filter((k) => !WRAPPERS.includes(k) && isRecord(o[k])),
    ]
    for (const k of keys) {
      if (k === 'labels' || k === 'annotations' || k === 'tags' || NOT_THE_ALERT.has(k)) continue
      const obj = o[k] as Record<string, unknown>
      scopes.push({ path: `${prefix}${k}.`, obj })
      if (depth < 2) wrapped(obj, `${prefix}${k}.`, depth + 1)
    }
  }
  wrapped(item, '', 1)
  return scopes
}

export function fromGenericJson(
  body: unknown,
  mapping: GenericMapping = { itemsPath: '', fields: {} },
): AlertDraft[] {
  const { container, items } = itemsOf(body, mapping)
  if (!items.length) throw new SourceError('The body holds an empty list: there is no alert in it.')
  const guessed = !Object.keys(mapping.fields).length
  return items.map((item, i): AlertDraft => {
    if (!isRecord(item)) {
      throw new SourceError(
        mapping.itemsPath && container === undefined
          ? `The body has nothing at "${mapping.itemsPath}" (the generic source's itemsPath): fix the path or the body.`
          : `${Array.isArray(container) ? `Item ${i}` : 'The body'} is not a JSON object: send {"title": "…", "severity": "…"} or plain text.`,
      )
    }
    const scopes = scopesOf(item)
    const used = new Set<string>()
    let timeKey = ''
    const find = (name: string): string | undefined => {
      const mapped = mapping.fields[name]
      if (mapped) {
        used.add(mapped.split('.')[0]!)
        return str(getPath(item, mapped))
      }
      for (const { path, obj } of scopes) {
        for (const key of CANDIDATES[name] ?? []) {
          const v = str(getPath(obj, key))
          if (v !== undefined && v.trim() !== '') {
            if (name === 'alarm_url' && !/^https?:\/\//i.test(v.trim())) continue
            const top = (path + key).split('.')[0]!
            used.add(top)
            if (name === 'alarm_active_at') timeKey = top
            return v
          }
        }
      }
      return undefined
    }
    const vars: Record<string, string | undefined> = {}
    for (const name of new Set([...Object.keys(CANDIDATES), ...Object.keys(mapping.fields)]))
      vars[name] = find(name)
    const labels = {
      ...readTags(item.tags),
      ...stringMap(item.labels),
    }
    const level = mapLevel(vars.alarm_level ?? levelFromTags(labels))
    vars.alarm_level = level.level
    vars.alarm_level_raw = level.raw
    // A time it cannot read is not shown as the start (the arrival is); it stays in Other fields.
    const when = senderTime(vars.alarm_active_at)
    if (!when && vars.alarm_active_at) used.delete(timeKey)
    vars.alarm_active_raw = when
    vars.alarm_active_at = when ? formatTime(when) : undefined
    if (vars.alarm_description === vars.alarm_summary) vars.alarm_description = undefined
    vars.alarm_name ??= first(vars.alarm_summary)?.slice(0, 120) ?? 'Alert'
    const statusWord = vars.alarm_status?.trim() ?? ''
    const resolved =
      isResolvedWord(statusWord) ||
      /^(recovery|incident\.resolved|resolve)$/i.test(statusWord) ||
      (!isFiringWord(statusWord) &&
        (isTrueFlag(item.is_recovered) || isTrueFlag(item.resolved) || isTrueFlag(item.recovered)))
    vars.alarm_status_raw = statusWord || undefined
    if (vars.value) vars.fact_current = vars.value
    if (vars.alarm_threshold) vars.fact_threshold = vars.alarm_threshold
    if (guessed) {
      vars.alarm_guessed = 'sender not recognised'
      vars.fact_other = otherFields(item, used)
    }
    return {
      source: 'generic',
      status: resolved ? 'resolved' : 'firing',
      vars: stringMap(vars),
      labels,
      annotations: stringMap(item.annotations),
      raw: item,
    }
  })
}

/** Up to five top-level values no variable took, as `key: value` pairs, secrets left out. */
function otherFields(item: Record<string, unknown>, used: Set<string>): string | undefined {
  const parts: string[] = []
  let more = 0
  for (const [k, v] of Object.entries(item)) {
    if (used.has(k) || SECRET.test(k) || k === 'labels' || k === 'annotations' || k === 'tags')
      continue
    const s =
      typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
        ? String(v).trim()
        : ''
    if (!s || s.length > 80) continue
    if (parts.length < OTHER_MAX) parts.push(`${k}: ${s}`)
    else more++
  }
  if (!parts.length) return undefined
  return more ? `${parts.join(', ')} (+${more})` : parts.join(', ')
}

/** A plain-text body (`curl -d 'disk full on db-1'`): one alert whose summary is the text. */
export function fromText(text: string): AlertDraft[] {
  const body = text.trim()
  if (!body) throw new SourceError('The body is empty: send the alert text, or JSON.')
  const firstLine = body.split('\n', 1)[0]!.trim()
  return [
    {
      source: 'generic',
      status: 'firing',
      vars: stringMap({
        alarm_name: firstLine.length > 120 ? `${firstLine.slice(0, 117)}…` : firstLine,
        alarm_summary: body,
      }),
      labels: {},
      annotations: {},
      raw: body,
    },
  ]
}
