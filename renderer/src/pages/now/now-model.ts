import type { ActiveAlertView, ActiveView } from '../../../../electron/core/oncall/views'
import { levelRank } from './format'

/** One group as the Now page draws it: its most severe level, counts by level, its targets. */
export interface NowGroup {
  /** Unique on the page: the section and the group's key. */
  id: string
  key: string
  level: string
  alerts: ActiveAlertView[]
  counts: Array<[level: string, n: number]>
  targets: string[]
}

export interface NowSections {
  /** Firing and neither acknowledged nor muted: what needs a person. */
  open: NowGroup[]
  /** Acknowledged or muted: someone has it, kept below. */
  handled: NowGroup[]
}

/** Above this many firing alerts the groups start folded (a storm); at or below, open. */
export const OPEN_ALL_UP_TO = 20

function group(section: string, key: string, alerts: ActiveAlertView[]): NowGroup {
  const counts = new Map<string, number>()
  for (const a of alerts) counts.set(a.level, (counts.get(a.level) ?? 0) + 1)
  const sorted = [...counts].sort(([a], [b]) => levelRank(a) - levelRank(b))
  const targets = [...new Set(alerts.map((a) => a.target).filter(Boolean))]
  return {
    id: `${section} ${key}`,
    key,
    level: sorted[0]?.[0] ?? '',
    alerts: [...alerts].sort((a, b) => levelRank(a.level) - levelRank(b.level)),
    counts: sorted,
    targets,
  }
}

/** Most severe first; then the bigger group; then by name. */
function order(a: NowGroup, b: NowGroup): number {
  return (
    levelRank(a.level) - levelRank(b.level) ||
    b.alerts.length - a.alerts.length ||
    a.key.localeCompare(b.key)
  )
}

/** Splits the firing set into the groups that need a person and those someone already has. */
export function nowSections(view: ActiveView | undefined): NowSections {
  const open: NowGroup[] = []
  const handled: NowGroup[] = []
  for (const g of view?.groups ?? []) {
    const quiet = (a: ActiveAlertView) => !!a.ack || !!a.mutedBy
    const o = g.alerts.filter((a) => !quiet(a))
    const h = g.alerts.filter(quiet)
    if (o.length) open.push(group('open', g.key, o))
    if (h.length) handled.push(group('handled', g.key, h))
  }
  return { open: open.sort(order), handled: handled.sort(order) }
}

/** The first `max` targets and how many more: a group's targets folded onto one line. */
export function foldTargets(targets: string[], max = 3): { shown: string[]; more: number } {
  return { shown: targets.slice(0, max), more: Math.max(0, targets.length - max) }
}
