import { stringMap, type AlertDraft } from '../model'
import { first, isRecord, normalizeLevel, str } from '../normalize'
import { fromAlertmanager } from './alertmanager'
import { SourceError } from './errors'

/** Grafana unified alerting (version 1): Alertmanager's body plus title, message, panel links and values. */
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
  const title = str(body.title)
  const message = str(body.message)
  const drafts = fromAlertmanager(body, now)
  return drafts.map((draft, i) => {
    const a = (body.alerts as unknown[])[i] as Record<string, unknown>
    const vars = {
      ...draft.vars,
      alarm_summary: first(draft.vars.alarm_summary, title),
      alarm_description: first(draft.vars.alarm_description, message),
      alarm_url: first(
        str(a.panelURL),
        str(a.dashboardURL),
        str(a.generatorURL),
        draft.vars.alarm_url,
      ),
      value: first(str(a.valueString), draft.vars.value),
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
  return {
    source: 'grafana',
    status: state === 'ok' ? 'resolved' : 'firing',
    vars: stringMap({
      alarm_name: name,
      alarm_level: normalizeLevel(
        first(tags.severity, tags.level, state === 'no_data' ? 'warning' : undefined),
      ),
      alarm_target: first(tags.instance, tags.host, str(matches[0]?.metric)),
      alarm_summary: first(str(body.title), name),
      alarm_description: str(body.message),
      alarm_url: str(body.ruleUrl),
      alarm_id: str(body.ruleId),
      value:
        matches.map((m) => `${str(m.metric) ?? 'value'}=${str(m.value) ?? 'null'}`).join(', ') ||
        undefined,
    }),
    labels: { ...tags, grafana_state: state },
    annotations: {},
    raw: body,
  }
}
