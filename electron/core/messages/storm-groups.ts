import { levelRank } from '../alerts/levels'
import type { Alert } from '../alerts/model'

/**
 * The grouping behind a storm summary (pure): alerts folded into one group per name (or per the
 * channel's grouping label), with their level, counts and targets, most severe first. Every alert
 * given lands in exactly one group, so the counts always add up to the alerts given.
 */

/** What a storm summary reads of an alert (the queue keeps no more of a recovered backlog). */
export type StormAlert = Pick<Alert, 'status' | 'vars' | 'labels' | 'annotations'>

/** One line of a storm summary. */
export interface StormGroup {
  /** The alert name, or the grouping label's value ('' when the alert has none). */
  name: string
  /** The most severe level in the group (the sender's normalised level, '' if none). */
  level: string
  count: number
  firing: number
  resolved: number
  /** Distinct targets, in arrival order. */
  targets: string[]
}

/** The value an alert is grouped by: the label (or variable) named, else its alert name. */
export function groupValue(alert: StormAlert, label?: string): string {
  if (label) {
    const v = alert.labels[label] ?? alert.vars[label] ?? alert.annotations[label]
    if (v) return v
  }
  return alert.vars.alarm_name ?? alert.labels.alertname ?? ''
}

/**
 * Groups alerts for a summary. A resolved alert folds into the same line as the firing ones of
 * its name (counted as resolved). Order: most severe level first, then the largest group, then
 * by name, so the same storm always reads the same way.
 */
export function groupStorm(
  alerts: Iterable<StormAlert>,
  label?: string,
  /**
   * Alerts counted alike, `count` of them, with their targets (default: the alert's own): a
   * backlog waiting on disk, never read one by one.
   */
  alike: Iterable<{ alert: StormAlert; count: number; targets?: Iterable<string> }> = [],
): StormGroup[] {
  const groups = new Map<string, StormGroup & { seen: Set<string> }>()
  const weighted = function* () {
    for (const alert of alerts) yield { alert, count: 1, targets: undefined }
    yield* alike
  }
  for (const { alert: a, count, targets } of weighted()) {
    const name = groupValue(a, label)
    let g = groups.get(name)
    if (!g) {
      g = { name, level: '', count: 0, firing: 0, resolved: 0, targets: [], seen: new Set() }
      groups.set(name, g)
    }
    g.count += count
    if (a.status === 'resolved') g.resolved += count
    else g.firing += count
    const level = a.vars.alarm_level ?? ''
    if (level && (!g.level || levelRank(level) < levelRank(g.level))) g.level = level
    for (const target of targets ?? [a.vars.alarm_target ?? '']) {
      if (target && !g.seen.has(target)) {
        g.seen.add(target)
        g.targets.push(target)
      }
    }
  }
  return [...groups.values()]
    .map(({ seen: _seen, ...g }) => g)
    .sort(
      (a, b) =>
        levelRank(a.level) - levelRank(b.level) ||
        // Firing before resolved at the same level: what is still broken comes first.
        Number(a.firing === 0) - Number(b.firing === 0) ||
        b.count - a.count ||
        a.name.localeCompare(b.name, 'en', { numeric: true }),
    )
}

/**
 * A target split around its last number, a trailing port aside (`node-7:9100` folds on 7): the
 * text before, the number, and the text after.
 */
function splitNumber(t: string): { head: string; n: number; digits: string; tail: string } | null {
  const m = /^(.*?)(\d+)(\D*(?::\d+)?)$/.exec(t)
  if (!m || m[2]!.length > 15) return null
  return { head: m[1]!, n: Number(m[2]), digits: m[2]!, tail: m[3]! }
}

/**
 * Targets folded for one summary line: the same text around a number becomes a run
 * (`db-1…db-40`, gaps shown as separate runs), in the order first seen; at most `max` items, then
 * "+N more" is the caller's (the count of targets not shown is returned).
 */
export function foldTargets(
  targets: readonly string[],
  max = 3,
): { items: string[]; hidden: number } {
  // Buckets by the text around the number, in the order each bucket was first seen. A zero-padded
  // number keeps its width: `db-01…db-25` is one run (the unpadded `db-10` has that width too),
  // and never reads as `db-1`.
  const split = targets.map((t) => ({ t, s: splitNumber(t) }))
  const padded = new Set<string>()
  for (const { s } of split)
    if (s && s.digits.length > 1 && s.digits.startsWith('0'))
      padded.add(`${s.head}\u0000${s.digits.length}\u0000${s.tail}`)
  const buckets = new Map<string, { head: string; tail: string; nums: Map<number, string> }>()
  const order: Array<string | { key: string }> = []
  for (const { t, s } of split) {
    if (!s) {
      order.push(t)
      continue
    }
    const width = `${s.head}\u0000${s.digits.length}\u0000${s.tail}`
    const key = padded.has(width) ? width : `${s.head}\u0000\u0000${s.tail}`
    let b = buckets.get(key)
    if (!b) {
      b = { head: s.head, tail: s.tail, nums: new Map() }
      buckets.set(key, b)
      order.push({ key })
    }
    b.nums.set(s.n, s.digits)
  }
  const items: Array<{ text: string; count: number }> = []
  for (const o of order) {
    if (typeof o === 'string') {
      items.push({ text: o, count: 1 })
      continue
    }
    const b = buckets.get(o.key)!
    const nums = [...b.nums.keys()].sort((x, y) => x - y)
    let start = 0
    for (let i = 1; i <= nums.length; i++) {
      if (i < nums.length && nums[i] === nums[i - 1]! + 1) continue
      const first = `${b.head}${b.nums.get(nums[start]!)}${b.tail}`
      const last = `${b.head}${b.nums.get(nums[i - 1]!)}${b.tail}`
      const run = i - start
      if (run === 2) items.push({ text: first, count: 1 }, { text: last, count: 1 })
      else items.push({ text: run === 1 ? first : `${first}…${last}`, count: run })
      start = i
    }
  }
  const shown = items.slice(0, max)
  const total = items.reduce((n, i) => n + i.count, 0)
  const hidden = total - shown.reduce((n, i) => n + i.count, 0)
  return { items: shown.map((i) => i.text), hidden }
}
