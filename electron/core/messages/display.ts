import type { Alert } from '../alerts/model'
import { weComLevelColour } from '../channels/wecom/markup'
import type { TemplateLanguage } from '../templates/defaults'
import type { TemplateContext } from '../templates/render'
import { displayTime, parseInstant, resolveTimeZone, wallTimeToInstant } from '../time/time-zone'
import { formatDurationMs, wordOr, wordsFor, type Words } from './words'

/** How a channel shows an alert: its language and the user's time zone. */
export interface DisplayOptions {
  language?: TemplateLanguage
  /** IANA zone; empty or unknown: the machine's. */
  timeZone?: string
  /** "Now", for how long a firing alert has lasted. */
  now?: number
  /**
   * The level word's colour in the target's own palette (a Feishu card's, the same as its
   * header) instead of WeCom's three.
   */
  levelColour?: (level: string, status: Alert['status']) => string
}

/** Facts the adapters collect (`fact_*` variables), in the order the reader wants them. */
const FACT_ORDER = [
  'metric',
  'condition',
  'current',
  'threshold',
  'lasted',
  'data',
  'item',
  'host_ip',
  'response',
  'namespace',
  'state',
  'type',
  // What the generic reader could not place (an unknown sender's other fields), last.
  'other',
] as const

/** Labels a reader never needs in the compact labels line: they are shown elsewhere or are noise. */
const HIDDEN_LABELS = new Set([
  'alertname',
  'severity',
  'level',
  'priority',
  'summary',
  'description',
  'instance',
  'grafana_state',
  'prometheus',
  '__alert_rule_uid__',
])
/** Deployment bookkeeping that says nothing about what broke. */
const NOISE_LABELS =
  /^(app_kubernetes_io_|helm_|kubernetes_|chart$|heritage$|release$|pod_template_hash$|controller_revision_hash$|uid$)/
const MAX_LABELS = 6

/** The instant a sender's time names: with an offset, epoch, or (OCP, Zabbix) a wall time read in `zone`. */
function instantOf(raw: string | undefined, zone: string): number | undefined {
  if (!raw) return undefined
  return parseInstant(raw) ?? wallTimeToInstant(raw, zone)
}

function levelText(alert: Alert, words: Words): string | undefined {
  const level = alert.vars.alarm_level
  if (!level) return undefined
  const word = wordOr(words.levels, level)
  const raw = alert.vars.alarm_level_raw
  return raw && raw.toLowerCase() !== word.toLowerCase() ? `${word} (${raw})` : word
}

function factsText(alert: Alert, words: Words, shown: Set<string>): string | undefined {
  const parts: string[] = []
  for (const key of FACT_ORDER) {
    const v = alert.vars[`fact_${key}`]?.trim()
    if (!v || shown.has(v)) continue
    if (key === 'namespace' && alert.vars.alarm_target?.startsWith(`${v}/`)) continue
    parts.push(`${wordOr(words.facts, key)}${words.colon}${v}`)
    shown.add(v)
  }
  if (alert.vars.value && !alert.vars.fact_current && !shown.has(alert.vars.value))
    parts.push(`${words.facts.values}${words.colon}${alert.vars.value}`)
  return parts.length ? parts.join(words.separator) : undefined
}

function labelsText(alert: Alert, shown: Set<string>): string | undefined {
  const targetParts = new Set((alert.vars.alarm_target ?? '').split('/'))
  const entries = Object.entries(alert.labels).filter(
    ([k, v]) =>
      v &&
      !HIDDEN_LABELS.has(k) &&
      !k.startsWith('__') &&
      !NOISE_LABELS.test(k) &&
      !shown.has(v) &&
      !targetParts.has(v),
  )
  if (!entries.length) return undefined
  const head = entries.slice(0, MAX_LABELS).map(([k, v]) => `${k}=${v}`)
  return entries.length > MAX_LABELS
    ? `${head.join(', ')} (+${entries.length - MAX_LABELS})`
    : head.join(', ')
}

/**
 * The variables a template sees for one alert: the sender's, re-read in the user's time zone,
 * plus the relay's own `alarm_*_text` words in the channel's language. Nothing here adds markup:
 * these are values, neutralised like any other when inserted.
 */
export function displayContext(alert: Alert, opts: DisplayOptions = {}): TemplateContext {
  const words = wordsFor(opts.language)
  const zone = resolveTimeZone(opts.timeZone)
  const v = alert.vars
  const now = opts.now ?? Date.now()
  const activeRaw = v.alarm_active_raw ?? v.alarm_active_at
  const resolvedRaw = v.alarm_resolved_raw ?? v.alarm_resolved_at
  const startMs = instantOf(activeRaw, zone)
  const endMs = alert.status === 'resolved' ? (instantOf(resolvedRaw, zone) ?? undefined) : now
  // The relay knows when the alert arrived: a firing alert always has a time (a resolved one
  // has its resolution time below).
  const activeAt =
    displayTime(activeRaw, zone) ??
    (alert.status === 'firing' ? displayTime(alert.receivedAt, zone) : undefined)
  // A recovery without its own time is dated by when the relay heard of it.
  const resolvedAt =
    alert.status === 'resolved'
      ? (displayTime(resolvedRaw, zone) ?? displayTime(alert.receivedAt, zone))
      : undefined
  const duration =
    startMs !== undefined && endMs !== undefined && endMs >= startMs
      ? formatDurationMs(endMs - startMs, words)
      : undefined
  const name = v.alarm_name?.trim()
  const summary = v.alarm_summary?.trim() && v.alarm_summary.trim() !== name ? v.alarm_summary : ''
  const description =
    v.alarm_description?.trim() &&
    v.alarm_description.trim() !== summary.trim() &&
    v.alarm_description.trim() !== name
      ? v.alarm_description
      : ''
  const shown = new Set(
    [name, v.alarm_target, summary, description].filter((s): s is string => !!s),
  )
  const level = levelText(alert, words)
  const facts = factsText(alert, words, shown)
  return {
    vars: {
      ...v,
      // The level as the reader's word (routes still match the mapped one, `alarm_level=critical`).
      alarm_level: level ?? '',
      alarm_summary: summary,
      alarm_description: description,
      alarm_active_at: activeAt,
      alarm_resolved_at: resolvedAt ?? '',
      alarm_updated_at: v.alarm_updated_raw
        ? displayTime(v.alarm_updated_raw, zone)
        : v.alarm_updated_at,
      alarm_duration: duration ?? v.alarm_duration,
      // Grafana's source link is the dashboard when no panel is named: one link line, not two.
      alarm_dashboard_url:
        v.alarm_dashboard_url !== v.alarm_url ? (v.alarm_dashboard_url ?? '') : '',
      alarm_status_title: alert.status === 'resolved' ? words.resolvedTitle : words.firingTitle,
      alarm_status_text: alert.status === 'resolved' ? words.resolved : words.firing,
      alarm_level_text: level,
      alarm_level_color: !level
        ? ''
        : (opts.levelColour ?? weComLevelColour)(v.alarm_level ?? '', alert.status),
      alarm_started_text: activeAt ? words.started(activeAt, duration) : undefined,
      alarm_facts: facts,
      alarm_labels: labelsText(alert, shown),
    },
    labels: alert.labels,
    annotations: alert.annotations,
  }
}
