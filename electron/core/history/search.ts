import { RESOLVED, TRUNCATED, stateCode, type AlertIndex } from './alert-index'
import type { HistoryQuery } from './query'
import type { HistoryEntry } from './records'

/**
 * Positions of the alerts matching a query, newest first (4 bytes each): one pass over the index's columns.
 * Text words are matched against each distinct search string once, then looked up per alert; an
 * alert whose text was too long to keep whole is checked on disk (`entryAt`) before it is dropped.
 */
export function matching(
  x: AlertIndex,
  q: HistoryQuery,
  entryAt: (i: number) => HistoryEntry | undefined,
): number[] {
  const out: number[] = []
  const a = x.a
  const none = (id: number) => id === -1
  const level = q.level !== undefined ? x.levels.find(q.level) : -2
  const source = q.source !== undefined ? x.sources.find(q.source) : -2
  const channel = q.channel !== undefined ? x.channels.find(q.channel) : -2
  const outcome = q.outcome !== undefined ? stateCode(q.outcome) : -2
  if (none(level) || none(source) || none(channel)) return out
  const from = q.from ? Date.parse(q.from) : -Infinity
  const to = q.to ? Date.parse(q.to) : Infinity
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  const texts = x.texts.values
  const hits = words.map((w) => {
    const m = new Uint8Array(texts.length)
    for (let k = 0; k < texts.length; k++) if (texts[k]!.includes(w)) m[k] = 1
    return m
  })
  const flags = a.flags.data
  const lv = a.level.data
  const src = a.source.data
  const time = a.time.data
  const [nm, tg, sm, ds] = [a.name.data, a.target.data, a.summary.data, a.description.data]
  const s = x.s
  const wantResolved = q.status === 'resolved' ? RESOLVED : 0
  for (let i = x.size - 1; i >= 0; i--) {
    if (q.status && (flags[i]! & RESOLVED) !== wantResolved) continue
    if (level >= 0 && lv[i] !== level) continue
    if (source >= 0 && src[i] !== source) continue
    if (channel >= 0 || outcome >= 0) {
      let found = false
      for (let k = a.slotHead.data[i]!; k !== -1 && !found; k = s.next.data[k]!) {
        if (channel >= 0 && s.chan.data[k] !== channel) continue
        if (outcome >= 0 && s.state.data[k] !== outcome) continue
        found = true
      }
      if (!found) continue
    }
    const t = time[i]!
    if (t < from || t > to) continue
    if (hits.length) {
      let all = true
      for (const m of hits)
        if (!(m[nm[i]!] || m[tg[i]!] || m[sm[i]!] || m[ds[i]!])) {
          all = false
          break
        }
      if (!all && !(flags[i]! & TRUNCATED && fullTextMatches(entryAt(i), words))) continue
    }
    out.push(i)
  }
  return out
}

function fullTextMatches(e: HistoryEntry | undefined, words: string[]): boolean {
  if (!e) return false
  const v = e.alert.vars
  const hay = [v.alarm_name, v.alarm_target, v.alarm_summary, v.alarm_description]
    .join('\n')
    .toLowerCase()
  return words.every((w) => hay.includes(w))
}
