import { stringMap, type AlertDraft } from '../model'
import { mapLevel } from '../levels'
import { first, formatTime, isRecord, str } from '../normalize'
import { SourceError } from './errors'

/**
 * Any JSON (or form-encoded) body: a field mapping of dotted paths picks the variables. Fields not
 * mapped are looked for under the names senders commonly use (Zabbix-style subjects, Aliyun
 * CloudMonitor's alertName/alertState, …), so `curl -d '{"title":"…"}'` works with no setup.
 */
export interface GenericMapping {
  /** Dotted path to the list of alerts inside the body; empty: the body (object or array). */
  itemsPath: string
  /** Template variable → dotted path in each item. */
  fields: Record<string, string>
}

const CANDIDATES: Record<string, string[]> = {
  alarm_name: [
    'alarm_name',
    'alertname',
    'alertName',
    'name',
    'title',
    'subject',
    'rule',
    'ruleName',
    'labels.alertname',
    'check.alias',
    'check.url',
    'event',
  ],
  alarm_level: [
    'alarm_level',
    'severity',
    'level',
    'priority',
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
    'tag.monitorName',
    'labels.instance',
    'target',
    'resource',
    'service',
  ],
  alarm_summary: [
    'alarm_summary',
    'summary',
    'annotations.summary',
    'message',
    'msg',
    'text',
    'content',
    'title',
    'subject',
  ],
  alarm_description: ['alarm_description', 'description', 'details', 'detail', 'body', 'message'],
  alarm_url: ['alarm_url', 'url', 'link', 'href', 'generatorURL'],
  alarm_status: ['alarm_status', 'status', 'state', 'alertState'],
  alarm_active_at: [
    'alarm_active_at',
    'startsAt',
    'startedAt',
    'startAt',
    'activeAt',
    'timestamp',
    'time',
    'createdAt',
    'gmtCreate',
  ],
  value: ['value', 'curValue', 'current'],
  alarm_id: ['alarm_id', 'id', 'eventId', 'event_id'],
}

const RESOLVED = /^(resolved|recovered|ok|closed|normal|inactive|up|check\.up|恢复|已恢复|已消除)$/i

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

export function fromGenericJson(
  body: unknown,
  mapping: GenericMapping = { itemsPath: '', fields: {} },
): AlertDraft[] {
  const container = mapping.itemsPath ? getPath(body, mapping.itemsPath) : body
  const items = Array.isArray(container) ? container : [container]
  if (!items.length) throw new SourceError('The body holds an empty list: there is no alert in it.')
  return items.map((item, i): AlertDraft => {
    if (!isRecord(item)) {
      throw new SourceError(
        mapping.itemsPath && container === undefined
          ? `The body has nothing at "${mapping.itemsPath}" (the generic source's itemsPath): fix the path or the body.`
          : `${Array.isArray(container) ? `Item ${i}` : 'The body'} is not a JSON object: send {"title": "…", "severity": "…"} or plain text.`,
      )
    }
    const pick = (name: string) => {
      const mapped = mapping.fields[name]
      if (mapped) return str(getPath(item, mapped))
      for (const key of CANDIDATES[name] ?? []) {
        const v = str(getPath(item, key))
        if (v !== undefined && v !== '') return v
      }
      return undefined
    }
    const vars: Record<string, string | undefined> = {}
    for (const name of new Set([...Object.keys(CANDIDATES), ...Object.keys(mapping.fields)]))
      vars[name] = pick(name)
    const level = mapLevel(vars.alarm_level)
    vars.alarm_level = level.level
    vars.alarm_level_raw = level.raw
    vars.alarm_active_raw = vars.alarm_active_at
    vars.alarm_active_at = formatTime(vars.alarm_active_at) ?? vars.alarm_active_at
    if (vars.alarm_description === vars.alarm_summary) vars.alarm_description = undefined
    vars.alarm_name ??= first(vars.alarm_summary)?.slice(0, 120) ?? 'Alert'
    return {
      source: 'generic',
      status: RESOLVED.test(vars.alarm_status?.trim() ?? '') ? 'resolved' : 'firing',
      vars: stringMap(vars),
      labels: stringMap(isRecord(item.labels) ? item.labels : isRecord(item.tags) ? item.tags : {}),
      annotations: stringMap(item.annotations),
      raw: item,
    }
  })
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
