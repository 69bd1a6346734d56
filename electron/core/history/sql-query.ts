import type { z } from 'zod'
import type { historyQuerySchema } from './query'

type Filters = Omit<z.output<typeof historyQuerySchema>, 'offset' | 'limit'>

/** Words shorter than this cannot use the trigram index: they are checked on the rows it found. */
const TRIGRAM = 3

/** A WHERE clause over `alerts a` and its parameters. */
export interface Where {
  sql: string
  params: unknown[]
}

/** FTS5 string literal: the word as written, quotes doubled. */
const literal = (w: string) => `"${w.replace(/"/g, '""')}"`
/** LIKE pattern for a substring, with the wildcards in the word escaped. */
const likeOf = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

/**
 * History's filters as SQL over `alerts a`: the columns for status, level, source and time; a
 * delivery row for channel and outcome; the FTS5 trigram index for text (every word a substring
 * of name, target, summary or description, any case). Words of one or two characters, which no
 * trigram holds, are checked on the text of the rows the other filters leave.
 */
export function whereOf(q: Filters): Where {
  const parts: string[] = []
  const params: unknown[] = []
  if (q.status) {
    parts.push('a.resolved = ?')
    params.push(q.status === 'resolved' ? 1 : 0)
  }
  if (q.level !== undefined) {
    parts.push('a.level = ?')
    params.push(q.level)
  }
  if (q.source !== undefined) {
    parts.push('a.source = ?')
    params.push(q.source)
  }
  if (q.from) {
    parts.push('a.received >= ?')
    params.push(Date.parse(q.from))
  }
  if (q.to) {
    parts.push('a.received <= ?')
    params.push(Date.parse(q.to))
  }
  if (q.channel !== undefined || q.outcome !== undefined) {
    const d: string[] = ['d.alert = a.seq']
    if (q.channel !== undefined) {
      d.push('d.channel = ?')
      params.push(q.channel)
    }
    if (q.outcome !== undefined) {
      d.push('d.state = ?')
      params.push(q.outcome)
    }
    parts.push(`EXISTS (SELECT 1 FROM deliveries d WHERE ${d.join(' AND ')})`)
  }
  const words = (q.text ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  const long = words.filter((w) => [...w].length >= TRIGRAM)
  const short = words.filter((w) => [...w].length < TRIGRAM)
  if (long.length) {
    parts.push('a.seq IN (SELECT rowid FROM alerts_text WHERE alerts_text MATCH ?)')
    params.push(long.map(literal).join(' AND '))
  }
  for (const w of short) {
    // LIKE folds ASCII case only; other scripts go through the JS fold (relay_has).
    const ascii = /^[\x20-\x7e]*$/.test(w)
    const test = ascii
      ? `(t.name LIKE ?1 ESCAPE '\\' OR t.target LIKE ?1 ESCAPE '\\' OR t.summary LIKE ?1 ESCAPE '\\' OR t.description LIKE ?1 ESCAPE '\\')`
      : 'relay_has(t.name, t.target, t.summary, t.description, ?1)'
    parts.push(
      `EXISTS (SELECT 1 FROM alerts_text t WHERE t.rowid = a.seq AND ${test.replace(/\?1/g, '?')})`,
    )
    const n = ascii ? 4 : 1
    for (let k = 0; k < n; k++) params.push(ascii ? likeOf(w) : w)
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params }
}

/** Whether a word (lower case) is in one of the fields, as JavaScript folds case. */
export function relayHas(...args: Array<string | null>): number {
  const word = args.pop()!
  return args.some((f) => (f ?? '').toLowerCase().includes(word)) ? 1 : 0
}
