import { mapLevel, ZABBIX_LEVELS } from '../levels'
import { stringMap, type AlertDraft } from '../model'
import { formatTime, isRecord, str } from '../normalize'
import { readTags } from '../tags'
import { senderTime } from '../times'

/**
 * Zabbix webhook media types have no fixed body: each names its parameters. These are the names
 * the common media scripts and tutorials use, tried in order.
 */
const F = {
  name: ['trigger_name', 'event_name', 'trigger', 'subject', 'alert_subject', 'name', 'title'],
  severity: ['event_severity', 'trigger_severity', 'severity', 'event_nseverity', 'nseverity'],
  status: ['event_status', 'trigger_status', 'status'],
  value: ['event_value'],
  host: ['host_name', 'hostname', 'host', 'host_host'],
  ip: ['host_ip', 'host_conn', 'ip'],
  summary: ['trigger_description', 'alert_message', 'message', 'event_opdata', 'description'],
  data: ['operational_data', 'event_opdata', 'opdata'],
  item: ['item_name', 'item'],
  itemValue: ['item_value', 'item_lastvalue', 'lastvalue'],
  time: ['occurred_at', 'event_date_time', 'eventdate', 'time', 'event_timestamp'],
  recovery: ['event_recovery_date_time', 'recovery_time'],
  link: ['trigger_url', 'event_url', 'link', 'url', 'zabbix_url'],
  id: ['event_id', 'eventid', 'trigger_id'],
}

const pick = (o: Record<string, unknown>, keys: readonly string[]) => {
  for (const k of keys) {
    const v = str(o[k])
    if (v !== undefined && v.trim() !== '') return v
  }
  return undefined
}

/**
 * Zabbix's macros give the date and the time apart (`{EVENT.DATE}` `2024.01.15`, `{EVENT.TIME}`
 * `10:20:30`): media scripts pass them as `event_date` and `event_time`. Joined, they are one
 * instant the message can show and count "firing for" from; apart, the time alone says nothing.
 */
function splitTime(o: Record<string, unknown>, prefix: string): string | undefined {
  const date = str(o[`${prefix}_date`])?.trim()
  const time = str(o[`${prefix}_time`])?.trim()
  const d = date?.match(/^(\d{4})[.-](\d\d)[.-](\d\d)$/)
  if (d && time && /^\d\d:\d\d(:\d\d)?$/.test(time)) return `${d[1]}-${d[2]}-${d[3]} ${time}`
  return date || time || undefined
}

/** A Zabbix-shaped body: an event or trigger and a host, in Zabbix's own parameter names. */
export function looksLikeZabbix(o: unknown): o is Record<string, unknown> {
  if (!isRecord(o)) return false
  const keys = Object.keys(o)
  const zabbixish = keys.some((k) =>
    /^(event_(id|severity|nseverity|status|value|name)|trigger_(name|severity|status)|host_name)$/.test(
      k,
    ),
  )
  return zabbixish && (pick(o, F.name) !== undefined || pick(o, F.host) !== undefined)
}

/**
 * How much a body looks like a Zabbix media type's: Zabbix's own parameter names, or the common
 * `trigger` / `hostname` / `severity` / `status` / `item` shape of older media scripts.
 */
export function zabbixScore(o: unknown): number {
  if (looksLikeZabbix(o)) return 0.85
  if (!isRecord(o) || typeof o.trigger !== 'string') return 0
  const marks = ['hostname', 'host', 'severity', 'status', 'item', 'link'].filter((k) => k in o)
  return marks.length >= 3 ? 0.75 : 0
}

/**
 * PROBLEM fires; OK and RESOLVED (or `event_value` 0, a recovery time, a close action, or an
 * `OK:` subject) resolve.
 */
function zabbixStatus(o: Record<string, unknown>): 'firing' | 'resolved' {
  if (/^close/i.test(pick(o, ['zabbix_action', 'event_action', 'action']) ?? '')) return 'resolved'
  const s = pick(o, F.status)?.toUpperCase()
  if (s === 'OK' || s === 'RESOLVED' || s === 'RECOVERED') return 'resolved'
  if (s === 'PROBLEM') return 'firing'
  if (str(o.event_value) === '0') return 'resolved'
  if (pick(o, F.recovery) ?? splitTime(o, 'event_recovery')) return 'resolved'
  if (/^(OK|RESOLVED|Resolved)\b/.test(pick(o, ['subject', 'alert_subject']) ?? ''))
    return 'resolved'
  return 'firing'
}

/** Zabbix webhook media (common parameter names): trigger, host, severity, status, data, link. */
export function fromZabbix(o: Record<string, unknown>): AlertDraft {
  const level = mapLevel(pick(o, F.severity), ZABBIX_LEVELS)
  const host = pick(o, F.host)
  const status = zabbixStatus(o)
  const timeRaw = pick(o, F.time) ?? splitTime(o, 'event')
  const time = senderTime(timeRaw) ?? timeRaw
  const recoveredRaw = pick(o, F.recovery) ?? splitTime(o, 'event_recovery')
  const recovered = senderTime(recoveredRaw) ?? recoveredRaw
  const id = pick(o, F.id)
  const item = pick(o, F.item)
  const itemValue = pick(o, F.itemValue)
  return {
    source: 'zabbix',
    status,
    // A recovery carries its problem's {EVENT.ID}: the id pairs them, whatever the name says then.
    fingerprint: id ? `zabbix-${id}` : undefined,
    vars: stringMap({
      alarm_name: pick(o, F.name) ?? 'Zabbix problem',
      alarm_level: level.level,
      alarm_level_raw: level.raw,
      alarm_target: host,
      alarm_summary: pick(o, F.summary),
      alarm_active_at: formatTime(time),
      alarm_active_raw: time,
      alarm_resolved_at: status === 'resolved' ? formatTime(recovered) : undefined,
      alarm_resolved_raw: status === 'resolved' ? recovered : undefined,
      alarm_url: pick(o, F.link),
      alarm_id: id,
      alarm_status_raw: pick(o, F.status),
      host_ip: pick(o, F.ip),
      value: itemValue,
      fact_host_ip: pick(o, F.ip) !== host ? pick(o, F.ip) : undefined,
      fact_data: pick(o, F.data),
      fact_item: item && itemValue ? `${item} = ${itemValue}` : item,
    }),
    labels: { ...readTags(o.tags), ...readTags(o.event_tags), ...readTags(o.event_tagsjson) },
    annotations: {},
    raw: o,
  }
}
