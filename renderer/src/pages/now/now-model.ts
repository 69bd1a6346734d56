import type {
  ActiveAlertView,
  ActiveView,
  FoldedPart,
} from '../../../../electron/core/oncall/views'
import { levelRank } from './format'

/** One group as the Now page draws it: its most severe level, counts by level, its targets. */
export interface NowGroup {
  /** Unique on the page: the section and the group's key. */
  id: string
  key: string
  level: string
  /** Its alerts; empty while the group is folded in a storm (then `size` and `identities` say it). */
  alerts: ActiveAlertView[]
  size: number
  identities: string[]
  counts: Array<[level: string, n: number]>
  /** The first targets, and how many more there are. */
  targets: string[]
  moreTargets: number
  folded: boolean
}

export interface NowSections {
  /** Firing and neither acknowledged nor muted: what needs a person. */
  open: NowGroup[]
  /** Acknowledged or muted: someone has it, kept below. */
  handled: NowGroup[]
}

const SHOWN_TARGETS = 3

function byLevel(counts: Record<string, number>): Array<[string, number]> {
  return Object.entries(counts).sort(([a], [b]) => levelRank(a) - levelRank(b))
}

function group(section: string, key: string, alerts: ActiveAlertView[]): NowGroup {
  const counts: Record<string, number> = {}
  for (const a of alerts) counts[a.level] = (counts[a.level] ?? 0) + 1
  const sorted = byLevel(counts)
  const targets = [...new Set(alerts.map((a) => a.target).filter(Boolean))]
  return {
    id: `${section} ${key}`,
    key,
    level: sorted[0]?.[0] ?? '',
    alerts: [...alerts].sort((a, b) => levelRank(a.level) - levelRank(b.level)),
    size: alerts.length,
    identities: alerts.map((a) => a.identity),
    counts: sorted,
    targets: targets.slice(0, SHOWN_TARGETS),
    moreTargets: Math.max(0, targets.length - SHOWN_TARGETS),
    folded: false,
  }
}

function foldedGroup(section: string, key: string, part: FoldedPart): NowGroup {
  const sorted = byLevel(part.counts)
  return {
    id: `${section} ${key}`,
    key,
    level: sorted[0]?.[0] ?? '',
    alerts: [],
    size: part.identities.length,
    identities: part.identities,
    counts: sorted,
    targets: part.targets.slice(0, SHOWN_TARGETS),
    moreTargets: Math.max(0, part.targetCount - SHOWN_TARGETS),
    folded: true,
  }
}

/** Most severe first; then the bigger group; then by name. */
function order(a: NowGroup, b: NowGroup): number {
  return levelRank(a.level) - levelRank(b.level) || b.size - a.size || a.key.localeCompare(b.key)
}

/** Splits the firing set into the groups that need a person and those someone already has. */
export function nowSections(view: ActiveView | undefined): NowSections {
  const open: NowGroup[] = []
  const handled: NowGroup[] = []
  for (const g of view?.groups ?? []) {
    if (g.folded) {
      if (g.folded.open.identities.length) open.push(foldedGroup('open', g.key, g.folded.open))
      if (g.folded.handled.identities.length)
        handled.push(foldedGroup('handled', g.key, g.folded.handled))
      continue
    }
    const quiet = (a: ActiveAlertView) => !!a.ack || !!a.mutedBy
    const o = g.alerts.filter((a) => !quiet(a))
    const h = g.alerts.filter(quiet)
    if (o.length) open.push(group('open', g.key, o))
    if (h.length) handled.push(group('handled', g.key, h))
  }
  return { open: open.sort(order), handled: handled.sort(order) }
}
