import { mapLevel } from '../levels'
import { stringMap, type AlertDraft } from '../model'
import { first, isRecord, str } from '../normalize'
import { fromAlertmanager } from './alertmanager'
import { SourceError } from './source-errors'

/** Grafana's preformatted notification text (`**Firing**\n\nLabels: …`), which repeats every field. */
const PREFORMATTED = /^\s*\*\*(Firing|Resolved)\*\*/

/** `A=1.03, C=1` from Grafana's `values` (refId → number or null). */
function formatValues(values: unknown): string | undefined {
  if (!isRecord(values)) return undefined
  const parts = Object.entries(values).map(([k, v]) => {
    const n = typeof v === 'number' ? Number(v.toPrecision(6)) : v
    return `${k}=${n === null || n === undefined ? 'null' : String(n)}`
  })
  return parts.length ? parts.join(', ') : undefined
}

/** `A=95` from a `valueString` such as `[ var='A' labels={} value=95 ]`, for older Grafanas. */
function valuesFromString(s: string | undefined): string | undefined {
  if (!s) return undefined
  const found = [...s.matchAll(/var='([^']*)'[^\]]*?value=([^\s\]]+)/g)].map(
    (m) => `${m[1]}=${m[2]}`,
  )
  return found.length ? found.join(', ') : undefined
}

/**
 * Grafana unified alerting (8 to 11+, version 1): Alertmanager's body plus per-alert values and
 * silence, dashboard and panel links. The top-level `message` is a preformatted dump of every
 * alert and is not used: its parts are read instead.
 */
export function fromGrafana(body: unknown, now = new Date()): AlertDraft[] {
  if (
    isRecord(body) &&
    !Array.isArray(body.alerts) &&
    ('evalMatches' in body || 'ruleName' in body || 'ruleId' in body)
  ) {
    return [fromLegacyGrafana(body)]
  }
  if (!isRecord(body) || !Array.isArray(body.alerts)) {
    throw new SourceError(
      'This is not a Grafana webhook: it has neither an "alerts" list nor legacy "ruleName"/"evalMatches".',
    )
  }
  const drafts = fromAlertmanager(body, now)
  return drafts.map((draft, i) => {
    const a = (body.alerts as unknown[])[i] as Record<string, unknown>
    const summary = draft.vars.alarm_summary
    const preformatted = summary !== undefined && PREFORMATTED.test(summary)
    const vars = {
      ...draft.vars,
      alarm_name:
        draft.vars.alarm_name && !PREFORMATTED.test(draft.vars.alarm_name)
          ? draft.vars.alarm_name
          : 'Grafana alert',
      alarm_summary: preformatted ? undefined : summary,
      alarm_url: first(
        str(a.panelURL),
        str(a.dashboardURL),
        str(a.generatorURL),
        draft.vars.alarm_url,
      ),
      alarm_rule_url: str(a.generatorURL),
      alarm_silence_url: str(a.silenceURL),
      alarm_dashboard_url: str(a.dashboardURL),
      alarm_panel_url: str(a.panelURL),
      alarm_image_url: str(a.imageURL),
      value: first(formatValues(a.values), valuesFromString(str(a.valueString)), draft.vars.value),
    }
    return { ...draft, source: 'grafana', vars: stringMap(vars) }
  })
}

/** Grafana 8 and older: one alert per request with `state` alerting/ok/no_data/paused/pending. */
function fromLegacyGrafana(body: Record<string, unknown>): AlertDraft {
  const tags = stringMap(body.tags)
  const matches = Array.isArray(body.evalMatches) ? body.evalMatches.filter(isRecord) : []
  const state = str(body.state) ?? 'alerting'
  const name = first(str(body.ruleName), str(body.title)) ?? 'Grafana alert'
  const level = mapLevel(
    first(tags.severity, tags.level, state === 'no_data' ? 'warning' : undefined),
  )
  const message = str(body.message)
  return {
    source: 'grafana',
    status: state === 'ok' ? 'resolved' : 'firing',
    vars: stringMap({
      alarm_name: name,
      alarm_level: level.level,
      alarm_level_raw: level.raw,
      alarm_target: first(tags.instance, tags.host, str(matches[0]?.metric)),
      // The legacy title is `[Alerting] <rule name>`: the status and name again, not a summary.
      alarm_summary: first(
        message,
        str(body.title)?.replace(/^\[[^\]]*\]\s*/, '') !== name ? str(body.title) : undefined,
      ),
      alarm_url: str(body.ruleUrl),
      alarm_image_url: str(body.imageUrl),
      alarm_id: str(body.ruleId),
      fact_state: state === 'alerting' || state === 'ok' ? undefined : state,
      value:
        matches.map((m) => `${str(m.metric) ?? 'value'}=${str(m.value) ?? 'null'}`).join(', ') ||
        undefined,
    }),
    labels: { ...tags, grafana_state: state },
    annotations: {},
    raw: body,
  }
}
