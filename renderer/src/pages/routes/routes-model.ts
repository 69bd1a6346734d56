import type { Alert } from '../../../../electron/core/alerts/model'
import { routeMatches } from '../../../../electron/core/delivery/router'
import {
  formatMatcher,
  parseMatcher,
  type Matcher,
  type MatchOp,
} from '../../../../electron/core/settings/fields'
import type { Route } from '../../../../electron/core/settings/schema'
import { asWritten, type CoreText } from '../../../../electron/core/text/core-text'

/** The four Alertmanager operators, in the order the form offers them. */
export const MATCH_OPS: readonly MatchOp[] = ['=', '!=', '=~', '!~']

/** One rule as the form edits it: matchers as typed, the channels it sends to, `continue`. */
export interface RouteForm {
  /** Stable across reorders, so React keeps focus on the moved row. */
  key: string
  matchers: Matcher[]
  channels: string[]
  continue: boolean
}

let nextKey = 0
const newKey = () => `r${++nextKey}`

/** The rules of the settings as forms; the older `match` (equality) map becomes `=` matchers. */
export function toRouteForms(routes: readonly Route[]): RouteForm[] {
  return routes.map((r) => ({
    key: newKey(),
    matchers: [
      ...Object.entries(r.match).map(([name, value]) => ({ name, op: '=' as const, value })),
      ...r.matchers.map((m) => ({ ...m })),
    ],
    channels: [...r.channels],
    continue: r.continue,
  }))
}

/** An empty rule: one matcher to fill in, sent to `channel`. */
export function newRoute(channel?: string): RouteForm {
  return {
    key: newKey(),
    matchers: [{ name: 'alarm_level', op: '=', value: 'critical' }],
    channels: channel ? [channel] : [],
    continue: false,
  }
}

/** The `routes` value for `updateSettings`: matchers written as the text the schema parses. */
export function toRoutesPatch(forms: readonly RouteForm[]): Array<Record<string, unknown>> {
  return forms.map((f) => ({
    match: {},
    matchers: f.matchers.map(formatMatcher),
    channels: [...f.channels],
    continue: f.continue,
  }))
}

/** Moves the rule at `from` to `to` (both indexes into the list); order decides which rule wins. */
export function moveRoute<T>(list: readonly T[], from: number, to: number): T[] {
  if (from === to || from < 0 || to < 0 || from >= list.length || to >= list.length)
    return [...list]
  const next = [...list]
  const [item] = next.splice(from, 1)
  next.splice(to, 0, item!)
  return next
}

/** What is wrong with a matcher, in the core's sentence, or undefined when it parses. */
export function matcherProblem(m: Matcher): CoreText | undefined {
  if (!m.name.trim()) return asWritten('empty')
  const r = parseMatcher(formatMatcher(m))
  return r.ok ? undefined : r.error
}

/**
 * How many of `alerts` the rule matches, with the relay's own matching (the core's pure router),
 * or undefined while a matcher does not parse.
 */
export function countMatches(form: RouteForm, alerts: readonly Alert[]): number | undefined {
  if (form.matchers.some((m) => matcherProblem(m))) return undefined
  const route: Route = {
    match: {},
    matchers: form.matchers,
    channels: form.channels,
    continue: form.continue,
  }
  return alerts.filter((a) => routeMatches(a, route)).length
}
