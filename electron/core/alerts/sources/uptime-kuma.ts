import { mapLevel, UPTIME_KUMA_LEVELS } from '../levels'
import { stringMap, type AlertDraft } from '../model'
import { first, formatTime, isRecord, str } from '../normalize'

/** Uptime Kuma's webhook: `{heartbeat, monitor, msg}`. */
export function looksLikeUptimeKuma(o: unknown): o is Record<string, unknown> {
  return isRecord(o) && isRecord(o.heartbeat) && isRecord(o.monitor)
}

/**
 * Uptime Kuma: `heartbeat.status` 0 = down (firing), 1 = up (resolved), 2 = pending (firing, a
 * warning), 3 = maintenance (resolved). Its `heartbeat.time` is UTC without an offset.
 */
export function fromUptimeKuma(o: Record<string, unknown>): AlertDraft {
  const hb = o.heartbeat as Record<string, unknown>
  const mon = o.monitor as Record<string, unknown>
  const code = str(hb.status) ?? '0'
  const status = code === '1' || code === '3' ? 'resolved' : 'firing'
  const level = mapLevel(code, UPTIME_KUMA_LEVELS)
  const host = str(mon.hostname)
  const port = str(mon.port)
  const url = first(
    str(mon.url) !== 'https://' ? str(mon.url) : undefined,
    host ? `${host}${port ? `:${port}` : ''}` : undefined,
  )
  const rawTime = str(hb.time)
  const utc =
    rawTime && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(rawTime)
      ? `${rawTime.replace(' ', 'T')}Z`
      : rawTime
  const at = formatTime(utc)
  const ping = str(hb.ping)
  return {
    source: 'uptime-kuma',
    status,
    fingerprint: str(mon.id) ? `uptime-kuma-${str(mon.id)}` : undefined,
    vars: stringMap({
      alarm_name: first(str(mon.name), str(mon.pathName)) ?? 'Uptime Kuma monitor',
      alarm_level: level.level,
      alarm_target: url,
      alarm_summary: first(str(hb.msg), str(o.msg)),
      alarm_description: str(mon.description),
      alarm_active_at: status === 'firing' ? at : undefined,
      alarm_active_raw: status === 'firing' ? utc : undefined,
      alarm_resolved_at: status === 'resolved' ? at : undefined,
      alarm_resolved_raw: status === 'resolved' ? utc : undefined,
      alarm_url: str(mon.url)?.startsWith('http') ? str(mon.url) : undefined,
      alarm_id: str(mon.id),
      alarm_status_raw: ['down', 'up', 'pending', 'maintenance'][Number(code)],
      fact_response: ping ? `${ping} ms` : undefined,
      fact_type: str(mon.type),
    }),
    labels: {},
    annotations: {},
    raw: o,
  }
}
