import type { Alert } from '../alerts/model'
import type { HistoryEntry } from '../history/records'
import type { Matcher } from '../settings/fields'
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

export interface ActiveView {
  groupBy: string
  groups: Array<{ key: string; level: string; acknowledged: boolean; alerts: ActiveAlertView[] }>
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

/** The matchers a mute from this alert starts with: its name, and its target when it has one. */
export function prefillMatchers(a: Pick<ActiveAlert, 'name' | 'target'>): string[] {
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
  const groups = oncall.active.groups(groupBy).map((g) => ({ ...g, alerts: g.alerts.map(view) }))
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
