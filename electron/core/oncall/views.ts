import type { Alert } from '../alerts/model'
import type { HistoryEntry } from '../history/records'
import type { Matcher } from '../settings/fields'
import { isKnownVariable } from '../templates/variables'
import type { ActiveAlert } from './active'
import type { Mute } from './mutes'
import type { OnCall, UpstreamSilence } from './oncall'

/** One firing alert as the Now page shows it. */
export interface ActiveAlertView extends ActiveAlert {
  /** Channel → the latest notification's delivery state there (`delivered`, `muted`, `held`…). */
  deliveries: Record<string, string>
  /** Matchers a mute made from this alert starts with. */
  muteMatchers: string[]
  /** The active mute that holds it now, if any. */
  mutedBy?: string
  /** It came from an Alertmanager and carries labels: "Silence in Alertmanager" applies. */
  silenceable: boolean
  /** No reader knew its sender: the generic reader guessed (the window links to map it). */
  guessed?: boolean
}

/** A folded group's part (open, or acknowledged/muted) in figures: what its header shows. */
export interface FoldedPart {
  identities: string[]
  counts: Record<string, number>
  /** The first few distinct targets, and how many there are in all. */
  targets: string[]
  targetCount: number
}

/** Above this many firing alerts, groups come folded (a storm) unless asked for by key. */
export const FOLD_ABOVE = 20
const FOLDED_TARGETS = 3

export interface ActiveView {
  groupBy: string
  /**
   * Folded groups (a storm, and not in `expand`) carry no alerts, only `folded`: the page draws
   * their headers at once and asks for a group's alerts when a person opens it.
   */
  groups: Array<{
    key: string
    level: string
    acknowledged: boolean
    alerts: ActiveAlertView[]
    folded?: { open: FoldedPart; handled: FoldedPart }
  }>
  /** Firing alerts per level. */
  counts: Record<string, number>
  total: number
  /** Label names seen on firing alerts, to group by. */
  labels: string[]
}

export type MuteView = Mute & { state: 'active' | 'pending' | 'expired'; text: string[] }
export type SilenceView = UpstreamSilence & { state: 'active' | 'expired' }
export interface MutesView {
  mutes: MuteView[]
  silences: SilenceView[]
}

/**
 * `name="value"`, as a person would type it back. No escaping: the parser drops only the outer
 * quotes, so a value with quotes inside reads back unchanged.
 */
export function formatMatcher(m: Matcher): string {
  return `${m.name}${m.op}"${m.value}"`
}

/**
 * The matchers a mute from this alert starts with. An alert with labels (Alertmanager, Grafana)
 * starts with its own labels, as Alertmanager's "silence this alert" does: `alertname` first, the
 * rest by name, each under its label name (`labels.X` when a relay variable has the same name, so
 * the matcher reads the label). An alert without labels starts with its name and target.
 */
export function prefillMatchers(
  a: Pick<ActiveAlert, 'name' | 'target'> & { labels?: Readonly<Record<string, string>> },
): string[] {
  const labels = Object.entries(a.labels ?? {})
  if (labels.length)
    return labels
      .sort(([x], [y]) => (x === 'alertname' ? -1 : y === 'alertname' ? 1 : x.localeCompare(y)))
      .map(([name, value]) =>
        formatMatcher({
          name: isKnownVariable(name) || name.includes('.') ? `labels.${name}` : name,
          op: '=',
          value,
        }),
      )
  return [
    formatMatcher({ name: 'alarm_name', op: '=', value: a.name }),
    ...(a.target ? [formatMatcher({ name: 'alarm_target', op: '=', value: a.target })] : []),
  ]
}

/** The Now page's view of the firing set, grouped. */
export function activeView(
  oncall: OnCall,
  entry: (alertId: string) => HistoryEntry | undefined,
  groupBy = 'name',
  expand: readonly string[] = [],
): ActiveView {
  const labels = new Set<string>()
  const view = (a: ActiveAlert): ActiveAlertView => {
    for (const k of Object.keys(a.labels)) labels.add(k)
    const e = entry(a.alertId)
    const alert: Alert | undefined = e?.alert
    return {
      ...a,
      deliveries: Object.fromEntries(
        Object.entries(e?.deliveries ?? {}).map(([ch, d]) => [ch, d.state]),
      ),
      muteMatchers: prefillMatchers(a),
      ...(alert ? { mutedBy: oncall.mutes.match(alert)?.id } : {}),
      silenceable: a.source === 'alertmanager' && Object.keys(a.labels).length > 0,
      ...(alert?.vars.alarm_guessed ? { guessed: true } : {}),
    }
  }
  const fold = oncall.active.size > FOLD_ABOVE
  const muting = oncall.mutes.list().some((m) => m.state === 'active')
  // Only an alert a mute may hold needs its stored copy (the costly part) to be folded.
  const handled = (a: ActiveAlert) => {
    if (a.ack) return true
    if (!muting) return false
    const alert = entry(a.alertId)?.alert
    return !!alert && !!oncall.mutes.match(alert)
  }
  const part = (alerts: ActiveAlert[]): FoldedPart => {
    const counts: Record<string, number> = {}
    const targets = new Set<string>()
    for (const a of alerts) {
      counts[a.level] = (counts[a.level] ?? 0) + 1
      if (a.target) targets.add(a.target)
    }
    return {
      identities: alerts.map((a) => a.identity),
      counts,
      targets: [...targets].slice(0, FOLDED_TARGETS),
      targetCount: targets.size,
    }
  }
  const groups = oncall.active.groups(groupBy).map((g) => {
    if (!fold || expand.includes(g.key)) return { ...g, alerts: g.alerts.map(view) }
    for (const a of g.alerts) for (const k of Object.keys(a.labels)) labels.add(k)
    const quiet = g.alerts.filter(handled)
    const open = g.alerts.filter((a) => !quiet.includes(a))
    return { ...g, alerts: [], folded: { open: part(open), handled: part(quiet) } }
  })
  return {
    groupBy,
    groups,
    counts: oncall.active.countByLevel(),
    total: oncall.active.size,
    labels: [...labels].sort(),
  }
}

/** Mutes (with their matchers as text) and silences made upstream. */
export function mutesView(oncall: OnCall): MutesView {
  return {
    mutes: oncall.mutes.list().map((m) => ({ ...m, text: m.matchers.map(formatMatcher) })),
    silences: oncall.silences(),
  }
}
