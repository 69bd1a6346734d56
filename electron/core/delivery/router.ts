import { RE2JS } from 're2js'
import type { Alert } from '../alerts/model'
import { lookupVariable } from '../templates/render'
import type { Matcher } from '../settings/fields'
import type { Route, Settings } from '../settings/schema'
import { channelUsable } from './usable'
import type { CoreText } from '../text/core-text'

export interface RouteDecision {
  /** Channels the alert goes to. */
  targets: string[]
  /** Channels that matched but will not get it, with why. */
  skipped: Array<{ channel: string; reason: CoreText }>
}

/** `alarm_level`, `labels.team`, `annotations.x`, or a bare label name. */
function valueOf(alert: Alert, name: string): string {
  const ctx = { vars: alert.vars, labels: alert.labels, annotations: alert.annotations }
  const bare =
    !name.includes('.') && Object.hasOwn(alert.labels, name) ? alert.labels[name] : undefined
  return lookupVariable(ctx, name) ?? bare ?? ''
}

const regexCache = new Map<string, RE2JS>()
/**
 * RE2, not JavaScript's backtracking engine: `(a+)+` against a long name took exponential time and
 * froze the relay. Anchored like Alertmanager's matchers: `=~Disk.*` matches the whole value.
 */
function anchored(pattern: string): RE2JS {
  let r = regexCache.get(pattern)
  if (!r) {
    r = RE2JS.compile(`^(?:${pattern})$`)
    regexCache.set(pattern, r)
  }
  return r
}

export function matches(alert: Alert, m: Matcher): boolean {
  const v = valueOf(alert, m.name)
  switch (m.op) {
    case '=':
      return v === m.value
    case '!=':
      return v !== m.value
    case '=~':
      return anchored(m.value).matches(v)
    case '!~':
      return !anchored(m.value).matches(v)
  }
}

export function routeMatches(alert: Alert, route: Route): boolean {
  return (
    Object.entries(route.match).every(([name, value]) => valueOf(alert, name) === value) &&
    route.matchers.every((m) => matches(alert, m))
  )
}

/**
 * Where an alert goes: `?channel=` names win; otherwise the first matching route (and the ones
 * after it while `continue` is set), else the default channels. Disabled channels, and resolved
 * alerts for channels with sendResolved off, are skipped with the reason.
 */
export function routeAlert(
  alert: Alert,
  settings: Settings,
  requested: readonly string[] = [],
): RouteDecision {
  let names: string[]
  if (requested.length) names = [...requested]
  else {
    names = []
    for (const route of settings.routes) {
      if (!routeMatches(alert, route)) continue
      names.push(...route.channels)
      if (!route.continue) break
    }
    if (!names.length) names = [...settings.defaultChannels]
  }
  const targets: string[] = []
  const skipped: RouteDecision['skipped'] = []
  for (const name of new Set(names)) {
    const verdict = channelUsable(settings.channels, name, alert.status)
    if (verdict.usable) targets.push(name)
    else skipped.push({ channel: name, reason: verdict.reason })
  }
  return { targets, skipped }
}
