/**
 * Levels: every sender's scale mapped onto OCP's five, most to least severe — down, critical,
 * warning, caution, info. One table per sender (the README shows them). The sender's own word is
 * kept beside the mapped level (`alarm_level_raw`), so a scale never collapses silently: a
 * `major` reads "Critical (major)".
 */

export const LEVEL_ORDER = ['down', 'critical', 'warning', 'caution', 'info'] as const
export type Level = (typeof LEVEL_ORDER)[number]

/** The levels that page someone: the tray's count, "critical" notifications, repeated sounds. */
const CRITICAL_LEVELS: ReadonlySet<string> = new Set<Level>(['down', 'critical'])

export function isCritical(level: string | undefined): boolean {
  return level !== undefined && CRITICAL_LEVELS.has(level)
}

/** The rank of a level: 0 is the most severe; unknown levels rank after info. */
export function levelRank(level: string): number {
  const i = (LEVEL_ORDER as readonly string[]).indexOf(level)
  return i === -1 ? LEVEL_ORDER.length : i
}

/** Whether a value is one of the five levels. */
export function isLevel(level: string): level is Level {
  return (LEVEL_ORDER as readonly string[]).includes(level)
}

/** Alertmanager, Grafana and any JSON: `severity` / `level` / `priority` labels. */
export const COMMON_LEVELS: Record<string, Level> = {
  down: 'down',
  stopped: 'down',
  停服: 'down',
  fatal: 'down',
  emergency: 'down',
  disaster: 'down',
  p0: 'down',
  sev0: 'down',
  '0': 'down',
  critical: 'critical',
  crit: 'critical',
  严重: 'critical',
  紧急: 'critical',
  high: 'critical',
  error: 'critical',
  major: 'critical',
  page: 'critical',
  alert: 'critical',
  p1: 'critical',
  sev1: 'critical',
  '1': 'critical',
  warning: 'warning',
  warn: 'warning',
  警告: 'warning',
  average: 'warning',
  minor: 'warning',
  p2: 'warning',
  sev2: 'warning',
  '2': 'warning',
  caution: 'caution',
  注意: 'caution',
  medium: 'caution',
  moderate: 'caution',
  p3: 'caution',
  sev3: 'caution',
  '3': 'caution',
  info: 'info',
  information: 'info',
  informational: 'info',
  提醒: 'info',
  提示: 'info',
  notice: 'info',
  low: 'info',
  debug: 'info',
  none: 'info',
  'not classified': 'info',
  p4: 'info',
  p5: 'info',
  sev4: 'info',
  '4': 'info',
  '5': 'info',
}

/** Zabbix trigger severities (names and `event_nseverity` 0–5); Zabbix's Warning sits below Average. */
export const ZABBIX_LEVELS: Record<string, Level> = {
  disaster: 'down',
  '5': 'down',
  high: 'critical',
  '4': 'critical',
  average: 'warning',
  '3': 'warning',
  warning: 'caution',
  '2': 'caution',
  information: 'info',
  '1': 'info',
  'not classified': 'info',
  '0': 'info',
}

/** Aliyun CloudMonitor `triggerLevel`. */
export const ALIYUN_LEVELS: Record<string, Level> = {
  critical: 'critical',
  warn: 'warning',
  info: 'info',
}

/** OCP levels, Chinese and English. */
export const OCP_LEVELS: Record<string, Level> = {
  停服: 'down',
  down: 'down',
  stopped: 'down',
  严重: 'critical',
  critical: 'critical',
  警告: 'warning',
  warning: 'warning',
  注意: 'caution',
  caution: 'caution',
  提醒: 'info',
  info: 'info',
}

/** Uptime Kuma `heartbeat.status`: down is critical, pending a warning; up and maintenance resolve. */
export const UPTIME_KUMA_LEVELS: Record<string, Level> = {
  '0': 'critical',
  '1': 'critical',
  '2': 'warning',
  '3': 'info',
}

/** Nightingale `severity`: 1 critical, 2 warning, 3 info (its docs' S1–S3). */
export const NIGHTINGALE_LEVELS: Record<string, Level> = {
  '1': 'critical',
  '2': 'warning',
  '3': 'info',
}

/** HertzBeat `priority`: 0 emergency, 1 critical, 2 warning (its webhook doc). */
export const HERTZBEAT_LEVELS: Record<string, Level> = {
  '0': 'down',
  emergency: 'down',
  '1': 'critical',
  '2': 'warning',
}

/** Huawei Cloud Eye `alarm_level` 1–4 (critical, major, minor, informational) and its words. */
export const HUAWEI_LEVELS: Record<string, Level> = {
  '1': 'critical',
  '2': 'critical',
  '3': 'warning',
  '4': 'info',
  紧急: 'critical',
  重要: 'critical',
  次要: 'warning',
  提示: 'info',
}

/** PagerDuty: `urgency` high pages, low does not. */
export const PAGERDUTY_URGENCY: Record<string, Level> = {
  high: 'critical',
  low: 'warning',
}

/** The level a list or map of tags names (`level`, `severity`, `priority`), when one does. */
export function levelFromTags(tags: Record<string, string>): string | undefined {
  for (const key of Object.keys(tags)) {
    if (/^(level|severity|priority|alarm_level|alert_level|告警级别|级别)$/i.test(key) && tags[key])
      return tags[key]
  }
  return undefined
}

export interface MappedLevel {
  level?: string
  /** The sender's own word, when it is not simply the mapped level. */
  raw?: string
}

/** Maps a sender's level through its table; an unknown word passes through as it was sent. */
export function mapLevel(
  input: string | undefined,
  table: Record<string, Level> = COMMON_LEVELS,
): MappedLevel {
  const raw = input?.trim()
  if (!raw) return {}
  const key = raw.toLowerCase()
  // Own keys only: a level called "constructor" is a word, not Object's constructor.
  const level = Object.hasOwn(table, key)
    ? table[key]
    : Object.hasOwn(COMMON_LEVELS, key)
      ? COMMON_LEVELS[key]
      : undefined
  if (!level) return { level: raw }
  return { level, raw: raw.toLowerCase() === level ? undefined : raw }
}
